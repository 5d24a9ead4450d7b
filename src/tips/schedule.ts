/**
 * The daily-tip scheduler. All the correctness lives in {@link TipScheduler.runDue},
 * a tick that any clock may drive: for each active subscription it works out,
 * in the channel's own time zone, whether a tip is due, claims it in the
 * database, posts it, and records the outcome. In production `start()` runs
 * that tick every minute with croner; tests call `runDue(fakeNow)` directly.
 *
 * When is a tip due? On local date D of the channel's zone, if D is a day the
 * subscription asked for (weekdays: Monday–Friday in that zone), once the
 * "slot" has come — the first instant whose local time on D is at or after
 * HH:MM (see time.ts for DST days) — and at most `graceMinutes` after it
 * (default 120). A process that was down at 09:00 and ticks at 09:10 posts
 * the missed tip; one that comes back at 11:30 skips the day. Slots before
 * the subscription was made are never due. Yesterday's slot is looked at too,
 * so a 23:30 tip missed until 00:15 is still posted within the grace window.
 *
 * Exactly once: before posting, the tick takes a claim for (platform,
 * channel, local date) — see {@link TipStore.claim}. A restart, a timer that
 * fires twice or early, or a second scheduler on the same database file finds
 * the claim taken and posts nothing.
 *
 * Posting faults, as the poster reports them by throwing:
 * - `retryAfterMs` (a 429): wait that long (injectable sleep) and retry once,
 *   in the same tick. If the wait is longer than `maxRetryWaitMs` or the retry
 *   fails too, the attempt is recorded as failed.
 * - `permanent: true` (channel gone, archived, bot not allowed): the
 *   subscription is marked inactive with the reason, logged once, never retried;
 *   the other channels are still posted to.
 * - anything else is transient: the claim stays with `posted_at` null and
 *   `failed_at` set, and a later tick (within the grace window, or `post
 *   --date` again) retries it with the same recorded text and the same
 *   `nonce`, up to `maxAttempts` attempts in all. On Discord the nonce with
 *   `enforceNonce` makes such a retry idempotent; on Slack a retry after an
 *   ambiguous failure (a timeout after Slack accepted the message) could
 *   duplicate, which is why an attempt that never returned (a crash
 *   mid-post) is never retried.
 * - `uncertain: true` (the request was sent and may have been delivered, and
 *   the platform cannot deduplicate a resend: Slack's 5xx, timeouts, resets):
 *   the claim stays in flight and is never retried — a second tip is worse
 *   than a missing one.
 *
 * Recording: once the poster has returned, the post happened. Recording it
 * (`markPosted`) is outside the poster's error handling: if the database is
 * locked or failing then, the scheduler waits and retries the record, and if
 * that still fails it logs the fact and leaves the claim in flight, which no
 * later tick retakes. Nothing that may have been delivered is ever marked
 * retryable.
 *
 * Database locks: every store call is one short synchronous step wrapped in
 * {@link retryBusy}, so a lock held by another process makes the tick wait
 * asynchronously (up to `busyWaitMs` per step), never the event loop.
 */
import { Cron } from 'croner';
import type { Logger } from '../log.js';
import { retryBusy, TipsBusyError } from './busy.js';
import { resolveTips, type TipContent, type TipSource, type TipTarget } from './content.js';
import { hash32 } from './rotation.js';
import { CONFIG_CREATOR, type ClaimTicket, type Subscription, type TipStore } from './store.js';
import { addDays, isWeekday, localParts, slotInstant, type LocalDate } from './time.js';

export const DEFAULT_GRACE_MINUTES = 120;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_MAX_RETRY_WAIT_MS = 60_000;
/** How long one database step of a tick waits for a lock held by another process. */
export const DEFAULT_BUSY_WAIT_MS = 30_000;

