/**
 * Loading and validating knowledge: the shipped folder passes; broken folders
 * (built in a temporary directory from a copy of the real knowledge, or from
 * minimal files) fail with `file:line:col message` problems an organiser can
 * act on, both through `checkKnowledge` and through the `check` CLI.
 */
import { cp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as checkMain } from '../../src/cli/check.js';
import { Hallway } from '../../src/hallway.js';
import { checkKnowledge, formatProblem, KnowledgeError, type Problem } from '../../src/knowledge/load.js';
import {
  CHECK_JS,
  cleanupTemp,
  copyOfKnowledge,
  editFile,
  EVENT_DIR,
  EVENT_ID,
  KNOWLEDGE,
  linesOf,
  positionOf,
  PROBLEM_LINE,
  requireBuilt,
  runNode,
  tempDir,
  writeMinimalEvent,
} from './helpers.js';

afterAll(cleanupTemp);

/** Runs the check CLI in-process with captured output. */
async function runCheck(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) => ({
    write(chunk: string | Uint8Array) {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    },
  });
  const io = {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
  } as unknown as NonNullable<Parameters<typeof checkMain>[1]>;
  const code = await checkMain(['--knowledge', dir], io);
  return { code, stdout, stderr };
}

/** The problems whose file is `name` (a base name such as "talks.yaml"). */
const inFile = (problems: readonly Problem[], name: string) => problems.filter((p) => basename(p.file) === name);

/** A broken knowledge folder and the problem it must produce. */
interface Broken {
  root: string;
  file: string;
  message: RegExp;
  line?: number;
  col?: number;
}

