/**
 * The measured phases. Each runs in a child process of its own (see bench.ts),
 * so one system's garbage and peak memory never leak into another's figures.
 *
 * - `runOurs`: load a knowledge folder through `loadKnowledge`, build
 *   `new Hallway(kb)`, time `hallway.ask()` per query kind, and time the
 *   longest blocking call for inputs of up to 10,000 characters.
 * - `runBaseline`: one `new Fuse(talks, { keys: [every field] })` with default
 *   options over the same talks, searched with the same (cleaned) queries.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import Fuse from 'fuse.js';
import { Hallway } from '../src/hallway.js';
import { parseInput } from '../src/input.js';
import type { KnowledgeBase } from '../src/knowledge/base.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { generateEvents, vocabularyFor } from './generate.js';
import { Rng } from './prng.js';
import { KINDS, QUERIES, type QueryKind } from './queries.js';
import { collect, heapAndExternal, MemoryPeaks, median, msSince, nowNs, percentile, round } from './stats.js';
import { isHit, targetQueries } from './targets.js';

export interface QueryStats {
  readonly q: string;
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface KindStats {
  /** Timed calls (after warm-up). */
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
  /**
   * CPU time of the process per call (user + system, V8's GC and compiler threads included, so it
   * can exceed wall time): unlike wall time, not inflated by other processes.
   */
  readonly cpuP50: number;
  readonly cpuP99: number;
  /** Garbage collections while the kind was timed: count, total and longest pause (ms). */
  readonly gc: { readonly count: number; readonly totalMs: number; readonly maxMs: number };
  /** Distinct queries timed (the baseline at 10,000 talks gets through only a few). */
  readonly queries: number;
  /** Queries that got an answer (ours) or at least one result (baseline). */
  readonly answered: number;
  readonly perQuery: readonly QueryStats[];
}

/** Queries with a known target talk (generated knowledge only): latency and hit@1. */
export interface TargetStats {
  readonly n: number;
  readonly queries: number;
  readonly p50: number;
  readonly p99: number;
  readonly hits: number;
}

export interface MemoryFigures {
  /** Heap + external memory used by the data before the index was built, after a full GC (MB). */
  readonly heapBefore: number;
  /** Heap + external memory the index keeps on top of the data, after a full GC (MB). */
  readonly retainedHeap: number;
  /** Highest heap + external memory during build and queries, over `heapBefore` (MB). */
  readonly peakHeapDelta: number;
  /** RSS before the phase, after a full GC (MB). */
  readonly rssBefore: number;
  /** Highest RSS sampled during build and queries (MB). */
  readonly peakRss: number;
  /** `process.resourceUsage().maxRSS` of the whole child process, load included (MB). */
  readonly maxRssProcess: number;
}

export interface BlockingInput {
  readonly label: string;
  readonly chars: number;
  /** Longest wall time of the runs. */
  readonly maxMs: number;
  /** Longest CPU time of the runs. */
  readonly cpuMaxMs: number;
}

export interface OursResult {
  readonly system: 'ours';
  readonly label: string;
  readonly talks: number;
  readonly entities: number;
  readonly searchDocs: number | undefined;
  readonly loadMs: number;
  readonly buildMs: number;
  readonly buildRuns: readonly number[];
  readonly memory: MemoryFigures;
  readonly kinds: Record<QueryKind, KindStats>;
  readonly blocking: { readonly maxMs: number; readonly worst: string; readonly inputs: readonly BlockingInput[] };
  /** Generated knowledge: the queries with known targets (200 per kind), hit@1. */
  readonly targets?: Record<QueryKind, TargetStats>;
}

export interface BaselineResult {
  readonly system: 'baseline';
  readonly label: string;
  readonly talks: number;
  readonly buildMs: number;
  readonly memory: MemoryFigures;
  readonly kinds: Record<QueryKind, KindStats>;
}

export interface OursSpec {
  readonly system: 'ours';
  readonly label: string;
  readonly dir: string;
  /** Talks the generator wrote (for its vocabulary), or 0 for the real knowledge. */
  readonly generated: number;
  readonly builds: number;
  readonly warmup: number;
  readonly samplesPerKind: number;
  readonly kindBudgetMs: number;
}

export interface BaselineSpec {
  readonly system: 'baseline';
  readonly label: string;
  /** The real knowledge folder, or undefined for generated talks. */
  readonly dir?: string;
  readonly generated: number;
  readonly samplesPerKind: number;
  readonly kindBudgetMs: number;
}

export type PhaseSpec = OursSpec | BaselineSpec;

const mb = (bytes: number) => round(bytes / (1024 * 1024));