/** The tip as handed to a platform's poster. */
export interface PostedTip {
  readonly tipId: string;
  /** The tip, never empty. */
  readonly text: string;
  /** The source line: "Talk: …", "Tool: …", "Booth: …" or "Book: …". */
  readonly source: string;
  /** The channel's local date the tip is for. */
  readonly localDate: LocalDate;
  /** Stable per channel and date (≤ 25 characters): Discord's `nonce` with `enforceNonce`. */
  readonly nonce: string;
  /** 1 for the first attempt, 2… for retries of the same claim. */
  readonly attempt: number;
}

/**
 * Posts one tip to one channel. Throw to report a failure: an error with
 * `retryAfterMs` (rate limited) or `permanent: true` plus a `reason` such as
 * "channel_not_found" (see {@link TipPostError}); anything else is transient.
 */
export type TipPoster = (target: TipTarget, tip: PostedTip) => Promise<{ messageId?: string }>;

/** A failure a poster may throw to say what kind it is. */
export class TipPostError extends Error {
  readonly retryAfterMs?: number;
  readonly permanent?: boolean;
  /**
   * The post may have gone through (e.g. a timeout after the request was sent)
   * and the platform cannot deduplicate a retry: the claim is never retried.
   */
  readonly uncertain?: boolean;
  readonly reason?: string;
  constructor(
    message: string,
    options: { retryAfterMs?: number; permanent?: boolean; uncertain?: boolean; reason?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TipPostError';
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.permanent !== undefined) this.permanent = options.permanent;
    if (options.uncertain !== undefined) this.uncertain = options.uncertain;
    if (options.reason !== undefined) this.reason = options.reason;
  }
}

export interface PostFault {
  readonly permanent: boolean;
  /** The post may have been delivered: do not retry it (see {@link TipPostError.uncertain}). */
  readonly uncertain: boolean;
  readonly retryAfterMs?: number;
  /** Short text for logs and `inactive_reason`. */
  readonly reason: string;
}

/** Reads `permanent`, `retryAfterMs`, `reason`/`code`/`message` from whatever a poster threw. */
export function classifyPostError(err: unknown): PostFault {
  const o = (typeof err === 'object' && err !== null ? err : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);
  const reason = str(o.reason) ?? str(o.code) ?? str(o.message) ?? (typeof err === 'string' ? err : 'unknown error');
  const retry = o.retryAfterMs;
  const fault: PostFault = { permanent: o.permanent === true, uncertain: o.uncertain === true, reason: reason.slice(0, 200) };
  return typeof retry === 'number' && Number.isFinite(retry) && retry >= 0 ? { ...fault, retryAfterMs: retry } : fault;
}

/** A stable nonce for a channel's tip of a date: at most 25 characters, as Discord allows. */
export function tipNonce(target: TipTarget, localDate: LocalDate): string {
  const key = `${target.platform}:${target.channelId}:${localDate}`;
  return `tip${hash32(key).toString(36)}${hash32(`${key}:2`).toString(36)}`;
}

export interface Clock {
  now(): Date;
}

/** The log calls the scheduler makes; a pino logger fits. */
export type TipLogger = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;

export type TipOutcomeStatus =
  /** Posted now. */
  | 'posted'
  /** Claimed but the post failed (transient); a later tick may retry. */
  | 'failed'
  /** The post may or may not have gone through (e.g. Slack answered 5xx after the request was sent): never retried. */
  | 'uncertain'
  /** The channel is gone or forbids the bot: subscription marked inactive. */
  | 'deactivated'
  /** Due, but the claim was already taken: posted earlier, in flight elsewhere, or out of attempts. */
  | 'already-claimed'
  /** The date is not one the subscription asked for (only from `postDate`). */
  | 'not-scheduled'
  /** The knowledge base has no tips. */
  | 'no-tips';

export interface TipOutcome extends TipTarget {
  readonly localDate: LocalDate;
  readonly status: TipOutcomeStatus;
  readonly tipId?: string;
  readonly text?: string;
  readonly messageId?: string;
  readonly attempt?: number;
  readonly error?: string;
}