/** One broken case per loader error, built lazily and once. */
const cases: Record<string, () => Promise<Broken>> = {
  'a YAML syntax error (an unquoted title containing ": ")': async () => {
    const { root, event } = await copyOfKnowledge();
    const text = await editFile(join(event, 'talks.yaml'), (t) =>
      t.replace('  title: "Scaling: From 0 to 20 Million Users"', '  title: Scaling: From 0 to 20 Million Users'),
    );
    const { line } = positionOf(text, 'title: Scaling: From 0');
    return { root, file: 'talks.yaml', line, message: /^YAML syntax error: .+/ };
  },
  'an unknown link': async () => {
    const { root, event } = await copyOfKnowledge();
    const text = await editFile(join(event, 'talks.yaml'), (t) =>
      t.replace('  speakers:\n    - iurie-muradu\n', '  speakers: [nobody]\n'),
    );
    return {
      root,
      file: 'talks.yaml',
      ...positionOf(text, 'nobody'),
      message: /^speaker 'nobody' is not defined in speakers\.yaml$/,
    };
  },
  'a duplicate id': async () => {
    const { root, event } = await copyOfKnowledge();
    const text = await editFile(join(event, 'speakers.yaml'), (t) => t.replace('- id: kristof-gyuracz', '- id: iurie-muradu'));
    const first = positionOf(text, 'iurie-muradu', 0);
    return {
      root,
      file: 'speakers.yaml',
      ...positionOf(text, 'iurie-muradu', 1),
      message: new RegExp(`^speaker id 'iurie-muradu' is already defined at \\S*speakers\\.yaml:${first.line}:${first.col}$`),
    };
  },
  'an unknown field': async () => {
    const { root, event } = await copyOfKnowledge();
    const text = await editFile(join(event, 'tools.yaml'), (t) => t.replace(/^- id: kubernetes\n/m, '- id: kubernetes\n  colour: blue\n'));
    return { root, file: 'tools.yaml', ...positionOf(text, 'colour'), message: /unknown field 'colour'/ };
  },
  'an empty text': async () => {
    const { root, event } = await copyOfKnowledge();
    const text = await editFile(join(event, 'books.yaml'), (t) =>
      t.replace('  title: The Go Programming Language\n', '  title: "   "\n'),
    );
    return { root, file: 'books.yaml', ...positionOf(text, '"   "'), message: /title must not be empty/ };
  },
  'an alias bomb (billion laughs)': async () => {
    const { root, event } = await copyOfKnowledge();
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i <= 8; i++) {
      const prev = i === 1 ? 'a' : `l${i - 1}`;
      levels.push(`l${i}: &l${i} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    await writeFile(join(event, 'remarks.yaml'), `${levels.join('\n')}\n`);
    return { root, file: 'remarks.yaml', message: /YAML aliases/ };
  },
  'an alias bomb with few aliases that expand exponentially': async () => {
    const { root, event } = await copyOfKnowledge();
    // 5 aliases per level, 9 levels: 45 aliases in the text, 5^9 ≈ 2 million nodes if expanded.
    const levels = ['a: &a [x, x, x, x, x]'];
    for (let i = 1; i <= 9; i++) {
      const prev = i === 1 ? 'a' : `l${i - 1}`;
      levels.push(`l${i}: &l${i} [${Array(5).fill(`*${prev}`).join(', ')}]`);
    }
    await writeFile(join(event, 'remarks.yaml'), `${levels.join('\n')}\n`);
    return { root, file: 'remarks.yaml', message: /YAML aliases/ };
  },
  'a !!js/function tag': async () => {
    const { root, event } = await copyOfKnowledge();
    const text = await editFile(join(event, 'booths.yaml'), (t) =>
      t.replace('- id: sofy\n  name: Sofy\n', '- id: sofy\n  name: !!js/function "function () { globalThis.HALLWAY_PWNED = 1 }"\n'),
    );
    // The line of the tag; the column may point at the tag or at the value it tags.
    return { root, file: 'booths.yaml', line: positionOf(text, '!!js/function').line, message: /custom tag .*not allowed/ };
  },
  'a !foo tag': async () => {
    const { root, event } = await copyOfKnowledge();
    const text = await editFile(join(event, 'booths.yaml'), (t) => t.replace('- id: sofy\n  name: Sofy\n', '- id: sofy\n  name: !foo Sofy\n'));
    return { root, file: 'booths.yaml', line: positionOf(text, '!foo').line, message: /custom tag '!foo' is not allowed/ };
  },
  'a symlink to a file outside the folder': async () => {
    const { root, event } = await copyOfKnowledge();
    const outside = await tempDir('hallway-outside-');
    await writeFile(join(outside, 'booths.yaml'), await readFile(join(EVENT_DIR, 'booths.yaml')));
    await rm(join(event, 'booths.yaml'));
    await symlink(join(outside, 'booths.yaml'), join(event, 'booths.yaml'));
    return { root, file: 'booths.yaml', line: 1, col: 1, message: /outside the knowledge folder/ };
  },
  'a symlinked event folder outside the knowledge folder': async () => {
    const root = await tempDir();
    await writeMinimalEvent(root, 'real-2024');
    const outside = await tempDir('hallway-outside-');
    await writeMinimalEvent(outside, 'elsewhere-2024');
    await symlink(join(outside, 'elsewhere-2024'), join(root, 'linked'));
    return { root, file: 'linked', line: 1, col: 1, message: /outside the knowledge folder/ };
  },
  'a file over 1 MiB': async () => {
    const { root, event } = await copyOfKnowledge();
    await editFile(join(event, 'remarks.yaml'), (t) => `${t}\n# ${'x'.repeat(1024 * 1024)}\n`);
    return { root, file: 'remarks.yaml', line: 1, col: 1, message: /too large/ };
  },
  'a missing event.yaml': async () => {
    const { root, event } = await copyOfKnowledge();
    await rm(join(event, 'event.yaml'));
    return { root, file: basename(root), message: /event\.yaml/ };
  },
  'an unknown file name': async () => {
    const { root, event } = await copyOfKnowledge();
    await writeFile(join(event, 'speaker.yaml'), '- id: x\n  name: X\n');
    return { root, file: 'speaker.yaml', line: 1, col: 1, message: /unknown knowledge file 'speaker\.yaml'/ };
  },
  'a list file that is not a list': async () => {
    const root = await tempDir();
    const dir = await writeMinimalEvent(root);
    await writeFile(join(dir, 'talks.yaml'), 'id: t\ntitle: T\nsummary: S\n');
    return { root, file: 'talks.yaml', line: 1, col: 1, message: /must be a list/ };
  },
  'two events with the same id': async () => {
    const { root } = await copyOfKnowledge();
    await writeMinimalEvent(root, 'zz-copy', 'Copy');
    await writeFile(join(root, 'zz-copy', 'event.yaml'), `id: ${EVENT_ID}\nname: Copy\nsummary: Same id again.\n`);
    return { root, file: 'event.yaml', message: new RegExp(`event id '${EVENT_ID}' is already used`) };
  },
};

const built = new Map<string, Promise<Broken>>();
const build = (name: string) => {
  let b = built.get(name);
  if (!b) built.set(name, (b = cases[name]!()));
  return b;
};

function expectProblem(problems: readonly Problem[], b: Broken): Problem {
  const found = problems.find((p) => basename(p.file) === b.file && b.message.test(p.message));
  expect(found, `a problem in ${b.file} matching ${b.message}; got:\n${problems.map(formatProblem).join('\n')}`).toBeDefined();
  if (b.line !== undefined) expect(found!.line, 'line').toBe(b.line);
  if (b.col !== undefined) expect(found!.col, 'column').toBe(b.col);
  return found!;
}

describe('the shipped knowledge', () => {
  it('passes the check with every kind of entity', async () => {
    const { problems, knowledge } = await checkKnowledge(KNOWLEDGE);
    expect(problems.map(formatProblem)).toEqual([]);
    expect(knowledge).toBeDefined();
    expect(knowledge!.events.map((e) => e.id)).toEqual([EVENT_ID]);
    for (const kind of ['talk', 'speaker', 'tool', 'booth', 'book'] as const) {
      expect(knowledge!.all(kind).length, kind).toBeGreaterThan(0);
    }
  });

  it('resolves links in both directions', async () => {
    const { knowledge } = await checkKnowledge(KNOWLEDGE);
    const talk = knowledge!.get('talk', EVENT_ID, 'service-mesh-observability-security');
    const kuma = knowledge!.get('tool', EVENT_ID, 'kuma');
    const speaker = knowledge!.get('speaker', EVENT_ID, 'philipp-kuersten');
    expect(knowledge!.linked(talk!, 'tool').map((t) => t.id)).toContain('kuma');
    expect(knowledge!.linked(kuma!, 'talk').map((t) => t.id)).toContain(talk!.id);
    expect(knowledge!.linked(speaker!, 'talk').map((t) => t.id)).toContain(talk!.id);
  });

  it('the check CLI exits 0 on it', async () => {
    const { code, stdout, stderr } = await runCheck(KNOWLEDGE);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/knowledge ok/);
  });

  it('the built check script exits 0 with the default folder', () => {
    requireBuilt();
    const r = runNode(CHECK_JS, []);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toBe('');
  });
});