/** Memory in MB: before the index, what the index retains, and the peaks while building and querying. */
function memoryFigures(before: NodeJS.MemoryUsage, afterBuild: NodeJS.MemoryUsage, peaks: { heap: number; rss: number }) {
  return {
    heapBefore: mb(heapAndExternal(before)),
    retainedHeap: mb(heapAndExternal(afterBuild) - heapAndExternal(before)),
    peakHeapDelta: mb(peaks.heap - heapAndExternal(before)),
    rssBefore: mb(before.rss),
    peakRss: mb(peaks.rss),
    maxRssProcess: mb(process.resourceUsage().maxRSS * 1024),
  };
}

/** Summarises per-call times grouped by query. */
function kindStats(timed: Timed, answered: number, gc: KindStats['gc']): KindStats {
  const times = timed.wall;
  const all = [...times.values()].flat();
  const cpu = timed.cpu;
  const perQuery = [...times].map(([q, t]) => ({
    q,
    n: t.length,
    p50: round(median(t)),
    p99: round(percentile(t, 99)),
    max: round(Math.max(...t)),
  }));
  return {
    n: all.length,
    p50: round(median(all)),
    p99: round(percentile(all, 99)),
    max: round(Math.max(...all)),
    mean: round(all.reduce((a, b) => a + b, 0) / Math.max(1, all.length)),
    cpuP50: round(median(cpu)),
    cpuP99: round(percentile(cpu, 99)),
    gc,
    queries: perQuery.length,
    answered,
    perQuery,
  };
}

interface Timed {
  /** Wall time per call, by query (ms). */
  readonly wall: Map<string, number[]>;
  /** CPU time per call, all queries (ms). */
  readonly cpu: number[];
}

/**
 * Runs `call` round-robin over `queries` until `samples` timed calls or
 * `budgetMs` have passed (always at least one call). Samples memory every
 * 32 calls, outside the timed region.
 */
function timeQueries(
  queries: readonly string[],
  call: (q: string) => void,
  samples: number,
  budgetMs: number,
  peaks: MemoryPeaks,
): Timed {
  const wall = new Map<string, number[]>(queries.map((q) => [q, []]));
  const cpu: number[] = [];
  const start = nowNs();
  for (let i = 0; i < samples; i++) {
    const q = queries[i % queries.length]!;
    const c0 = process.cpuUsage();
    const t0 = nowNs();
    call(q);
    const ms = msSince(t0);
    const c = process.cpuUsage(c0);
    wall.get(q)!.push(ms);
    cpu.push((c.user + c.system) / 1000);
    if (i % 32 === 31) peaks.sample();
    if (msSince(start) > budgetMs) break;
  }
  for (const [q, t] of wall) if (t.length === 0) wall.delete(q);
  return { wall, cpu };
}

/** Watches garbage-collection pauses (delivered asynchronously, hence `await settle()` before `result`). */
class GcWatch {
  private durations: number[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) this.durations.push(e.duration);
  });
  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }
  reset(): void {
    this.durations = [];
  }
  async settle(): Promise<void> {
    await new Promise((r) => setTimeout(r, 20));
  }
  result(): { count: number; totalMs: number; maxMs: number } {
    const d = this.durations;
    return { count: d.length, totalMs: round(d.reduce((a, b) => a + b, 0)), maxMs: round(d.length ? Math.max(...d) : 0) };
  }
  stop(): void {
    this.observer.disconnect();
  }
}

// ---------------------------------------------------------------------------
// Ours

/**
 * Words to build random inputs from, most frequent first: the generator's
 * vocabulary (ranked by its Zipf frequency), or the real knowledge's words
 * ranked by how often they occur.
 */
