/**
 * `npm run --silent eval -- [FILE.jsonl ...] [--knowledge DIR] [--lengths] [--verbose]`
 *
 * Without a file, every set in `eval/` is run against its own conference
 * (`eval/<id>.jsonl` with the folder `<id>` or `<id>-…` under `knowledge/`,
 * `tests/fixtures/knowledge/` or `eval/knowledge/`).
 *
 * Runs question sets (JSON Lines, as in `eval/`: `{"q", "any": [...]}` or
 * `{"q", "none": true}`, optional `"tag"`) through the core in this process and
 * prints the share answered correctly per tag, by the same rule as the shared
 * scorer: a keyword counts when it appears, not inside a longer word, in the
 * top hit's title or the first 800 characters of the plain reply.
 *
 * With `--lengths` it also prints the chat budget of the answered replies: the
 * median and 90th percentile of the plain reply's length (budget 400 / 900
 * characters) and how often one entity's name is written more than twice in
 * one reply (budget: never). Exit 1 when a budget is broken.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readCoreConfig } from '../config.js';
import { Hallway } from '../hallway.js';
import { KnowledgeError } from '../knowledge/load.js';
import type { Reply } from '../reply.js';
import { renderPlain } from '../render/plain.js';

interface Case {
  readonly q: string;
  readonly tag?: string;
  readonly any?: readonly string[];
  readonly none?: boolean;
}

/** The chat budget for answered replies, in characters of plain text. */
export const LENGTH_BUDGET = Object.freeze({ median: 400, p90: 900, maxNameRepeats: 2 });

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when `keyword` appears in `text`, not inside a longer word (case-insensitive). */
function containsKeyword(text: string, keyword: string): boolean {
  const pre = /^[\p{L}\p{N}]/u.test(keyword) ? '(?<![\\p{L}\\p{N}])' : '';
  const post = /[\p{L}\p{N}]$/u.test(keyword) ? '(?![\\p{L}\\p{N}])' : '';
  return new RegExp(pre + escapeRegExp(keyword) + post, 'iu').test(text);
}

export function passes(c: Case, reply: Reply): boolean {
  const answered = reply.status === 'answer';
  if (c.none) return !answered;
  const window = `${answered ? (reply.hits[0]?.title ?? '') : ''}\n${renderPlain(reply).slice(0, 800)}`;
  return answered && (c.any ?? []).some((k) => containsKeyword(window, k));
}

/**
 * How often the most repeated entity name (of the reply's hits and links) is
 * written in its plain text, as a whole word. Longer names are counted first
 * and blanked, so "Istio" inside the title "Tackling challenges in Istio and
 * Kafka" is that title, not another mention of the tool.
 */
export function maxNameRepeats(reply: Reply): number {
  let text = renderPlain(reply);
  const names = [...new Set([...reply.hits.map((h) => h.title), ...reply.related.map((r) => r.label)])]
    .filter((n) => n.length >= 4)
    .sort((a, b) => b.length - a.length);
  let max = 0;
  for (const name of names) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(name)}(?![\\p{L}\\p{N}])`, 'gu');
    max = Math.max(max, text.match(pattern)?.length ?? 0);
    text = text.replace(pattern, '\u0000');
  }
  return max;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

const USAGE = 'usage: npm run --silent eval -- [FILE.jsonl ...] [--knowledge DIR] [--lengths] [--verbose]';

/**
 * Where the question sets of `eval/` find their conference, by the set's name
 * up to its first dot ("myconf" and "myconf.heldout-1" → knowledge/myconf-2024).
 */
const KNOWLEDGE_ROOTS = ['knowledge', join('tests', 'fixtures', 'knowledge'), join('eval', 'knowledge')];

/** Every `eval/*.jsonl` with the knowledge folder whose event it is about; sets without one are left out. */
function defaultSets(): Array<{ file: string; knowledge: string }> {
  if (!existsSync('eval')) return [];
  const sets: Array<{ file: string; knowledge: string }> = [];
  for (const name of readdirSync('eval').filter((f) => f.endsWith('.jsonl')).sort()) {
    const id = name.replace(/\.jsonl$/, '').split('.')[0]!;
    // The event's own folder, loaded alone: a set is about one conference, as a deployment usually is.
    for (const root of KNOWLEDGE_ROOTS) {
      const dir = existsSync(root) ? readdirSync(root).find((d) => d === id || d.startsWith(`${id}-`)) : undefined;
      if (dir) {
        sets.push({ file: join('eval', name), knowledge: join(root, dir) });
        break;
      }
    }
  }
  return sets;
}

