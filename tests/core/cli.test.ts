/**
 * The JSON contract of `ask --json`, checked on the built script exactly as a
 * caller runs it: `node dist/src/cli/ask.js --json "<text>"`, or texts on
 * standard input, one JSON object per line.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASK_JS, cleanupTemp, linesOf, requireBuilt, runNode, tempDir, writeMinimalEvent } from './helpers.js';

const KINDS = ['talk', 'speaker', 'tool', 'booth', 'book', 'event'];
const FIELDS = ['answered', 'hits', 'query', 'text'];

interface AskJson {
  query: string;
  answered: boolean;
  text: string;
  hits: Array<{ kind: string; id: string; title: string; score: number }>;
}

/** Checks one parsed object against the contract, field by field, and returns it typed. */
function expectContract(value: unknown): AskJson {
  expect(value).toBeTypeOf('object');
  expect(value).not.toBeNull();
  const o = value as Record<string, unknown>;
  // \`full\` (the whole card behind "More") is there only when it says more than \`text\`.
  expect(Object.keys(o).filter((k) => k !== 'full').sort()).toEqual(FIELDS);
  if ('full' in o) expect((o as { full: string }).full.length).toBeGreaterThan((o as { text: string }).text.length);
  expect(o.query).toBeTypeOf('string');
  expect(o.answered).toBeTypeOf('boolean');
  expect(o.text).toBeTypeOf('string');
  expect((o.text as string).length).toBeGreaterThan(0);
  expect(Array.isArray(o.hits)).toBe(true);
  for (const hit of o.hits as unknown[]) {
    const h = hit as Record<string, unknown>;
    expect(Object.keys(h).sort()).toEqual(['id', 'kind', 'score', 'title']);
    expect(KINDS).toContain(h.kind);
    expect(h.id).toBeTypeOf('string');
    expect((h.id as string).length).toBeGreaterThan(0);
    expect(h.title).toBeTypeOf('string');
    expect(h.score).toBeTypeOf('number');
    expect(Number.isFinite(h.score)).toBe(true);
  }
  if (o.answered === false) expect(o.hits).toEqual([]);
  return o as unknown as AskJson;
}

function askJson(args: string[], input?: string) {
  const r = runNode(ASK_JS, ['--json', ...args], input);
  return { ...r, lines: linesOf(r.stdout) };
}

beforeAll(() => {
  requireBuilt();
});
afterAll(cleanupTemp);

describe('ask --json with one text', () => {
  it('prints exactly one JSON object that follows the contract', () => {
    const r = askJson(['/talk kuma']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.lines).toHaveLength(1);
    const out = expectContract(JSON.parse(r.lines[0]!));
    expect(out.query).toBe('/talk kuma');
    expect(out.answered).toBe(true);
    expect(out.hits[0]).toMatchObject({ kind: 'talk', id: 'service-mesh-observability-security' });
    expect(out.text).toMatch(/Kuma/);
  });

  it('joins several arguments into one text', () => {
    const r = askJson(['/tool', 'thread', 'dump']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.lines).toHaveLength(1);
    const out = expectContract(JSON.parse(r.lines[0]!));
    expect(out.query).toBe('/tool thread dump');
    expect(out.answered).toBe(true);
    expect(out.hits[0]!.kind).toBe('tool');
  });

  it('hits are best first: scores never rise', () => {
    const out = expectContract(JSON.parse(askJson(['who presented Tetragon']).lines[0]!));
    expect(out.hits.length).toBeGreaterThan(0);
    for (let i = 1; i < out.hits.length; i++) expect(out.hits[i]!.score).toBeLessThanOrEqual(out.hits[i - 1]!.score);
    expect(out.hits[0]).toMatchObject({ kind: 'speaker', id: 'nico-meisenzahl' });
  });

  it('an unrelated question is not answered and has no hits', () => {
    const r = askJson(['recipe for apple strudel']);
    expect(r.status).toBe(0);
    const out = expectContract(JSON.parse(r.lines[0]!));
    expect(out.answered).toBe(false);
    expect(out.hits).toEqual([]);
    expect(out.text).toMatch(/nothing|no answer/i);
  });
});

