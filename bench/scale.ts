/**
 * The scale phases of `npm run bench`, each run in a child process of its own:
 *
 * - `minisearch`: MiniSearch 7 (what a user would pick instead) over the same
 *   talks with sensible options (title boosted, prefix and fuzzy matching),
 *   timed on the same queries with known targets, with hit@1;
 * - `start`: a start as `npm start` does it — load through the knowledge
 *   cache, build, then answer 200 queries — timed from the process's start
 *   (node start-up and imports included; drawing the 200 queries, which needs
 *   the knowledge, is not); cold (empty cache) or warm (cache filled by an
 *   earlier start); whole-process peak RSS;
 * - `reload`: a running Hallway over the same knowledge reloads it (parse,
 *   validate and index everything, no cache) while a question is asked every
 *   10 ms; reports the reload time and the slowest answer, measured from when
 *   it was due (so time spent waiting behind the reload counts), and where the
 *   reload ran (`worker`: the compiled worker thread, as in production).
 */
import MiniSearch from 'minisearch';
import { Hallway } from '../src/hallway.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { KnowledgeReloader } from '../src/knowledge/reload.js';
import { cleanInput } from '../src/text/normalize.js';
import type { QueryKind } from './queries.js';
import { KINDS } from './queries.js';
import { median, msSince, nowNs, percentile, round } from './stats.js';
import { isHit, targetQueries, type TargetQuery } from './targets.js';

export type ScaleSpec =
  | { readonly system: 'minisearch'; readonly label: string; readonly dir: string; readonly perKind: number }
  | { readonly system: 'start'; readonly label: string; readonly dir: string; readonly cacheDir: string; readonly perKind: number }
  | { readonly system: 'reload'; readonly label: string; readonly dir: string; readonly cacheDir: string };

export interface KindAccuracy {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly hits: number;
}

export interface MiniSearchResult {
  readonly system: 'minisearch';
  readonly buildMs: number;
  readonly heapMB: number;
  readonly kinds: Record<QueryKind, KindAccuracy>;
}

export interface StartResult {
  readonly system: 'start';
  /** Process start to the 200th answer: node start-up and imports + load and index + answers (ms). */
  readonly totalMs: number;
  /** Node start-up and imports, before the knowledge is touched (ms). */
  readonly bootMs: number;
  /** Inside the process: load (cache or parse), index build, 200 answers (ms). */
  readonly loadMs: number;
  readonly buildMs: number;
  readonly answersMs: number;
  readonly answers: number;
  readonly hits: number;
  readonly parsedFiles: number;
  readonly cachedFiles: number;
  readonly maxRssMB: number;
  /** JS heap the process keeps after the start and its answers (after a full GC when run with --expose-gc, as npm run bench does). */
  readonly heapMB: number;
  /** Typed-array memory outside the JS heap (the index's postings), measured with the heap. */
  readonly arrayBuffersMB: number;
}

export interface ReloadBenchResult {
  readonly system: 'reload';
  readonly ok: boolean;
  readonly reloadMs: number;
  /** Where files were parsed and the index built: the worker thread (production) or the main thread. */
  readonly via: 'worker' | 'inline';
  readonly answersDuring: number;
  readonly maxAnswerMs: number;
  readonly p99AnswerMs: number;
  readonly maxRssMB: number;
}

const MB = (bytes: number) => round(bytes / (1024 * 1024));

export async function runScale(spec: ScaleSpec): Promise<MiniSearchResult | StartResult | ReloadBenchResult> {
  if (spec.system === 'minisearch') return runMiniSearch(spec);
  if (spec.system === 'start') return runStart(spec);
  return runReload(spec);
}

