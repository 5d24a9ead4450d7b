/**
 * Records questions and votes off the answer path. The observer only hashes
 * the asker and pushes a row onto an in-memory queue (microseconds); a timer
 * flushes the queue to SQLite in one transaction shortly after. The
 * connection's busy timeout is 0, so a write never blocks the event loop
 * waiting for another connection's lock: a busy database is retried later
 * with a growing delay, and after `maxAttempts` the batch is dropped and
 * logged. Any other failure (a read-only file, a full disk) drops the batch
 * with a log line. Nothing here ever throws into the adapter that answered.
 */
import type { Logger } from '../log.js';
import { hashAsker, type QuestionEvent, type QuestionObserver, type QuestionPlatform } from '../observe.js';
import { isQuestionId, newQuestionId } from './ids.js';
import type { InsightsStore, QuestionRow, VoteRow } from './store.js';

export interface VoteInput {
  readonly questionId: string;
  readonly platform: QuestionPlatform;
  /** The voter's platform id; hashed before it is queued. */
  readonly voterId: string;
  readonly vote: 1 | -1;
  readonly at?: Date;
}

export interface RecorderOptions {
  readonly store: InsightsStore;
  /** The asker-hash salt ({@link InsightsStore.salt}). */
  readonly salt: string;
  /** Days to keep; older questions are pruned on the first flush and then every `pruneEveryMs`. */
  readonly retentionDays: number;
  readonly logger: Pick<Logger, 'warn' | 'error' | 'debug'>;
  /** Delay before a flush after the first queued row. Default 50 ms. */
  readonly flushDelayMs?: number;
  /** Rows kept waiting at most; beyond that new rows are dropped (and counted). Default 10,000. */
  readonly maxQueue?: number;
  /** Rows written per transaction; more wait for the next turn of the event loop. Default 500 (a few ms). */
  readonly maxBatch?: number;
  /** Tries for a batch while the database is busy. Default 5. */
  readonly maxAttempts?: number;
  /** First retry delay while busy, doubled each time. Default 200 ms. */
  readonly retryDelayMs?: number;
  readonly pruneEveryMs?: number;
  readonly now?: () => Date;
  /** Told about rows that could not be recorded (for metrics). */
  readonly onDropped?: (rows: number, reason: 'busy' | 'error' | 'full') => void;
}

export interface RecorderStats {
  readonly recorded: number;
  readonly dropped: number;
  readonly pending: number;
}

const DAY_MS = 86_400_000;

type Row = { readonly kind: 'question'; readonly row: QuestionRow } | { readonly kind: 'vote'; readonly row: VoteRow };

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || (typeof code === 'string' && code.startsWith('SQLITE_BUSY_'));
}

export class InsightsRecorder {
  private readonly queue: Row[] = [];
  private timer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private recorded = 0;
  private dropped = 0;
  private lastPrune = 0;
  private stopped = false;
  private waiters: (() => void)[] = [];
  private readonly now: () => Date;

  /** The observer to hand to the adapters. */
  readonly observer: QuestionObserver = (event) => this.record(event);

  constructor(private readonly options: RecorderOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Queues one question; returns its id. */
  record(event: QuestionEvent): string {
    const id = event.questionId && isQuestionId(event.questionId) ? event.questionId : newQuestionId();
    const top = event.topHit;
    this.push({
      kind: 'question',
      row: {
        id,
        at: event.at.toISOString(),
        platform: event.platform,
        command: event.command,
        via: event.via,
        query: event.query,
        status: event.status,
        answered: event.status === 'answer',
        top: top ? { kind: top.kind, event: top.ref.event, id: top.id, title: top.title, score: top.score } : undefined,
        latencyMs: event.latencyMs,
        asker: hashAsker(this.options.salt, event.platform, event.askerId),
      },
    });
    return id;
  }

  /** Queues a vote; false (and nothing queued) when the id is not a question id at all. */
  vote(input: VoteInput): boolean {
    if (!isQuestionId(input.questionId) || (input.vote !== 1 && input.vote !== -1)) return false;
    this.push({
      kind: 'vote',
      row: {
        questionId: input.questionId,
        voter: hashAsker(this.options.salt, input.platform, input.voterId),
        vote: input.vote,
        at: (input.at ?? this.now()).toISOString(),
      },
    });
    return true;
  }

  stats(): RecorderStats {
    return { recorded: this.recorded, dropped: this.dropped, pending: this.queue.length };
  }

  /** Resolves once everything queued so far is written or dropped (for tests and shutdown). */
  settled(): Promise<void> {
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops the timer and makes one last attempt to write what is queued. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length) this.flushNow(true);
    this.wake();
  }

  private push(row: Row): void {
    if (this.stopped) return;
    if (this.queue.length >= (this.options.maxQueue ?? 10_000)) {
      this.drop(1, 'full', undefined);
      return;
    }
    this.queue.push(row);
    this.schedule(this.options.flushDelayMs ?? 50);
  }

  private schedule(ms: number): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushNow(false);
    }, ms);
    this.timer.unref();
  }

  private drop(rows: number, reason: 'busy' | 'error' | 'full', err: unknown): void {
    this.dropped += rows;
    const message =
      reason === 'busy'
        ? 'insights: the database stayed busy; questions not recorded (answers were not affected)'
        : reason === 'full'
          ? 'insights: the recording queue is full; question not recorded (answers were not affected)'
          : 'insights: could not record questions (answers were not affected)';
    this.options.logger.warn({ err, rows, reason }, message);
    try {
      this.options.onDropped?.(rows, reason);
    } catch {
      // a metrics hook must not break recording
    }
  }

  private flushNow(final: boolean): void {
    const batch = final ? this.queue.slice() : this.queue.slice(0, this.options.maxBatch ?? 500);
    if (batch.length === 0) return this.wake();
    try {
      this.maybePrune();
      this.options.store.write(
        batch.filter((r): r is Extract<Row, { kind: 'question' }> => r.kind === 'question').map((r) => r.row),
        batch.filter((r): r is Extract<Row, { kind: 'vote' }> => r.kind === 'vote').map((r) => r.row),
      );
      this.queue.splice(0, batch.length);
      this.recorded += batch.length;
      this.attempt = 0;
    } catch (err) {
      const busy = isBusy(err);
      this.attempt += 1;
      if (busy && !final && this.attempt < (this.options.maxAttempts ?? 5)) {
        this.options.logger.debug({ attempt: this.attempt }, 'insights: database busy, will retry');
        this.schedule((this.options.retryDelayMs ?? 200) * 2 ** (this.attempt - 1));
        return;
      }
      this.queue.splice(0, batch.length);
      this.attempt = 0;
      this.drop(batch.length, busy ? 'busy' : 'error', err);
    }
    if (this.queue.length && !final) this.schedule(0);
    this.wake();
  }

  private wake(): void {
    if (this.queue.length && !this.stopped) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private maybePrune(): void {
    const days = this.options.retentionDays;
    if (days <= 0) return;
    const now = this.now().getTime();
    if (now - this.lastPrune < (this.options.pruneEveryMs ?? 6 * 3_600_000)) return;
    this.lastPrune = now;
    const removed = this.options.store.prune(new Date(now - days * DAY_MS).toISOString());
    if (removed) this.options.logger.debug({ removed }, 'insights: old questions pruned');
  }
}