export interface TipSchedulerOptions {
  readonly store: TipStore;
  /** The tips: a knowledge base, or a function returning the current list. */
  readonly tips: TipSource;
  readonly poster: TipPoster;
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** Default: setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** How late a missed tip may still be posted, in minutes. Default 120. */
  readonly graceMinutes?: number;
  /** Attempts per channel and date, first one included. Default 3. */
  readonly maxAttempts?: number;
  /** The longest Retry-After waited for inside a tick. Default 60 000 ms. */
  readonly maxRetryWaitMs?: number;
  /** How long one database step waits for a lock held by another process. Default 30 000 ms. */
  readonly busyWaitMs?: number;
  readonly logger?: TipLogger;
}

const noop = () => {};
const SILENT: TipLogger = { info: noop, warn: noop, error: noop, debug: noop } as unknown as TipLogger;
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const systemClock: Clock = { now: () => new Date() };

/** True when the subscription asked for a tip on local date `date`. */
export function isScheduledDay(sub: Pick<Subscription, 'days'>, date: LocalDate): boolean {
  return sub.days === 'daily' || isWeekday(date);
}

/**
 * The earliest slot a subscription can owe. One made by `/tip subscribe` owes
 * nothing from before it was made (subscribing at 09:05 does not post the
 * 09:00 tip at once); one from TIP_CHANNELS was planned ahead, so a first start
 * at 09:20 still posts that day's 09:00 tip within the grace window.
 */
function owedFrom(sub: Subscription): number {
  return sub.createdBy === CONFIG_CREATOR ? Number.NEGATIVE_INFINITY : Date.parse(sub.createdAt);
}

/**
 * The local dates whose slot is due at `now` for a subscription: at most two
 * (yesterday's, when a late-evening slot is still within grace, and today's).
 */
export function dueDates(sub: Subscription, now: Date, graceMs: number): LocalDate[] {
  const t = now.getTime();
  const today = localParts(now, sub.timezone).date;
  const created = owedFrom(sub);
  const out: LocalDate[] = [];
  for (const date of [addDays(today, -1), today]) {
    if (!isScheduledDay(sub, date)) continue;
    const slot = slotInstant(date, sub.time, sub.timezone).getTime();
    if (slot < created) continue;
    if (slot <= t && t - slot <= graceMs) out.push(date);
  }
  return out;
}

/**
 * When the channel's next tip will be posted: the next slot not yet claimed
 * (or whose last attempt failed) that is not past its grace window; `now`
 * itself when one is due. Undefined for an inactive subscription.
 */
export function nextPostTime(store: TipStore, sub: Subscription, now: Date, graceMs: number): Date | undefined {
  if (!sub.active) return undefined;
  const t = now.getTime();
  const today = localParts(now, sub.timezone).date;
  const created = owedFrom(sub);
  for (let i = -1; i <= 8; i++) {
    const date = addDays(today, i);
    if (!isScheduledDay(sub, date)) continue;
    const slot = slotInstant(date, sub.time, sub.timezone).getTime();
    if (slot < created || t - slot > graceMs) continue;
    const claim = store.getClaim(sub, date);
    if (claim && (claim.postedAt !== null || claim.failedAt === null)) continue;
    return new Date(Math.max(slot, t));
  }
  return undefined;
}

export class TipScheduler {
  readonly store: TipStore;
  readonly graceMs: number;
  private readonly tips: TipSource;
  private readonly poster: TipPoster;
  private readonly clock: Clock;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxAttempts: number;
  private readonly maxRetryWaitMs: number;
  private readonly logger: TipLogger;
  private readonly busyWaitMs: number;
  /** Aborted by {@link stop}: a tick waiting for a locked database gives up at once. */
  private stopping = new AbortController();
  private cron: Cron | undefined;
  private current: Promise<unknown> | undefined;

  constructor(options: TipSchedulerOptions) {
    this.store = options.store;
    this.tips = options.tips;
    this.poster = options.poster;
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    this.graceMs = Math.max(0, options.graceMinutes ?? DEFAULT_GRACE_MINUTES) * 60_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    this.maxRetryWaitMs = options.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS;
    this.logger = options.logger ?? SILENT;
    this.busyWaitMs = Math.max(0, options.busyWaitMs ?? DEFAULT_BUSY_WAIT_MS);
  }