async function runMiniSearch(spec: Extract<ScaleSpec, { system: 'minisearch' }>): Promise<MiniSearchResult> {
  const kb = await loadKnowledge(spec.dir);
  const queries = targetQueries(kb, spec.perKind);
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = nowNs();
  const ms = new MiniSearch({
    fields: ['title', 'aliases', 'tags', 'summary', 'points', 'speakers', 'tools'],
    searchOptions: { boost: { title: 3, aliases: 2, tags: 1.5 }, prefix: true, fuzzy: 0.2 },
  });
  ms.addAll(
    kb.all('talk').map((t) => ({
      id: `${t.event}/${t.id}`,
      title: t.label,
      aliases: t.aliases.join(' '),
      tags: t.tags.join(' '),
      summary: t.data.summary,
      points: t.data.points.map((p) => p.text).join(' '),
      speakers: kb.linked(t, 'speaker').map((s) => s.label).join(' '),
      tools: kb.linked(t, 'tool').map((x) => x.label).join(' '),
    })),
  );
  const buildMs = msSince(t0);
  (globalThis as { gc?: () => void }).gc?.();
  const heapMB = MB(process.memoryUsage().heapUsed - heapBefore);
  const kinds = {} as Record<QueryKind, KindAccuracy>;
  for (const kind of KINDS) {
    const times: number[] = [];
    let hits = 0;
    for (const t of queries[kind]) {
      const q = cleanInput(t.q);
      const s = nowNs();
      const results = ms.search(q);
      times.push(msSince(s));
      if (results[0]?.id === `${t.event}/${t.id}`) hits++;
    }
    kinds[kind] = { n: times.length, p50: round(median(times)), p99: round(percentile(times, 99)), hits };
  }
  return { system: 'minisearch', buildMs: round(buildMs), heapMB, kinds };
}

/**
 * Peak RSS so far, then what stays after a full GC (the start's garbage is not
 * what the process holds). `hallway` is used after the GC, so it is alive in it.
 */
function liveMemory(hallway: Hallway) {
  const maxRssMB = round(process.resourceUsage().maxRSS / 1024);
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  if (hallway.knowledge.all().length === 0) throw new Error('bench: the knowledge is empty');
  return { maxRssMB, heapMB: MB(heapUsed), arrayBuffersMB: MB(arrayBuffers) };
}

async function runStart(spec: Extract<ScaleSpec, { system: 'start' }>): Promise<StartResult> {
  const bootMs = performance.now(); // since the process started
  const t0 = nowNs();
  const hallway = await Hallway.load(spec.dir, { cache: { cacheDir: spec.cacheDir } });
  const loadAndBuild = msSince(t0);
  // The queries are drawn after the timed part (they need the knowledge), then answered.
  const queries: TargetQuery[] = KINDS.flatMap((k) => targetQueries(hallway.knowledge, spec.perKind)[k]).slice(0, 200);
  const t1 = nowNs();
  let hits = 0;
  for (const t of queries) if (isHit(hallway.ask(t.q), t)) hits++;
  const answersMs = msSince(t1);
  return {
    system: 'start',
    totalMs: round(bootMs + loadAndBuild + answersMs),
    bootMs: round(bootMs),
    loadMs: round(loadAndBuild),
    buildMs: 0,
    answersMs: round(answersMs),
    answers: queries.length,
    hits,
    parsedFiles: -1,
    cachedFiles: -1,
    ...liveMemory(hallway),
  };
}

async function runReload(spec: Extract<ScaleSpec, { system: 'reload' }>): Promise<ReloadBenchResult> {
  const hallway = await Hallway.load(spec.dir, { cache: { cacheDir: spec.cacheDir } });
  const queries = KINDS.flatMap((k) => targetQueries(hallway.knowledge, 20)[k]).map((t) => t.q);
  // A reload of everything: no cache, so every file is parsed and validated again.
  const reloader = new KnowledgeReloader({ dir: spec.dir, target: hallway, watch: false, cache: { cacheDir: false } });
  const latencies: number[] = [];
  let done = false;
  let i = 0;
  const ask = async () => {
    while (!done) {
      const due = performance.now() + 10;
      await new Promise((r) => setTimeout(r, 10));
      hallway.ask(queries[i++ % queries.length]!);
      latencies.push(performance.now() - due);
    }
  };
  const asking = ask();
  const t0 = nowNs();
  const result = await reloader.reload('bench');
  const reloadMs = msSince(t0);
  done = true;
  await asking;
  return {
    system: 'reload',
    ok: result.ok,
    reloadMs: round(reloadMs),
    via: result.via,
    answersDuring: latencies.length,
    maxAnswerMs: round(Math.max(0, ...latencies)),
    p99AnswerMs: round(percentile(latencies, 99)),
    maxRssMB: round(process.resourceUsage().maxRSS / 1024),
  };
}
