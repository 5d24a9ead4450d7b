/**
 * A second process holding the database's write lock (a real child process
 * with an open IMMEDIATE transaction on the SQLite file):
 * - while a delivered tip is being recorded (`markPosted`): the tip is never
 *   posted again, whether the lock outlasts the scheduler's wait or not;
 * - while `/tip` commands and a tick run: the event loop is never blocked for
 *   more than a few milliseconds, the work is only delayed;
 * - at start-up: the store opens (no migration needed) or is retried.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/base.js';
import { TipsBusyError, retryBusy } from '../../src/tips/busy.js';
import { TipScheduler, type TipPoster } from '../../src/tips/schedule.js';
import { TipsService } from '../../src/tips/service.js';
import { openTipStore, TipStore } from '../../src/tips/store.js';
import { cleanup, FakeClock, holdLock, knowledge, loopWatch, SLACK_A, subscribe, tempDbPath, type LockHolder } from './helpers.js';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await knowledge();
});

const stores: TipStore[] = [];
const holders: LockHolder[] = [];
afterEach(async () => {
  await Promise.all(holders.splice(0).map((h) => h.release()));
  for (const s of stores.splice(0)) s.close();
  cleanup();
});

/** Monday 2 March 2026, 09:00:30 in Berlin. */
const NINE = Date.parse('2026-03-02T08:00:30Z');
const MONDAY = '2026-03-02';

function open(path: string): TipStore {
  const s = TipStore.open(path);
  stores.push(s);
  return s;
}

/** A poster that counts deliveries and, on delivery, has another process take the lock (so markPosted meets it). */
function lockingPoster(dbPath: string) {
  const delivered: string[] = [];
  const state: { watch?: ReturnType<typeof loopWatch> } = {};
  const poster: TipPoster = async (target, tip) => {
    delivered.push(`${target.channelId} ${tip.localDate} ${tip.tipId}`);
    holders.push(await holdLock(dbPath));
    // From here the scheduler records the post against the held lock: how long is the event loop blocked?
    state.watch = loopWatch();
    return { messageId: `m${delivered.length}` };
  };
  return { poster, delivered, blockedMs: () => state.watch!.stop() };
}

/** A synchronous 1 s wait (SQLite's old 5 s busy timeout) would show as a gap of 1000 ms or more. */
const BLOCKED_LIMIT_MS = 400;

describe('a lock held by another process while a delivered tip is recorded', () => {
  it('lock outlasting the wait: one post, logged, and no later run posts again', async () => {
    const dbPath = tempDbPath();
    const store = open(dbPath);
    subscribe(store, SLACK_A);
    const { poster, delivered, blockedMs } = lockingPoster(dbPath);
    const errors: string[] = [];
    const logger = { info() {}, debug() {}, warn() {}, error: (_o: unknown, msg: string) => void errors.push(msg) } as never;
    const clock = new FakeClock('2026-03-02T08:00:30Z');
    const scheduler = new TipScheduler({ store, tips: kb, poster, clock, busyWaitMs: 1000, logger });

    const [first] = await scheduler.runDue(new Date(NINE));
    const blocked = blockedMs();
    expect(first).toMatchObject({ ...SLACK_A, localDate: MONDAY, status: 'posted', messageId: 'm1' });
    expect(delivered).toHaveLength(1);
    expect(errors.some((m) => m.includes('could not record'))).toBe(true);
    // The event loop kept turning while markPosted waited for the other process.
    expect(blocked).toBeLessThan(BLOCKED_LIMIT_MS);

    await holders.pop()!.release();
    // Not recorded as posted, but not retryable either: in flight for good.
    expect(store.getClaim(SLACK_A, MONDAY)).toMatchObject({ postedAt: null, failedAt: null, attempts: 1 });
    for (const minutes of [1, 2, 10, 60, 119]) {
      const outcomes = await scheduler.runDue(new Date(NINE + minutes * 60_000));
      expect(outcomes.map((o) => o.status)).toEqual(['already-claimed']);
    }
    // A second scheduler (another process's view) on the same file agrees.
    const other = new TipScheduler({ store: open(dbPath), tips: kb, poster, clock });
    expect((await other.runDue(new Date(NINE + 5 * 60_000))).map((o) => o.status)).toEqual(['already-claimed']);
    expect(await other.postDate(MONDAY)).toEqual([expect.objectContaining({ status: 'already-claimed' })]);
    expect(delivered).toHaveLength(1);
  });

  it('lock released within the wait: one post, recorded as posted', async () => {
    const dbPath = tempDbPath();
    const store = open(dbPath);
    subscribe(store, SLACK_A);
    const { poster, delivered, blockedMs } = lockingPoster(dbPath);
    const scheduler = new TipScheduler({ store, tips: kb, poster, clock: new FakeClock('2026-03-02T08:00:30Z') });
    // Release the other process's lock 400 ms after it was taken.
    const releaser = (async () => {
      while (holders.length === 0) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 1000));
      await holders[0]!.release();
    })();
    const [first] = await scheduler.runDue(new Date(NINE));
    const blocked = blockedMs();
    await releaser;
    expect(first).toMatchObject({ status: 'posted', messageId: 'm1' });
    expect(blocked).toBeLessThan(BLOCKED_LIMIT_MS);
    const claim = store.getClaim(SLACK_A, MONDAY)!;
    expect(claim.postedAt).not.toBeNull();
    expect(claim.messageId).toBe('m1');
    for (const minutes of [1, 30]) await scheduler.runDue(new Date(NINE + minutes * 60_000));
    expect(delivered).toHaveLength(1);
  });
});