describe('broken knowledge folders', () => {
  describe.each(Object.keys(cases))('%s', (name) => {
    it('is reported by checkKnowledge with file, line and column', async () => {
      const b = await build(name);
      const { problems, knowledge } = await checkKnowledge(b.root);
      expect(knowledge).toBeUndefined();
      const p = expectProblem(problems, b);
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.col).toBeGreaterThanOrEqual(1);
      expect(formatProblem(p)).toMatch(PROBLEM_LINE);
    });

    it('makes the check CLI exit 1 with one file:line:col line per problem', async () => {
      const b = await build(name);
      const { code, stdout } = await runCheck(b.root);
      expect(code).toBe(1);
      const lines = linesOf(stdout);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).toMatch(PROBLEM_LINE);
      const ours = lines.filter((l) => l.includes(b.file));
      expect(ours.some((l) => b.message.test(l.replace(/^\S+:\d+:\d+ /, ''))), stdout).toBe(true);
    });
  });

  it('an unknown link is the only problem, in exactly the words an organiser reads', async () => {
    const b = await build('an unknown link');
    const { problems } = await checkKnowledge(b.root);
    expect(problems).toHaveLength(1);
    expect(formatProblem(problems[0]!)).toMatch(
      new RegExp(`talks\\.yaml:${b.line}:${b.col} speaker 'nobody' is not defined in speakers\\.yaml$`),
    );
  });

  it('a custom tag is never executed or turned into an object', async () => {
    const g = globalThis as { HALLWAY_PWNED?: unknown };
    delete g.HALLWAY_PWNED;
    const b = await build('a !!js/function tag');
    const { problems } = await checkKnowledge(b.root);
    expect(inFile(problems, 'booths.yaml').some((p) => /custom tag/.test(p.message))).toBe(true);
    expect(g.HALLWAY_PWNED).toBeUndefined();
  });

  it('Hallway.load rejects a broken folder with a KnowledgeError listing the problems', async () => {
    const b = await build('an unknown link');
    const err = await Hallway.load(b.root).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(KnowledgeError);
    const ke = err as KnowledgeError;
    expect(ke.problems.length).toBeGreaterThan(0);
    expect(ke.message).toContain("speaker 'nobody' is not defined in speakers.yaml");
  });

  it('a knowledge folder that does not exist is a problem, not a crash', async () => {
    const root = await tempDir();
    const { problems, knowledge } = await checkKnowledge(join(root, 'nope'));
    expect(knowledge).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/not found/);
    const { code, stdout } = await runCheck(join(root, 'nope'));
    expect(code).toBe(1);
    for (const line of linesOf(stdout)) expect(line).toMatch(PROBLEM_LINE);
  });

  it('the size cap is an option', async () => {
    const { problems } = await checkKnowledge(KNOWLEDGE, { maxFileBytes: 2_000 });
    expect(inFile(problems, 'talks.yaml').some((p) => /too large/.test(p.message))).toBe(true);
  });

  // An event folder that lost its event.yaml must not vanish silently with all its talks.
  it('a second event folder without event.yaml is reported, not skipped', async () => {
    const { root } = await copyOfKnowledge();
    const other = await writeMinimalEvent(root, 'other-2024', 'OtherCon 2024');
    await writeFile(join(other, 'talks.yaml'), '- id: lonely\n  title: A lonely talk\n  summary: Nobody will find it.\n');
    await rm(join(other, 'event.yaml'));
    const { problems } = await checkKnowledge(root);
    expect(problems.some((p) => p.file.includes('other-2024') && /event\.yaml/.test(`${p.file} ${p.message}`))).toBe(true);
  });

  it('the built check script exits 1 and prints only file:line:col lines', async () => {
    requireBuilt();
    for (const name of ['a YAML syntax error (an unquoted title containing ": ")', 'an unknown link', 'an alias bomb (billion laughs)']) {
      const b = await build(name);
      const r = runNode(CHECK_JS, ['--knowledge', b.root]);
      expect(r.status, name).toBe(1);
      const lines = linesOf(r.stdout);
      expect(lines.length, name).toBeGreaterThan(0);
      for (const line of lines) expect(line).toMatch(PROBLEM_LINE);
      expect(lines.some((l) => l.includes(b.file)), name).toBe(true);
    }
  }, 90_000);
});

