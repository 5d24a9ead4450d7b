/**
 * Live reload of the knowledge folder. The folder is watched (fs.watch,
 * recursive, debounced) and `reload()` can be called directly (e.g. on
 * SIGHUP). A reload loads and validates the whole folder off to the side —
 * unchanged files come from the cache of validated files, so only edited
 * files are parsed — builds the new search index in slices that let answers
 * run in between, and only then swaps knowledge and index into the running
 * Hallway in one assignment. An invalid change keeps the old knowledge
 * serving and logs every problem as `file:line:col message`.
 *
 * Reloads never overlap: a change that arrives during a reload schedules one
 * more reload after it. Nothing here keeps the process alive (the watcher and
 * timers are unref'd); call `stop()` on shutdown.
 */
import { watch, type FSWatcher } from 'node:fs';
import type { SearchOptions } from '../search/options.js';
import type { SearchIndex } from '../search/index.js';
import type { KnowledgeBase } from './base.js';
import { checkKnowledge, formatProblem, type LoadOptions, type Problem } from './load.js';
import { cachedIndex, KnowledgeSnapshot, type CacheOptions } from './snapshot.js';

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
}

export const DEFAULT_RELOAD_OPTIONS = Object.freeze({ debounceMs: 300, watch: true });

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

  /** Stops watching; a reload under way finishes but swaps nothing in. */
  stop(): void {
    this.stopped = true;
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

  private async run(reason: string): Promise<ReloadResult> {
    const started = performance.now();
    const { logger, target } = this.options;
    let result: ReloadResult;
    try {
      const { problems, knowledge } = await checkKnowledge(this.options.dir, this.options.load, this.snapshot);
      const parsed = this.snapshot.misses;
      const cached = this.snapshot.hits;
      if (!knowledge) {
        await this.snapshot.save();
        result = { ok: false, reason, problems, ms: performance.now() - started, parsed, cached };
      } else {
        const index = await cachedIndex(knowledge, target.options, this.snapshot, true);
        if (!this.stopped) target.replace(knowledge, index);
        await this.snapshot.save();
        result = { ok: true, reason, problems: [], ms: performance.now() - started, parsed, cached };
      }
    } catch (err) {
      const problem: Problem = { file: this.options.dir, line: 1, col: 1, message: `reload failed: ${(err as Error).message}` };
      result = { ok: false, reason, problems: [problem], ms: performance.now() - started, parsed: 0, cached: 0 };
    }
    if (result.ok) {
      this.reloads++;
      logger?.info({ reason, ms: Math.round(result.ms), parsed: result.parsed, cached: result.cached }, 'knowledge reloaded');
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