describe('a lock held by another process, elsewhere', () => {
  it('a tick that cannot claim posts nothing, returns quickly without blocking, and posts once after the lock goes', async () => {
    const dbPath = tempDbPath();
    const store = open(dbPath);
    subscribe(store, SLACK_A);
    const delivered: string[] = [];
    const poster: TipPoster = async (t) => (delivered.push(t.channelId), { messageId: 'x' });
    const scheduler = new TipScheduler({ store, tips: kb, poster, busyWaitMs: 1000 });
    const holder = await holdLock(dbPath);
    holders.push(holder);
    const watch = loopWatch();
    const [blocked] = await scheduler.runDue(new Date(NINE));
    expect(watch.stop()).toBeLessThan(BLOCKED_LIMIT_MS);
    expect(blocked).toMatchObject({ status: 'failed' });
    expect(delivered).toEqual([]);
    await holder.release();
    const [later] = await scheduler.runDue(new Date(NINE + 60_000));
    expect(later).toMatchObject({ status: 'posted', attempt: 1 });
    expect(delivered).toEqual([SLACK_A.channelId]);
  });

  it('/tip subscribe waits for the lock asynchronously; /tip still shows the tip while locked', async () => {
    const dbPath = tempDbPath();
    open(dbPath);
    const store = open(dbPath);
    const service = new TipsService({ store, tips: kb, clock: new FakeClock('2026-03-02T06:00:00Z'), busyWaitMs: 10_000 });
    const holder = await holdLock(dbPath);
    holders.push(holder);
    const ctx = { platform: 'slack' as const, channelId: 'C0LOCK', userId: 'U1', canManage: true };

    // Plain /tip cannot write the day's pick, so after its wait it shows the pick read-only.
    const quick = new TipsService({ store, tips: kb, clock: new FakeClock('2026-03-02T06:00:00Z'), busyWaitMs: 100 });
    const today = await quick.handle({ ...ctx, text: '' });
    expect(today.status).toBe('answer');
    expect(today.lead.length).toBeGreaterThan(0);
    const busy = await quick.handle({ ...ctx, text: 'subscribe 07:30' });
    expect(busy.lead).toMatch(/busy/);
    expect(store.getSubscription({ platform: 'slack', channelId: 'C0LOCK' })).toBeUndefined();

    const watch = loopWatch();
    let answered = false;
    const pending = service.handle({ ...ctx, text: 'subscribe 07:30 Europe/Berlin' }).then((r) => ((answered = true), r));
    await new Promise((r) => setTimeout(r, 1000));
    expect(answered).toBe(false);
    await holder.release();
    const r = await pending;
    expect(watch.stop()).toBeLessThan(BLOCKED_LIMIT_MS);
    expect(r.lead).toMatch(/^Subscribed/);
    expect(store.getSubscription({ platform: 'slack', channelId: 'C0LOCK' })).toMatchObject({ active: true, time: '07:30' });
    // The /tip shown while locked is the tip picked once the lock went.
    const after = await service.handle({ ...ctx, text: '' });
    expect(after.lead).toBe(today.lead);
  });

  it('the store opens while another process holds the lock; openTipStore retries a lock it needs', async () => {
    const dbPath = tempDbPath();
    open(dbPath).close();
    const holder = await holdLock(dbPath);
    holders.push(holder);
    // Up to date: opening only reads.
    const s = TipStore.open(dbPath);
    stores.push(s);
    expect(s.schemaVersion()).toBeGreaterThan(0);
    expect(() => subscribe(s, SLACK_A)).toThrow(/locked|busy/i);
    await expect(retryBusy('subscribe', () => subscribe(s, SLACK_A), { deadlineMs: 50 })).rejects.toBeInstanceOf(TipsBusyError);
    await holder.release();

    // A fresh file whose creation is locked: openTipStore waits until the lock goes.
    const fresh = tempDbPath();
    mkdirSync(dirname(fresh), { recursive: true });
    new Database(fresh).close(); // an empty file, not yet migrated
    const freshHolder = await holdLock(fresh);
    holders.push(freshHolder);
    let opened: TipStore | undefined;
    const opening = openTipStore(fresh).then((st) => (opened = st));
    await new Promise((r) => setTimeout(r, 300));
    expect(opened).toBeUndefined();
    await freshHolder.release();
    const st = await opening;
    stores.push(st);
    expect(st.schemaVersion()).toBeGreaterThan(0);
  });
});
