/**
 * Chat-shaped replies and the reading that holds for any conference: the
 * length budget over whole question sets (DevOpsCon's and a fictional
 * conference's), the whole card behind "More", a conference's own words from
 * its event.yaml, and the inputs that must get no answer on either conference.
 */
import { readFileSync } from 'node:fs';
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LENGTH_BUDGET, maxNameRepeats, passes } from '../../src/cli/eval.js';
import { Hallway } from '../../src/hallway.js';
import { renderPlain } from '../../src/render/plain.js';
import { EVENT_ID, KNOWLEDGE, ROOT, tempDir } from './helpers.js';

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'knowledge');

interface Case {
  q: string;
  tag?: string;
  any?: string[];
  none?: boolean;
}
const casesOf = (file: string): Case[] =>
  readFileSync(join(ROOT, 'eval', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Case);

let devopscon: Hallway;
let harbour: Hallway;
beforeAll(async () => {
  devopscon = await Hallway.load(KNOWLEDGE, { cache: { cacheDir: false } });
  harbour = await Hallway.load(FIXTURES, { cache: { cacheDir: false } });
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

describe.each([
  ['DevOpsCon', 'devopscon.jsonl', () => devopscon],
  ['a fictional data conference', 'harbourlight-2025.jsonl', () => harbour],
])('the chat budget over %s', (_name, file, hallway) => {
  it('answers read at a glance: median ≤ 400 and p90 ≤ 900 characters', () => {
    const lengths = casesOf(file)
      .map((c) => hallway().ask(c.q))
      .filter((r) => r.status === 'answer')
      .map((r) => renderPlain(r).length)
      .sort((a, b) => a - b);
    expect(lengths.length).toBeGreaterThan(50);
    expect(percentile(lengths, 0.5)).toBeLessThanOrEqual(LENGTH_BUDGET.median);
    expect(percentile(lengths, 0.9)).toBeLessThanOrEqual(LENGTH_BUDGET.p90);
  });

  it('a name is written at most twice, but where the notes themselves repeat it (≤ 5% of answers)', () => {
    const answers = casesOf(file)
      .map((c) => hallway().ask(c.q))
      .filter((r) => r.status === 'answer');
    const over = answers.filter((r) => maxNameRepeats(r) > LENGTH_BUDGET.maxNameRepeats);
    expect(over.length / answers.length).toBeLessThanOrEqual(0.05);
    // Never the structural repeats of old: the same title in lead, field, list, source and button.
    expect(Math.max(...answers.map(maxNameRepeats))).toBeLessThanOrEqual(3);
  });

  it('no chat answer offers two buttons with the same label (a tool and a booth of one name)', () => {
    for (const c of casesOf(file)) {
      const labels = hallway().ask(c.q).related.map((r) => r.label);
      expect(new Set(labels).size, c.q).toBe(labels.length);
    }
  });

  it('answers most of the question set correctly (a floor, not a target)', () => {
    const cases = casesOf(file);
    const ok = cases.filter((c) => passes(c, hallway().ask(c.q))).length;
    expect(ok / cases.length).toBeGreaterThanOrEqual(0.8);
  });
});

describe('the whole card behind "More"', () => {
  it('a chat answer says it has more; the whole card lists every key point and has no further "More"', () => {
    const short = devopscon.command('talk', 'kuma');
    expect(short.status).toBe('answer');
    expect(short.more).toBe(true);
    expect(short.sections).toEqual([]);
    expect(short.related.length).toBeLessThanOrEqual(3);
    const full = devopscon.command('talk', 'kuma', {}, 'full');
    expect(full.more).toBeUndefined();
    expect(full.title).toBe(short.title);
    const talk = devopscon.knowledge.get('talk', EVENT_ID, full.hits[0]!.id);
    expect(talk?.kind).toBe('talk');
    const text = renderPlain(full);
    for (const point of talk!.kind === 'talk' ? talk!.data.points : []) expect(text).toContain(point.text);
    expect(text.length).toBeGreaterThan(renderPlain(short).length * 2);
  });

  it('opening an entity works at both lengths', () => {
    const ref = { kind: 'tool', event: EVENT_ID, id: 'kuma' } as const;
    expect(renderPlain(devopscon.open(ref, 'full')!).length).toBeGreaterThan(renderPlain(devopscon.open(ref)!).length);
  });

  it('a question about one point leads with that point, not the talk summary', () => {
    const reply = devopscon.ask('what did manoj say about iam');
    expect(reply.lead).toMatch(/IAM/);
    expect(reply.lead.indexOf('IAM')).toBeLessThan(200);
  });
});

describe('reading that holds for any conference', () => {
  it.each([
    'SELECT * FROM speakers',
    'DROP TABLE talks;--',
    '{{7*7}}',
    '${7*7}',
    'undefined',
    'null',
    '[object Object]',
    '<script>alert(1)</script>',
    '7 7',
    'asdf qwerty',
    'how tall is mount everest',
    '../../etc/passwd',
    '/etc/shadow',
  ])('“%s” gets no answer on either conference', (text) => {
    expect(devopscon.ask(text).status).toBe('no-answer');
    expect(harbour.ask(text).status).toBe('no-answer');
  });

  it('a filler word or an uncorrectable typo does not sink a match of the rest', () => {
    expect(devopscon.ask('wat is tetragn').hits[0]?.id).toBe('tetragon');
    expect(devopscon.ask('isito kafka talk').status).toBe('answer');
  });

  it('a misspelt question word is no part of the question ("whihc", "abotu")', () => {
    for (const [hallway, text] of [
      [devopscon, 'whihc tool shows free disk space'],
      [harbour, 'whihc tool finds wrong lables'],
      [devopscon, 'who tlaked abotu parca'],
    ] as const) {
      expect(hallway.ask(text).status, text).toBe('answer');
    }
  });

  it('a ticket question leads with a ticket, whichever fact also mentions tickets', () => {
    const reply = harbour.ask('how much is a ticket');
    const tickets = harbour.knowledge.events[0]!.event.data.tickets;
    expect(tickets.some((t) => reply.lead.startsWith(t.name))).toBe(true);
  });

  it('a price question matching several passes equally names each of them', () => {
    const reply = harbour.ask('how much is a pass');
    const passes = harbour.knowledge.events[0]!.event.data.tickets.filter((t) => /pass/i.test(t.name));
    expect(passes.length).toBeGreaterThan(1);
    for (const t of passes.slice(0, 3)) expect(reply.lead).toContain(t.name);
  });

  it('a multi-part question answers the known part and names the unknown one', () => {
    const reply = devopscon.ask('where is the venue and is there a cloakroom?');
    expect(reply.status).toBe('answer');
    expect(reply.lead).toMatch(/Friedrichstra/);
    expect(reply.lead).toMatch(/nothing about “is there a cloakroom”/);
  });

  it('"who made X" never offers the speaker who mentioned X as its maker', () => {
    for (const [hallway, text] of [
      [devopscon, 'who made GCeasy?'],
      [harbour, 'who made DuckDB?'],
      [harbour, 'who built Feast'],
    ] as const) {
      const reply = hallway.ask(text);
      expect(reply.status, text).toBe('answer');
      expect(reply.hits[0]!.kind, text).toBe('tool');
      expect(reply.lead, text).toMatch(/mentioned in/i);
    }
  });

  it("an event's own words (event.yaml vocabulary) teach a synonym and a stop word", async () => {
    const dir = await tempDir();
    await cp(join(FIXTURES, 'harbourlight-2025'), join(dir, 'harbourlight-2025'), { recursive: true });
    const before = await Hallway.load(dir, { cache: { cacheDir: false } });
    // "quackbase" is nobody's word for DuckDB, and "zorp" is noise, until the organisers say so.
    expect(before.ask('quackbase zorp').status).toBe('no-answer');
    const eventFile = join(dir, 'harbourlight-2025', 'event.yaml');
    const yaml = readFileSync(eventFile, 'utf8');
    await writeFile(eventFile, `${yaml}\nvocabulary:\n  synonyms:\n    - [quackbase, duckdb]\n  stop_words: [zorp]\n`);
    const after = await Hallway.load(dir, { cache: { cacheDir: false } });
    const reply = after.ask('quackbase zorp');
    expect(reply.status).toBe('answer');
    expect(renderPlain(reply)).toMatch(/DuckDB/);
  });

  it('help, bare commands and no-answer replies name only the loaded conference', () => {
    const devopsNames = ['kuma', 'heap dump', 'Sofascore', 'MongoDB'];
    for (const reply of [harbour.ask('/help'), harbour.ask('/talk'), harbour.ask('/tool'), harbour.ask('recipe for banana bread')]) {
      const text = renderPlain(reply);
      for (const name of devopsNames) expect(text.toLowerCase()).not.toContain(name.toLowerCase());
    }
  });
});