function wordsOf(kb: KnowledgeBase, generated: number): string[] {
  if (generated > 0) return [...vocabularyFor(generated)];
  const counts = new Map<string, number>();
  for (const e of kb.all()) {
    const texts: string[] = [e.label, ...e.aliases, ...e.tags];
    if (e.kind === 'talk') texts.push(e.data.summary, ...e.data.points.map((p) => p.text));
    if (e.kind === 'tool') texts.push(e.data.purpose, ...e.data.problems);
    for (const t of texts) for (const w of t.toLowerCase().match(/[a-z]+/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([w]) => w);
}

function fill(rng: Rng, chars: number, next: () => string): string {
  let s = '';
  while (s.length < chars) s += `${next()} `;
  return s.slice(0, chars);
}

/** A misspelling: one letter replaced, dropped or swapped with its neighbour. */
function misspell(rng: Rng, w: string): string {
  if (w.length < 4) return w;
  const i = rng.int(1, w.length - 2);
  switch (rng.int(0, 2)) {
    case 0:
      return w.slice(0, i) + String.fromCharCode(97 + rng.int(0, 25)) + w.slice(i + 1);
    case 1:
      return w.slice(0, i) + w.slice(i + 1);
    default:
      return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  }
}

export function blockingInputs(kb: KnowledgeBase, generated: number): Array<{ label: string; text: string }> {
  const words = wordsOf(kb, generated);
  const long = words.filter((w) => w.length >= 5);
  const rng = new Rng(4242);
  const summary = kb.all('talk')[0]?.data.summary ?? 'Kubernetes operators extend a cluster.';
  const inputs: Array<{ label: string; text: string }> = [];
  for (let i = 1; i <= 3; i++) inputs.push({ label: `random words #${i}`, text: fill(rng, 10_000, () => rng.pick(words)) });
  inputs.push({ label: '/talk + random words', text: `/talk ${fill(rng, 9_994, () => rng.pick(words))}` });
  inputs.push({ label: '/tool + random words', text: `/tool ${fill(rng, 9_994, () => rng.pick(words))}` });
  for (let i = 1; i <= 2; i++) inputs.push({ label: `random misspelt words #${i}`, text: fill(rng, 10_000, () => misspell(rng, rng.pick(long))) });
  inputs.push({ label: 'random misspelt words, 200 chars', text: fill(rng, 200, () => misspell(rng, rng.pick(long))) });
  // The worst case for the posting lists: the most frequent words (not stop words), all different.
  const common = words.filter((w) => w.length >= 4).slice(0, 60);
  let k = 0;
  inputs.push({ label: 'most frequent words', text: fill(rng, 10_000, () => common[k++ % common.length]!) });
  inputs.push({ label: '/talk + most frequent words', text: `/talk ${fill(rng, 9_994, () => common[k++ % common.length]!)}` });
  inputs.push({ label: '"kubernetes " repeated', text: fill(rng, 10_000, () => 'kubernetes') });
  inputs.push({ label: 'one 10,000-letter word', text: 'a'.repeat(10_000) });
  inputs.push({ label: 'one 10,000-char misspelt word', text: 'kubernetessecurity'.repeat(600).slice(0, 10_000) });
  inputs.push({ label: 'talk summary pasted', text: fill(rng, 10_000, () => summary) });
  inputs.push({ label: 'question repeated', text: fill(rng, 10_000, () => 'which tool can I use to look at a heap dump?') });
  inputs.push({ label: 'accents, zero-width, emoji', text: fill(rng, 10_000, () => 'Kürsten\u200b\u202e ḱúbérñétés 🚀 e\u0301\u0301\u0301') });
  return inputs;
}

export async function runOurs(spec: OursSpec): Promise<OursResult> {
  collect();
  const tLoad = nowNs();
  const kb = await loadKnowledge(spec.dir);
  const loadMs = msSince(tLoad);
  collect();
  const before = process.memoryUsage();
  const peaks = new MemoryPeaks();
  peaks.sample();

  const buildRuns: number[] = [];
  let hallway: Hallway | undefined;
  for (let i = 0; i < spec.builds; i++) {
    hallway = undefined;
    if (i > 0) collect();
    const t0 = nowNs();
    hallway = new Hallway(kb);
    buildRuns.push(msSince(t0));
    peaks.sample();
  }
  const h = hallway!;
  collect();
  const afterBuild = process.memoryUsage();

  const kinds = {} as Record<QueryKind, KindStats>;
  const gcWatch = new GcWatch();
  for (const kind of KINDS) {
    const queries = QUERIES[kind];
    let answered = 0;
    for (const q of queries) if (h.ask(q).status === 'answer') answered++;
    for (let i = 0; i < spec.warmup; i++) for (const q of queries) h.ask(q);
    collect();
    await gcWatch.settle();
    gcWatch.reset();
    const times = timeQueries(queries, (q) => void h.ask(q), spec.samplesPerKind, spec.kindBudgetMs, peaks);
    await gcWatch.settle();
    kinds[kind] = kindStats(times, answered, gcWatch.result());
  }
  gcWatch.stop();

  // Longest blocking call: each input a few times; the hallway is warm from above.
  collect();
  const inputs: BlockingInput[] = [];
  for (const { label, text } of blockingInputs(kb, spec.generated)) {
    let max = 0;
    let cpuMax = 0;
    for (let i = 0; i < 5; i++) {
      const c0 = process.cpuUsage();
      const t0 = nowNs();
      h.ask(text);
      const ms = msSince(t0);
      const c = process.cpuUsage(c0);
      max = Math.max(max, ms);
      cpuMax = Math.max(cpuMax, (c.user + c.system) / 1000);
    }
    inputs.push({ label, chars: text.length, maxMs: round(max), cpuMaxMs: round(cpuMax) });
  }
  peaks.sample();
  const worst = inputs.reduce((a, b) => (b.maxMs > a.maxMs ? b : a));

  let targets: Record<QueryKind, TargetStats> | undefined;
  if (spec.generated > 0) {
    targets = {} as Record<QueryKind, TargetStats>;
    const all = targetQueries(kb, 200);
    for (const kind of KINDS) {
      const list = all[kind];
      let hits = 0;
      for (const t of list) if (isHit(h.ask(t.q), t)) hits++;
      const times: number[] = [];
      for (let pass = 0; pass < 3; pass++) {
        for (const t of list) {
          const t0 = nowNs();
          h.ask(t.q);
          times.push(msSince(t0));
        }
      }
      targets[kind] = { n: times.length, queries: list.length, p50: round(median(times)), p99: round(percentile(times, 99)), hits };
    }
  }

  const index = (h as unknown as { answerer?: { index?: { docs?: readonly unknown[] } } }).answerer?.index;
  return {
    system: 'ours',
    label: spec.label,
    talks: kb.all('talk').length,
    entities: kb.all().length,
    searchDocs: index?.docs?.length,
    loadMs: round(loadMs),
    buildMs: round(median(buildRuns)),
    buildRuns: buildRuns.map(round),
    memory: memoryFigures(before, afterBuild, peaks),
    kinds,
    blocking: { maxMs: worst.maxMs, worst: worst.label, inputs },
    ...(targets ? { targets } : {}),
  };
}

// ---------------------------------------------------------------------------
// Baseline

/** A talk as the naive baseline indexes it: every field, linked names resolved. */
interface FlatTalk {
  title: string;
  aliases: string[];
  summary: string;
  points: string[];
  tags: string[];
  speakers: string[];
  tools: string[];
}

export const BASELINE_KEYS = ['title', 'aliases', 'summary', 'points', 'tags', 'speakers', 'tools'] as const;

function flatFromKb(kb: KnowledgeBase): FlatTalk[] {
  return kb.all('talk').map((t) => ({
    title: t.label,
    aliases: [...t.aliases],
    summary: t.data.summary,
    points: t.data.points.map((p) => p.text),
    tags: [...t.tags],
    speakers: kb.linked(t, 'speaker').map((s) => s.label),
    tools: kb.linked(t, 'tool').map((x) => x.label),
  }));
}

/** The same talks the YAML holds, built in memory by the same deterministic generator. */
function flatGenerated(talks: number): FlatTalk[] {
  const out: FlatTalk[] = [];
  for (const ev of generateEvents(talks)) {
    const speakers = new Map(ev.speakers.map((s) => [s.id, s.name]));
    const tools = new Map(ev.tools.map((t) => [t.id, t.name]));
    for (const t of ev.talks) {
      out.push({
        title: t.title,
        aliases: t.aliases,
        summary: t.summary,
        points: t.points.map((p) => p.text),
        tags: t.tags,
        speakers: t.speakers.map((id) => speakers.get(id)!),
        tools: t.tools.map((id) => tools.get(id)!),
      });
    }
  }
  return out;
}

export async function runBaseline(spec: BaselineSpec): Promise<BaselineResult> {
  const talks = spec.dir ? flatFromKb(await loadKnowledge(spec.dir)) : flatGenerated(spec.generated);
  // Warm the JIT on a small index, so the first timed call at full size is not a cold one.
  const small = new Fuse(talks.slice(0, 20), { keys: [...BASELINE_KEYS] });
  for (const kind of KINDS) for (const q of QUERIES[kind]) small.search(parseInput(q).query);

  collect();
  const before = process.memoryUsage();
  const peaks = new MemoryPeaks();
  const t0 = nowNs();
  const fuse = new Fuse(talks, { keys: [...BASELINE_KEYS] });
  const buildMs = msSince(t0);
  peaks.sample();
  collect();
  const afterBuild = process.memoryUsage();

  const kinds = {} as Record<QueryKind, KindStats>;
  const gcWatch = new GcWatch();
  for (const kind of KINDS) {
    // The same text ours searches: command stripped, input cleaned.
    const queries = QUERIES[kind].map((q) => parseInput(q).query);
    const withResults = new Set<string>();
    collect();
    await gcWatch.settle();
    gcWatch.reset();
    const times = timeQueries(
      queries,
      (q) => {
        if (fuse.search(q).length > 0) withResults.add(q);
      },
      spec.samplesPerKind,
      spec.kindBudgetMs,
      peaks,
    );
    await gcWatch.settle();
    kinds[kind] = kindStats(times, withResults.size, gcWatch.result());
  }
  gcWatch.stop();
  return {
    system: 'baseline',
    label: spec.label,
    talks: talks.length,
    buildMs: round(buildMs),
    memory: memoryFigures(before, afterBuild, peaks),
    kinds,
  };
}