  /** One store step, retried asynchronously while another process holds the lock. */
  private db<T>(what: string, step: () => T): Promise<T> {
    return retryBusy(what, step, { deadlineMs: this.busyWaitMs, signal: this.stopping.signal });
  }

  /**
   * One tick: posts every tip that is due at `now` and not yet claimed
   * (only to the subscriptions `only` lets through, when given). Channels are
   * handled one after another; one channel's failure never stops the others.
   */
  async runDue(now: Date = this.clock.now(), only?: (sub: Subscription) => boolean): Promise<TipOutcome[]> {
    const tips = resolveTips(this.tips);
    const outcomes: TipOutcome[] = [];
    for (const sub of await this.db('list subscriptions', () => this.store.listSubscriptions({ activeOnly: true }))) {
      if (only && !only(sub)) continue;
      let dates: LocalDate[];
      try {
        dates = dueDates(sub, now, this.graceMs);
      } catch (err) {
        this.logger.error({ err, platform: sub.platform, channelId: sub.channelId }, 'tips: cannot schedule channel');
        continue;
      }
      for (const date of dates) outcomes.push(await this.claimAndPost(sub, date, tips, now));
    }
    return outcomes;
  }

  /**
   * Posts the tips for local date `date` to every active subscription (or
   * those `only` lets through) that asked for that day of the week, whatever
   * the time — for `tip post --date D` backfills. Still once per channel and date.
   */
  async postDate(date: LocalDate, only?: (sub: Subscription) => boolean): Promise<TipOutcome[]> {
    const tips = resolveTips(this.tips);
    const outcomes: TipOutcome[] = [];
    for (const sub of await this.db('list subscriptions', () => this.store.listSubscriptions({ activeOnly: true }))) {
      if (only && !only(sub)) continue;
      if (!isScheduledDay(sub, date)) {
        outcomes.push({ platform: sub.platform, channelId: sub.channelId, localDate: date, status: 'not-scheduled' });
        continue;
      }
      outcomes.push(await this.claimAndPost(sub, date, tips, this.clock.now()));
    }
    return outcomes;
  }

  /** Starts the per-minute croner timer (and ticks once right away, to catch up after a restart). */
  start(): void {
    if (this.cron) return;
    if (this.stopping.signal.aborted) this.stopping = new AbortController();
    this.cron = new Cron('* * * * *', { protect: true, name: 'hallway-tips' }, () => this.tick());
    void this.tick();
  }

