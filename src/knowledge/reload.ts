/**
 * Live reload of the knowledge folder. The folder is watched (fs.watch,
 * recursive, debounced) and `reload()` can be called directly (e.g. on
 * SIGHUP). A reload loads and validates the whole folder off to the side and
 * only then swaps knowledge and index into the running Hallway in one
 * assignment. An invalid change keeps the old knowledge serving and logs every
 * problem as `file:line:col message`.
 *
 * Off the answer path: the heavy part — reading, parsing and validating every
 * file, and building the search index — runs in a worker thread
 * (reload-worker.ts), which hands over each validated file and then the index
 * as typed arrays, one message at a time. The main thread then loads the
 * folder again with every file found in its cache (no parsing), restores the
 * index from the worker's arrays in slices of a few milliseconds, and swaps.
 * Without the compiled worker (the tests run the TypeScript sources), or if
 * the worker fails, the reload runs in this thread: unchanged files come from
 * the cache, and the index is built in slices that let answers run in between.
 *
 * Reloads never overlap: a change that arrives during a reload schedules one
 * more reload after it. Nothing here keeps the process alive (the watcher and
 * timers are unref'd); call `stop()` on shutdown.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SearchOptions } from '../search/options.js';
import { SearchIndex, type IndexSnapshot } from '../search/index.js';
import type { KnowledgeBase } from './base.js';
import { checkKnowledge, formatProblem, type LoadOptions, type Problem } from './load.js';
import type { ReloadWorkerInput, ReloadWorkerMessage } from './reload-worker.js';
import { cachedIndex, indexKey, KnowledgeSnapshot, type CacheOptions } from './snapshot.js';

/** The worker's compiled file, next to this module in dist/ (absent beside the TypeScript sources). */
const WORKER_FILE = new URL('./reload-worker.js', import.meta.url);

/** What a reload swaps knowledge into: a Hallway. */
export interface ReloadTarget {
  readonly options: SearchOptions;
  replace(knowledge: KnowledgeBase, index: SearchIndex): void;
}

/** The subset of a pino logger used here. */
export interface ReloadLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ReloadResult {
  readonly ok: boolean;
  /** What started it: "watch", "SIGHUP", … */
  readonly reason: string;
  /** Every problem found; empty when the new knowledge was swapped in. */
  readonly problems: readonly Problem[];
  readonly ms: number;
  /** Files parsed (changed) and files taken from the cache (unchanged). */
  readonly parsed: number;
  readonly cached: number;
  /** Where the files were parsed and the index built: in a worker thread, or in this thread. */
  readonly via: 'worker' | 'inline';
}

export interface ReloadOptions {
  readonly dir: string;
  readonly target: ReloadTarget;
  readonly logger?: ReloadLogger;
  /** Quiet time after the last change before reloading, in ms. Default 300. Example: `{ debounceMs: 1000 }`. */
  readonly debounceMs?: number;
  /** Watch the folder for changes. Default true; false leaves only `reload()` (SIGHUP). */
  readonly watch?: boolean;
  /** Cache of validated files; see src/knowledge/snapshot.ts. */
  readonly cache?: CacheOptions;
  readonly load?: LoadOptions;
  /** Called after every reload, e.g. to count reloads and failures in metrics. */
  readonly onReload?: (result: ReloadResult) => void;
  /**
   * Parse, validate and index in a worker thread, so a reload of a large
   * knowledge base never stalls answers. Default true (used when the compiled
   * worker file is present, i.e. when running from dist/); false reloads in
   * this thread. Example: `{ worker: false }`.
   */
  readonly worker?: boolean;
}

export const DEFAULT_RELOAD_OPTIONS = Object.freeze({ debounceMs: 300, watch: true, worker: true });

/** What the worker found: its problems, or the validated files the main thread lacked, the digest and the index. */
interface WorkerOutcome {
  readonly problems: readonly Problem[];
  readonly parsed: number;
  readonly cached: number;
  readonly digest?: string;
  readonly index?: IndexSnapshot;
  readonly files: ReadonlyMap<string, unknown>;
}