describe('ask --json with texts on standard input', () => {
  const questions = [
    '/talk kuma',
    'recipe for apple strudel',
    '',
    'who demonstrated building an operator',
    '/tool thread dump',
    'Meisenzah',
    '/help',
    'weather in Berlin',
  ];

  it('prints one JSON object per line, in order, as many as there were lines', () => {
    const r = askJson([], `${questions.join('\n')}\n`);
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout.split('\n');
    expect(out.at(-1)).toBe('');
    const objects = out.slice(0, -1).map((l) => expectContract(JSON.parse(l)));
    expect(objects).toHaveLength(questions.length);
    expect(objects.map((o) => o.query)).toEqual(questions);

    const [kuma, strudel, empty, operator, threads, nico, help, weather] = objects;
    expect(kuma!.answered).toBe(true);
    expect(kuma!.hits[0]!.id).toBe('service-mesh-observability-security');
    expect(strudel!.answered).toBe(false);
    expect(empty!.answered).toBe(false);
    expect(empty!.text).toMatch(/\/talk/);
    expect(operator!.hits[0]).toMatchObject({ kind: 'speaker', id: 'iurie-muradu' });
    expect(threads!.hits[0]!.kind).toBe('tool');
    expect(nico!.hits[0]).toMatchObject({ kind: 'speaker', id: 'nico-meisenzahl' });
    expect(help!.answered).toBe(false);
    expect(weather!.answered).toBe(false);
  });

  it('handles a last line without a newline and Windows line ends', () => {
    const r = askJson([], '/talk kuma\r\nMeisenzah');
    expect(r.status, r.stderr).toBe(0);
    expect(r.lines).toHaveLength(2);
    const [a, b] = r.lines.map((l) => expectContract(JSON.parse(l)));
    expect(a!.query).toBe('/talk kuma');
    expect(a!.hits[0]!.id).toBe('service-mesh-observability-security');
    expect(b!.hits[0]!.id).toBe('nico-meisenzahl');
  });

  it('survives hostile lines: a huge paste, control characters, markup', () => {
    const lines = ['x'.repeat(10_000), '\u0000\u0007\u202E', '<!channel> <@U1> /talk kuma', '{"json": true}'];
    const r = askJson([], `${lines.join('\n')}\n`);
    expect(r.status, r.stderr).toBe(0);
    expect(r.lines).toHaveLength(lines.length);
    const objects = r.lines.map((l) => expectContract(JSON.parse(l)));
    expect(objects[2]!.hits[0]!.id).toBe('service-mesh-observability-security');
  });

  it('prints nothing for empty input', () => {
    const r = askJson([], '');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
  });
});

describe('ask errors', () => {
  it('--knowledge to a broken folder exits 1 with the problem on stderr', async () => {
    const root = await tempDir();
    const dir = await writeMinimalEvent(root);
    await writeFile(join(dir, 'talks.yaml'), '- id: t1\n  title: T\n  summary: S\n  speakers: [nobody]\n');
    const r = askJson(['--knowledge', root, '/talk kuma']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/talks\.yaml:4:14 speaker 'nobody' is not defined in speakers\.yaml/);
  });

  it('--knowledge to a missing folder exits 1 and says so', async () => {
    const root = await tempDir();
    const r = askJson(['--knowledge', join(root, 'nope'), 'kuma']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/not found/);
  });

  it('--knowledge to another valid folder answers from it', async () => {
    const root = await tempDir();
    await writeMinimalEvent(root, 'mini-2024', 'MiniCon 2024');
    const r = askJson(['--knowledge', root, '/help']);
    expect(r.status, r.stderr).toBe(0);
    const out = expectContract(JSON.parse(r.lines[0]!));
    expect(out.text).toContain('MiniCon 2024');
    expect(out.text).not.toContain('DevOpsCon 2023');
  });

  it('an unknown flag exits non-zero with usage on stderr', () => {
    const r = runNode(ASK_JS, ['--no-such-flag']);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/usage/i);
  });
});

describe('plain mode', () => {
  it('prints the reply as text, title first', () => {
    const r = runNode(ASK_JS, ['/talk kuma']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Advanced Observability & Security for your Kubernetes with a modern Service Mesh');
    expect(r.stdout).toMatch(/Kuma/);
    expect(() => JSON.parse(r.stdout)).toThrow();
  });

  it('matches the text field of --json', () => {
    const plain = runNode(ASK_JS, ['/tool thread dump']);
    const json = expectContract(JSON.parse(askJson(['/tool thread dump']).lines[0]!));
    expect(plain.stdout.trimEnd()).toBe(json.text);
  }, 60_000);

  it('prints one reply per line for texts on standard input', () => {
    const r = runNode(ASK_JS, [], '/talk kuma\nrecipe for apple strudel\nMeisenzah\n');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').slice(0, -1);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Advanced Observability/);
    expect(lines[1]).toMatch(/No answer/i);
    expect(lines[2]).toMatch(/Meisenzahl/);
  });
});