  /** Stops the timer and waits for a tick in progress. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.cron?.stop();
    this.cron = undefined;
    await this.current;
  }

  private async tick(): Promise<void> {
    if (this.current) return;
    const run = this.runDue(this.clock.now()).catch((err: unknown) => {
      this.logger.error({ err }, 'tips: tick failed');
    });
    this.current = run;
    try {
      await run;
    } finally {
      this.current = undefined;
    }
  }

  private async claimAndPost(sub: Subscription, date: LocalDate, tips: readonly TipContent[], now: Date): Promise<TipOutcome> {
    const target: TipTarget = { platform: sub.platform, channelId: sub.channelId };
    const base = { ...target, localDate: date };
    let ticket: ClaimTicket | undefined;
    try {
      if (tips.length === 0) return { ...base, status: 'no-tips' };
      ticket = await this.db('claim a tip', () => this.store.claim(target, date, tips, now.toISOString(), this.maxAttempts));
    } catch (err) {
      // Nothing was claimed, so nothing was posted: a later tick tries again.
      if (err instanceof TipsBusyError) this.logger.warn({ ...base, reason: err.message }, 'tips: database locked; tip delayed');
      else this.logger.error({ err, ...base }, 'tips: cannot claim');
      return { ...base, status: 'failed', error: classifyPostError(err).reason };
    }
    if (!ticket) return { ...base, status: 'already-claimed' };
    return this.post(ticket);
  }

  private async post(ticket: ClaimTicket): Promise<TipOutcome> {
    const target: TipTarget = { platform: ticket.platform, channelId: ticket.channelId };
    const tip: PostedTip = {
      tipId: ticket.tipId,
      text: ticket.text,
      source: ticket.source,
      localDate: ticket.localDate,
      nonce: tipNonce(target, ticket.localDate),
      attempt: ticket.attempt,
    };
    let waited = false;
    for (;;) {
      let result: Awaited<ReturnType<TipPoster>>;
      try {
        result = await this.poster(target, tip);
      } catch (err) {
        const fault = classifyPostError(err);
        if (fault.retryAfterMs !== undefined && !fault.permanent && !fault.uncertain && !waited && fault.retryAfterMs <= this.maxRetryWaitMs) {
          waited = true;
          this.logger.debug({ ...target, retryAfterMs: fault.retryAfterMs }, 'tips: rate limited, retrying once');
          await this.sleep(fault.retryAfterMs);
          continue;
        }
        return this.recordFault(ticket, fault);
      }
      // Delivered. From here on nothing may make the claim retryable.
      return this.recordPosted(ticket, result?.messageId);
    }
  }

  /** Records a delivered post. A database that refuses is logged, never turned into a retry. */
  private async recordPosted(ticket: ClaimTicket, messageId: string | undefined): Promise<TipOutcome> {
    const target: TipTarget = { platform: ticket.platform, channelId: ticket.channelId };
    const base = { ...target, localDate: ticket.localDate, tipId: ticket.tipId, text: ticket.text, attempt: ticket.attempt };
    const where = { ...target, localDate: ticket.localDate, tipId: ticket.tipId, messageId };
    try {
      await this.db('record a posted tip', () => this.store.markPosted(target, ticket.localDate, messageId, this.clock.now().toISOString()));
      this.logger.info(where, 'tips: posted');
    } catch (err) {
      // The claim stays in flight (failed_at null): no tick, here or elsewhere, takes it again.
      this.logger.error({ err, ...where }, 'tips: posted, but the database could not record it; the claim stays taken, so it is not posted again');
    }
    return messageId === undefined ? { ...base, status: 'posted' } : { ...base, status: 'posted', messageId };
  }

  /** Records a failed or uncertain attempt; when the database refuses, the claim stays in flight (not retried). */
  private async recordFault(ticket: ClaimTicket, fault: PostFault): Promise<TipOutcome> {
    const target: TipTarget = { platform: ticket.platform, channelId: ticket.channelId };
    const base = { ...target, localDate: ticket.localDate, tipId: ticket.tipId, text: ticket.text, attempt: ticket.attempt };
    const nowIso = () => this.clock.now().toISOString();
    try {
      if (fault.uncertain) {
        // Like a crash mid-post: the claim stays in flight and is never retaken,
        // since a second tip is worse than a missing one. Checked before
        // `permanent`: a post that may exist is never anything else.
        this.logger.warn({ ...target, localDate: ticket.localDate, reason: fault.reason }, 'tips: post may or may not have gone through; not retried');
        await this.db('note an uncertain post', () => this.store.noteError(target, ticket.localDate, `uncertain: ${fault.reason}`));
        return { ...base, status: 'uncertain', error: fault.reason };
      }
      if (fault.permanent) {
        await this.db('record a failed post', () => this.store.markFailed(target, ticket.localDate, `permanent: ${fault.reason}`, nowIso()));
        if (await this.db('switch a channel off', () => this.store.deactivate(target, fault.reason))) {
          this.logger.warn({ ...target, reason: fault.reason }, 'tips: channel cannot be posted to; subscription marked inactive');
        }
        return { ...base, status: 'deactivated', error: fault.reason };
      }
      this.logger.warn({ ...target, localDate: ticket.localDate, reason: fault.reason, attempt: ticket.attempt }, 'tips: post failed');
      await this.db('record a failed post', () => this.store.markFailed(target, ticket.localDate, fault.reason, nowIso()));
    } catch (err) {
      this.logger.error(
        { err, ...target, localDate: ticket.localDate, reason: fault.reason },
        'tips: the database could not record the failed post; the claim stays taken and is not retried',
      );
    }
    return { ...base, status: 'failed', error: fault.reason };
  }
}