export async function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { knowledge: { type: 'string' }, lengths: { type: 'boolean', default: false }, verbose: { type: 'boolean', default: false } },
    });
  } catch (err) {
    io.stderr.write(`hallway/eval: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.positionals.length === 0) {
    // Every set in eval/, each against its own conference.
    const sets = defaultSets();
    if (sets.length === 0) {
      io.stderr.write(`hallway/eval: no question sets in eval/; name one\n${USAGE}\n`);
      return 2;
    }
    let code = 0;
    for (const set of sets) {
      io.stdout.write(`== ${set.file} (--knowledge ${set.knowledge})\n`);
      const flags = [...(args.values.lengths ? ['--lengths'] : []), ...(args.values.verbose ? ['--verbose'] : [])];
      code = Math.max(code, await main([set.file, '--knowledge', set.knowledge, ...flags], io));
    }
    return code;
  }
  let hallway: Hallway;
  try {
    hallway = await Hallway.load(args.values.knowledge ?? readCoreConfig().knowledgeDir);
  } catch (err) {
    io.stderr.write(`${err instanceof KnowledgeError ? err.message : `hallway/eval: ${(err as Error).message}`}\n`);
    return 1;
  }
  let cases: Case[];
  try {
    cases = args.positionals.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as Case),
    );
  } catch (err) {
    io.stderr.write(`hallway/eval: ${(err as Error).message}\n`);
    return 1;
  }

  const byTag = new Map<string, [number, number]>();
  const lengths: number[] = [];
  let overRepeated = 0;
  let worstRepeat = 0;
  let passed = 0;
  for (const c of cases) {
    const reply = hallway.ask(c.q);
    const ok = passes(c, reply);
    const tally = byTag.get(c.tag ?? 'all') ?? [0, 0];
    byTag.set(c.tag ?? 'all', [tally[0] + (ok ? 1 : 0), tally[1] + 1]);
    if (ok) passed++;
    if (!ok || args.values.verbose) {
      io.stdout.write(`${ok ? 'ok  ' : 'MISS'} [${c.tag ?? 'all'}] ${c.q}\n`);
      if (!ok) io.stdout.write(`      got: ${renderPlain(reply).replace(/\s+/g, ' ').slice(0, 160)}\n`);
    }
    if (reply.status === 'answer') {
      lengths.push(renderPlain(reply).length);
      const repeats = maxNameRepeats(reply);
      worstRepeat = Math.max(worstRepeat, repeats);
      if (repeats > LENGTH_BUDGET.maxNameRepeats) {
        overRepeated++;
        if (args.values.lengths) io.stdout.write(`REPEAT ${repeats}× in the reply to: ${c.q}\n`);
      }
    }
  }
  for (const [tag, [p, n]] of byTag) io.stdout.write(`  ${tag}: ${p}/${n}\n`);
  io.stdout.write(`accuracy ${((100 * passed) / Math.max(1, cases.length)).toFixed(1)}%\n`);
  let ok = true;
  if (args.values.lengths) {
    lengths.sort((a, b) => a - b);
    const median = percentile(lengths, 0.5);
    const p90 = percentile(lengths, 0.9);
    ok = median <= LENGTH_BUDGET.median && p90 <= LENGTH_BUDGET.p90 && overRepeated === 0;
    io.stdout.write(
      `reply length of ${lengths.length} answers: median ${median}, p90 ${p90}, max ${lengths.at(-1) ?? 0} characters ` +
        `(budget ${LENGTH_BUDGET.median} / ${LENGTH_BUDGET.p90}); most repeated name ${worstRepeat}×, ` +
        `${overRepeated} replies over ${LENGTH_BUDGET.maxNameRepeats}× — ${ok ? 'within budget' : 'OVER BUDGET'}\n`,
    );
  }
  io.stdout.write(`${passed} passed, ${cases.length - passed} failed\n`);
  return ok ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