describe('what the loader accepts', () => {
  it('a minimal event with only event.yaml', async () => {
    const root = await tempDir();
    await writeMinimalEvent(root, 'mini-2024', 'MiniCon 2024');
    const { problems, knowledge } = await checkKnowledge(root);
    expect(problems).toEqual([]);
    expect(knowledge!.events.map((e) => e.id)).toEqual(['mini-2024']);
  });

  it('an event folder given directly', async () => {
    const { problems, knowledge } = await checkKnowledge(EVENT_DIR);
    expect(problems).toEqual([]);
    expect(knowledge!.events.map((e) => e.id)).toEqual([EVENT_ID]);
  });

  it('a few anchors and aliases, and the core tags such as !!str', async () => {
    const root = await tempDir();
    const dir = await writeMinimalEvent(root);
    await writeFile(
      join(dir, 'talks.yaml'),
      [
        '- id: first',
        '  title: !!str 2024',
        '  summary: The first talk.',
        '  tags: &common [kubernetes, security]',
        '- id: second',
        '  title: Second',
        '  summary: The second talk.',
        '  tags: *common',
        '',
      ].join('\n'),
    );
    const { problems, knowledge } = await checkKnowledge(root);
    expect(problems.map(formatProblem)).toEqual([]);
    expect(knowledge!.get('talk', 'mini-2024', 'first')!.label).toBe('2024');
    expect(knowledge!.get('talk', 'mini-2024', 'second')!.tags).toEqual(['kubernetes', 'security']);
  });

  it('a whole number written bare as text (a title, a tag, an alias) is read as its digits; a number with a point must be quoted', async () => {
    const root = await tempDir();
    const dir = await writeMinimalEvent(root);
    const talk = (tags: string) => ['- id: first', '  title: 2048', '  summary: The first talk.', '  aliases: [2024]', `  tags: ${tags}`, ''].join('\n');
    await writeFile(join(dir, 'talks.yaml'), talk('[october, 2026]'));
    const { problems, knowledge } = await checkKnowledge(root);
    expect(problems.map(formatProblem)).toEqual([]);
    const first = knowledge!.get('talk', 'mini-2024', 'first')!;
    expect(first.label).toBe('2048');
    expect(first.tags).toEqual(['october', '2026']);
    expect(first.aliases).toEqual(['2024']);

    await writeFile(join(dir, 'talks.yaml'), talk('[1.10]'));
    const again = await checkKnowledge(root);
    expect(again.problems.map((p) => p.message)).toEqual([expect.stringMatching(/a tag must be text/)]);
  });

  it('a symlink to a file inside the folder', async () => {
    const { root, event } = await copyOfKnowledge();
    await mkdir(join(root, 'shared'));
    // Not named *.yaml: a folder of YAML files without event.yaml is reported as an event missing it.
    await writeFile(join(root, 'shared', 'books.data'), await readFile(join(EVENT_DIR, 'books.yaml')));
    await rm(join(event, 'books.yaml'));
    await symlink(join(root, 'shared', 'books.data'), join(event, 'books.yaml'));
    const { problems, knowledge } = await checkKnowledge(root);
    expect(problems.map(formatProblem)).toEqual([]);
    expect(knowledge!.all('book').length).toBeGreaterThan(0);
  });

  it('two events side by side, one folder each', async () => {
    const { root } = await copyOfKnowledge();
    const other = join(root, 'othercon-2024');
    await cp(EVENT_DIR, other, { recursive: true });
    await editFile(join(other, 'event.yaml'), (t) =>
      t.replace(`id: ${EVENT_ID}`, 'id: othercon-2024').replace('name: DevOpsCon 2023', 'name: OtherCon 2024'),
    );
    const { problems, knowledge } = await checkKnowledge(root);
    expect(problems.map(formatProblem)).toEqual([]);
    expect(knowledge!.events.map((e) => e.id).sort()).toEqual([EVENT_ID, 'othercon-2024']);
    // The same ids live in both events without clashing.
    expect(knowledge!.get('talk', EVENT_ID, 'kubernetes-operators')).toBeDefined();
    expect(knowledge!.get('talk', 'othercon-2024', 'kubernetes-operators')).toBeDefined();
    const other2024Talk = knowledge!.get('talk', 'othercon-2024', 'kubernetes-operators')!;
    expect(knowledge!.linked(other2024Talk, 'speaker').every((s) => s.event === 'othercon-2024')).toBe(true);

    const hallway = new Hallway(knowledge!);
    expect(hallway.help().lead).toContain('OtherCon 2024');
    expect(hallway.help().lead).toContain('DevOpsCon 2023');
    const reply = hallway.open({ kind: 'talk', event: 'othercon-2024', id: 'kubernetes-operators' });
    expect(reply?.source?.event?.label).toBe('OtherCon 2024');
    expect(hallway.ask('/talk kuma').hits[0]?.id).toBe('service-mesh-observability-security');
    const { code } = await runCheck(root);
    expect(code).toBe(0);
  });
});

describe('loader safety, end to end', () => {
  let bomb: Broken;
  beforeAll(async () => {
    bomb = await build('an alias bomb (billion laughs)');
  });

  it('an alias bomb makes Hallway.load fail with a clear message instead of expanding', async () => {
    const err = await Hallway.load(bomb.root).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(KnowledgeError);
    expect((err as KnowledgeError).problems.some((p) => /alias/i.test(p.message) && p.file.endsWith('remarks.yaml'))).toBe(true);
  });
});
