/**
 * Waiting for the tips database without freezing the process.
 *
 * better-sqlite3 is synchronous: while SQLite's busy handler waits for
 * another connection's write lock, the whole event loop waits with it (a 5 s
 * busy timeout once held `/talk` acks for 4.9 s). So the store keeps SQLite's
 * own busy timeout to a few milliseconds ({@link DEFAULT_BUSY_TIMEOUT_MS}) and
 * callers that may meet a lock held by another process wrap each short
 * database step in {@link retryBusy}: on SQLITE_BUSY / SQLITE_LOCKED it waits
 * asynchronously (timers, so other events run meanwhile) with a growing
 * back-off and tries again until its deadline. A held lock then delays daily
 * tips and `/tip` replies, never anything else.
 */

/** SQLite's own busy timeout per statement, in ms: the longest one step may block the event loop. */
export const DEFAULT_BUSY_TIMEOUT_MS = 10;

export interface RetryBusyOptions {
  /** Give up after this many ms of waiting, with a {@link TipsBusyError}. */
  readonly deadlineMs: number;
  /** First wait, doubled after each busy answer up to {@link maxDelayMs}. Default 5 ms. */
  readonly firstDelayMs?: number;
  /** Longest single wait. Default 250 ms. */
  readonly maxDelayMs?: number;
  /** Default: setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Stops waiting early (e.g. on shutdown), with a {@link TipsBusyError}. */
  readonly signal?: AbortSignal;
}

/** The tips database stayed locked by another connection past the caller's deadline. */
export class TipsBusyError extends Error {
  readonly code = 'HALLWAY_TIPS_BUSY';
  constructor(what: string, waitedMs: number, cause?: unknown) {
    super(
      `hallway/tips: the tips database is locked by another process (waited ${waitedMs} ms to ${what}); it will be tried again`,
      cause === undefined ? undefined : { cause },
    );
    this.name = 'TipsBusyError';
  }
}

/** SQLite's "another connection holds the lock" answers (SQLITE_BUSY, SQLITE_LOCKED and their extended codes). */
export function isBusyError(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** The database (or its folder) cannot be written: SQLITE_READONLY and its extended codes. */
export function isReadOnlyError(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_READONLY');
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `step` (one short synchronous database step, e.g. one transaction) and,
 * while it fails because the database is locked, runs it again after an
 * asynchronous wait. Any other error is thrown at once.
 */
export async function retryBusy<T>(what: string, step: () => T, options: RetryBusyOptions): Promise<T> {
  const sleep = options.sleep ?? realSleep;
  const maxDelay = options.maxDelayMs ?? 250;
  let delay = Math.max(1, options.firstDelayMs ?? 5);
  let waited = 0;
  for (;;) {
    try {
      return step();
    } catch (err) {
      if (!isBusyError(err)) throw err;
      if (waited >= options.deadlineMs || options.signal?.aborted) throw new TipsBusyError(what, waited, err);
      const wait = Math.min(delay, maxDelay, Math.max(1, options.deadlineMs - waited));
      await sleep(wait);
      waited += wait;
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}