export class KnowledgeReloader {
  /** Reloads that swapped in new knowledge. */
  reloads = 0;
  /** Reloads rejected because the new knowledge was invalid (or failed). */
  failures = 0;
  private readonly snapshot: KnowledgeSnapshot;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ReloadResult> | undefined;
  private again: string | undefined;
  private stopped = false;
  private worker: Worker | undefined;
  private workerExited: Promise<void> = Promise.resolve();

  constructor(private readonly options: ReloadOptions) {
    this.snapshot = new KnowledgeSnapshot({
      ...options.cache,
      onWarning: (message) => options.logger?.warn({}, message),
    });
  }

  /** Starts watching the folder (unless `watch: false`). */
  start(): this {
    if (this.options.watch ?? DEFAULT_RELOAD_OPTIONS.watch) {
      try {
        this.watcher = watch(this.options.dir, { recursive: true, persistent: false }, () => this.changed());
        this.watcher.on('error', (err) => {
          this.options.logger?.warn({ err }, 'knowledge folder watch failed; reload with SIGHUP');
          this.watcher?.close();
          this.watcher = undefined;
        });
      } catch (err) {
        this.options.logger?.warn({ err }, 'cannot watch the knowledge folder; reload with SIGHUP');
      }
    }
    return this;
  }

  /** Stops watching and ends the reload worker; a reload under way finishes but swaps nothing in. */
  stop(): void {
    this.stopped = true;
    void this.worker?.terminate();
    this.watcher?.close();
    this.watcher = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private changed(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reload('watch');
    }, this.options.debounceMs ?? DEFAULT_RELOAD_OPTIONS.debounceMs);
    this.timer.unref();
  }

  /** Reloads now (or right after the reload under way). Never throws. */
  reload(reason = 'manual'): Promise<ReloadResult> {
    if (this.running) {
      this.again = reason;
      return this.running;
    }
    this.running = this.run(reason).finally(() => {
      this.running = undefined;
      const next = this.again;
      this.again = undefined;
      if (next !== undefined && !this.stopped) void this.reload(next);
    });
    return this.running;
  }

  /** The reload in this thread: unchanged files from the cache, the index built in slices. */
  private async runInline(reason: string, started: number): Promise<ReloadResult> {
    const { problems, knowledge } = await checkKnowledge(this.options.dir, this.options.load, this.snapshot);
    const parsed = this.snapshot.misses;
    const cached = this.snapshot.hits;
    if (!knowledge) {
      await this.snapshot.save();
      return { ok: false, reason, problems, ms: performance.now() - started, parsed, cached, via: 'inline' };
    }
    const index = await cachedIndex(knowledge, this.options.target.options, this.snapshot, true);
    if (!this.stopped) this.options.target.replace(knowledge, index);
    await this.snapshot.save();
    return { ok: true, reason, problems: [], ms: performance.now() - started, parsed, cached, via: 'inline' };
  }

  /**
   * The reload through the worker thread; undefined when there is no worker
   * (or it failed, which is logged), so the caller reloads in this thread.
   */
  private async runInWorker(reason: string, started: number): Promise<ReloadResult | undefined> {
    if (!(this.options.worker ?? DEFAULT_RELOAD_OPTIONS.worker) || !existsSync(fileURLToPath(WORKER_FILE)) || this.stopped) return undefined;
    let outcome: WorkerOutcome;
    try {
      outcome = await this.loadInWorker();
    } catch (err) {
      await this.workerExited;
      if (this.stopped) throw err;
      this.options.logger?.warn({ err }, 'the knowledge reload worker failed; reloading in the main thread');
      return undefined;
    }
    try {
      return await this.swapIn(reason, started, outcome);
    } finally {
      // The worker writes new cache entries after handing everything over; one worker at a time.
      await this.workerExited;
    }
  }

  /** The main thread's part: a load that finds every file in the cache, the index restored in slices, the swap. */
  private async swapIn(reason: string, started: number, outcome: WorkerOutcome): Promise<ReloadResult> {
    const via = 'worker';
    const { parsed, cached } = outcome;
    if (outcome.problems.length > 0) {
      return { ok: false, reason, problems: outcome.problems, ms: performance.now() - started, parsed, cached, via };
    }
    // Every file the worker validated is now in the cache: this load parses nothing
    // (unless a file changed meanwhile, which is then parsed and checked here).
    for (const [hash, data] of outcome.files) this.snapshot.remember(hash, data);
    const { problems, knowledge } = await checkKnowledge(this.options.dir, this.options.load, this.snapshot);
    if (!knowledge) {
      await this.snapshot.save();
      return { ok: false, reason, problems, ms: performance.now() - started, parsed, cached, via };
    }
    const options = this.options.target.options;
    let index: SearchIndex | undefined;
    if (outcome.index && outcome.digest && knowledge.digest === outcome.digest) {
      this.snapshot.keepIndex(indexKey(outcome.digest, options));
      index = await SearchIndex.restore(knowledge, options, outcome.index);
    }
    index ??= await cachedIndex(knowledge, options, this.snapshot, true);
    if (!this.stopped) this.options.target.replace(knowledge, index);
    await this.snapshot.save();
    return { ok: true, reason, problems: [], ms: performance.now() - started, parsed, cached, via };
  }

  /** Runs the worker; resolves with what it found, rejects when it fails or is terminated. */
  private loadInWorker(): Promise<WorkerOutcome> {
    const { cacheDir, maxAgeMs } = this.options.cache ?? {};
    const input: ReloadWorkerInput = {
      dir: this.options.dir,
      load: { ...this.options.load },
      cache: { ...(cacheDir !== undefined ? { cacheDir } : {}), ...(maxAgeMs !== undefined ? { maxAgeMs } : {}) },
      search: { ...this.options.target.options },
      known: this.snapshot.inMemory(),
    };
    return new Promise((resolve, reject) => {
      const files = new Map<string, unknown>();
      let settled = false;
      const worker = new Worker(WORKER_FILE, { workerData: input });
      worker.unref();
      this.worker = worker;
      this.workerExited = new Promise((exited) =>
        worker.once('exit', (code) => {
          if (this.worker === worker) this.worker = undefined;
          if (!settled) reject(new Error(`hallway/knowledge: the reload worker stopped (exit code ${code})`));
          settled = true;
          exited();
        }),
      );
      worker.on('error', (err) => {
        if (!settled) reject(err);
        settled = true;
      });
      worker.on('message', (m: ReloadWorkerMessage) => {
        if (m.type === 'file') files.set(m.hash, JSON.parse(m.json));
        else if (m.type === 'warning') this.options.logger?.warn({}, m.message);
        else if (!settled) {
          settled = true;
          if (m.type === 'failed') reject(new Error(`hallway/knowledge: ${m.message}`));
          else resolve({ problems: m.problems, parsed: m.parsed, cached: m.cached, digest: m.digest, index: m.index, files });
        }
        worker.postMessage('ack');
      });
    });
  }

  private async run(reason: string): Promise<ReloadResult> {
    const started = performance.now();
    let result: ReloadResult;
    try {
      result = (await this.runInWorker(reason, started)) ?? (await this.runInline(reason, started));
    } catch (err) {
      const problem: Problem = { file: this.options.dir, line: 1, col: 1, message: `reload failed: ${(err as Error).message}` };
      result = { ok: false, reason, problems: [problem], ms: performance.now() - started, parsed: 0, cached: 0, via: 'inline' };
    }
    const { logger } = this.options;
    if (this.stopped && !result.ok) {
      logger?.info({ reason }, 'knowledge reload cancelled: shutting down');
      return result;
    }
    if (result.ok) {
      this.reloads++;
      logger?.info({ reason, via: result.via, ms: Math.round(result.ms), parsed: result.parsed, cached: result.cached }, 'knowledge reloaded');
    } else {
      this.failures++;
      for (const p of result.problems) logger?.error({ problem: formatProblem(p) }, `knowledge reload rejected: ${formatProblem(p)}`);
      logger?.error(
        { reason, problems: result.problems.length },
        `knowledge reload rejected (${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}); the previous knowledge is still served`,
      );
    }
    this.options.onReload?.(result);
    return result;
  }
}

/** Starts live reload for a Hallway: watches `dir` and returns the reloader (call `stop()` on shutdown). */
export function watchKnowledge(options: ReloadOptions): KnowledgeReloader {
  return new KnowledgeReloader(options).start();
}
