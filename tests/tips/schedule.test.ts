import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/base.js';
import { tipCatalog } from '../../src/tips/content.js';
import { TipPostError, TipScheduler, type TipLogger, type TipPoster } from '../../src/tips/schedule.js';
import { TipStore } from '../../src/tips/store.js';
import { applyConfiguredChannels } from '../../src/tips/config.js';
import {
  DISCORD_C,
  everyMinute,
  FakeClock,
  knowledge,
  recordingPoster,
  SLACK_A,
  SLACK_B,
  subscribe,
  tempDbPath,
  cleanup,
} from './helpers.js';

let kb: KnowledgeBase;
const open: TipStore[] = [];
beforeAll(async () => {
  kb = await knowledge();
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  cleanup();
});

function storeAt(path: string): TipStore {
  const s = TipStore.open(path);
  open.push(s);
  return s;
}

function scheduler(store: TipStore, poster: TipPoster, clock: FakeClock, extra: Partial<ConstructorParameters<typeof TipScheduler>[0]> = {}) {
  return new TipScheduler({ store, tips: kb, poster, clock, sleep: async () => {}, ...extra });
}

// Monday 2 March 2026; 09:00 in Berlin (CET) is 08:00Z.
const MON = '2026-03-02';

describe('exactly one post per channel per day', () => {
  it('survives a restart at 08:59:59 (new scheduler and store on the same file)', async () => {
    const path = tempDbPath();
    const clock = new FakeClock(`${MON}T07:58:00Z`);
    const rec = recordingPoster();
    let store = storeAt(path);
    subscribe(store, SLACK_A);
    let s = scheduler(store, rec.poster, clock);
    expect(await s.runDue(clock.set(`${MON}T07:59:00Z`))).toEqual([]);
    await s.runDue(clock.set(`${MON}T07:59:59Z`));
    store.close(); // the process dies at 08:59:59 local
    store = storeAt(path);
    s = scheduler(store, rec.poster, clock);
    await everyMinute(`${MON}T08:00:00Z`, `${MON}T10:30:00Z`, (now) => s.runDue(now), clock);
    expect(rec.posts).toHaveLength(1);
    expect(rec.posts[0]!.tip.localDate).toBe(MON);

    // …and a restart right after the post does not post again.
    store.close();
    store = storeAt(path);
    s = scheduler(store, rec.poster, clock);
    await everyMinute(`${MON}T08:01:00Z`, `${MON}T10:30:00Z`, (now) => s.runDue(now));
    expect(rec.posts).toHaveLength(1);
    const claim = store.getClaim(SLACK_A, MON)!;
    expect(claim.postedAt).toBe('2026-03-02T08:00:00.000Z');
    expect(claim.messageId).toBe('m1');
    expect(claim.tipId).toBe(rec.posts[0]!.tip.tipId);
  });

  it('a timer firing at 08:59:59.995 and again at 09:00:00 posts once', async () => {
    const store = storeAt(':memory:');
    subscribe(store, SLACK_A);
    const clock = new FakeClock(`${MON}T07:59:59.995Z`);
    const rec = recordingPoster();
    const s = scheduler(store, rec.poster, clock);
    expect(await s.runDue(clock.now())).toEqual([]);
    expect(rec.posts).toHaveLength(0);
    await s.runDue(clock.set(`${MON}T08:00:00.000Z`));
    await s.runDue(clock.set(`${MON}T08:00:00.001Z`));
    // two overlapping ticks (a double fire while the first post is in flight)
    await Promise.all([s.runDue(clock.set(`${MON}T08:00:30Z`)), s.runDue(clock.now())]);
    expect(rec.posts).toHaveLength(1);
  });

  it('two schedulers on one database file, both ticking at 09:00, post once per channel', async () => {
    const path = tempDbPath();
    const a = storeAt(path);
    const b = storeAt(path);
    for (const t of [SLACK_A, SLACK_B, DISCORD_C]) subscribe(a, t);
    const clock = new FakeClock(`${MON}T08:00:00Z`);
    const rec = recordingPoster();
    const sa = scheduler(a, rec.poster, clock);
    const sb = scheduler(b, rec.poster, clock);
    await Promise.all([sa.runDue(clock.now()), sb.runDue(clock.now()), sa.runDue(clock.now()), sb.runDue(clock.now())]);
    await everyMinute(`${MON}T08:01:00Z`, `${MON}T08:10:00Z`, (now) => Promise.all([sa.runDue(now), sb.runDue(now)]));
    expect(rec.posts).toHaveLength(3);
    expect(new Set(rec.posts.map((p) => `${p.target.platform}:${p.target.channelId}`)).size).toBe(3);
  });

  it('down from 08:55 to 09:10: the missed tip is posted once, at 09:10', async () => {
    const store = storeAt(':memory:');
    subscribe(store, SLACK_A);
    const clock = new FakeClock(`${MON}T07:54:00Z`);
    const rec = recordingPoster();
    const s = scheduler(store, rec.poster, clock);
    await everyMinute(`${MON}T07:50:00Z`, `${MON}T07:56:00Z`, (now) => s.runDue(now), clock);
    await everyMinute(`${MON}T08:10:00Z`, `${MON}T12:00:00Z`, (now) => s.runDue(now), clock);
    expect(rec.posts).toHaveLength(1);
    expect(store.getClaim(SLACK_A, MON)!.claimedAt).toBe('2026-03-02T08:10:00.000Z');
  });

  it('a TIP_CHANNELS channel first applied at 09:20 still gets that day\'s tip; one subscribed by command at 09:20 starts the next day', async () => {
    const store = storeAt(':memory:');
    applyConfiguredChannels(store, [{ ...SLACK_A, time: '09:00', timezone: 'Europe/Berlin', days: 'weekdays' }], new Date(`${MON}T08:20:00Z`));
    subscribe(store, SLACK_B, '09:00', 'Europe/Berlin', 'weekdays', `${MON}T08:20:00Z`);
    const rec = recordingPoster();
    const s = scheduler(store, rec.poster, new FakeClock(`${MON}T08:20:00Z`));
    await everyMinute(`${MON}T08:20:00Z`, `${MON}T09:00:00Z`, (now) => s.runDue(now));
    expect(rec.posts.map((p) => `${p.target.channelId} ${p.tip.localDate}`)).toEqual([`C0A ${MON}`]);
  });

  it('down until 11:30 with a 2 h grace window: the day is skipped, the next day is posted', async () => {
    const store = storeAt(':memory:');
    subscribe(store, SLACK_A);
    const clock = new FakeClock(`${MON}T10:30:00Z`);
    const rec = recordingPoster();
    const s = scheduler(store, rec.poster, clock, { graceMinutes: 120 });
    await everyMinute(`${MON}T10:30:00Z`, '2026-03-03T07:59:00Z', (now) => s.runDue(now));
    expect(rec.posts).toHaveLength(0);
    expect(store.getClaim(SLACK_A, MON)).toBeUndefined();
    await s.runDue(new Date('2026-03-03T08:00:00Z'));
    expect(rec.posts.map((p) => p.tip.localDate)).toEqual(['2026-03-03']);
  });

  it('at the edge of the grace window: 11:00 still posts', async () => {
    const store = storeAt(':memory:');
    subscribe(store, SLACK_A);
    const rec = recordingPoster();
    const s = scheduler(store, rec.poster, new FakeClock(`${MON}T10:00:00Z`));
    await s.runDue(new Date(`${MON}T10:00:00Z`));
    expect(rec.posts).toHaveLength(1);
  });

  it('Europe/Berlin spring-forward day: a 02:30 and a 09:00 subscription each post once', async () => {
    const store = storeAt(':memory:');
    subscribe(store, SLACK_A, '02:30', 'Europe/Berlin', 'daily');
    subscribe(store, SLACK_B, '09:00', 'Europe/Berlin', 'daily');
    const rec = recordingPoster();
    const clock = new FakeClock('2026-03-28T22:00:00Z');
    const s = scheduler(store, rec.poster, clock);
    await everyMinute('2026-03-28T22:00:00Z', '2026-03-29T22:00:00Z', (now) => s.runDue(now), clock);
    expect(rec.posts.map((p) => [p.target.channelId, p.tip.localDate])).toEqual([
      ['C0A', '2026-03-29'],
      ['C0B', '2026-03-29'],
    ]);
    expect(store.getClaim(SLACK_A, '2026-03-29')!.postedAt).toBe('2026-03-29T01:00:00.000Z'); // 03:00 CEST
    expect(store.getClaim(SLACK_B, '2026-03-29')!.postedAt).toBe('2026-03-29T07:00:00.000Z'); // 09:00 CEST
  });

  it('America/New_York fall-back day: a 01:30 subscription posts exactly once', async () => {
    const store = storeAt(':memory:');
    subscribe(store, SLACK_A, '01:30', 'America/New_York', 'daily');
    subscribe(store, DISCORD_C, '09:00', 'America/New_York', 'daily');
    const rec = recordingPoster();
    const clock = new FakeClock('2026-11-01T04:00:00Z');
    const s = scheduler(store, rec.poster, clock);
    // 00:00 EDT to 00:00 EST the next day, covering both 01:30s.
    await everyMinute('2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z', (now) => s.runDue(now), clock);
    expect(rec.posts.map((p) => [p.target.channelId, p.tip.localDate])).toEqual([
      ['C0A', '2026-11-01'],
      ['123456789012345678', '2026-11-01'],
    ]);
    expect(store.getClaim(SLACK_A, '2026-11-01')!.postedAt).toBe('2026-11-01T05:30:00.000Z'); // the first 01:30 (EDT)
  });

  it('weekdays: nothing on Saturday or Sunday, a tip on Monday', async () => {
    const store = storeAt(':memory:');
    subscribe(store, SLACK_A, '09:00', 'Europe/Berlin', 'weekdays');
    const rec = recordingPoster();
    const s = scheduler(store, rec.poster, new FakeClock('2026-03-07T00:00:00Z'));
    await everyMinute('2026-03-06T23:00:00Z', '2026-03-08T23:00:00Z', (now) => s.runDue(now)); // Sat + Sun, Berlin
    expect(rec.posts).toHaveLength(0);
    await s.runDue(new Date('2026-03-09T08:00:00Z'));
    expect(rec.posts.map((p) => p.tip.localDate)).toEqual(['2026-03-09']);
  });

  it('uses the channel time zone for the weekday (Friday evening in New York is Saturday in Tokyo)', async () => {
    const store = storeAt(':memory:');
    subscribe(store, SLACK_A, '09:00', 'Asia/Tokyo', 'weekdays');
    const rec = recordingPoster();
    const s = scheduler(store, rec.poster, new FakeClock('2026-03-07T00:00:00Z'));
    await s.runDue(new Date('2026-03-07T00:00:00Z')); // Saturday 09:00 in Tokyo, still Friday in UTC
    expect(rec.posts).toHaveLength(0);
    await s.runDue(new Date('2026-03-06T00:00:00Z')); // Friday 09:00 in Tokyo
    expect(rec.posts).toHaveLength(1);
  });

  it('does not post a slot from before the subscription was made', async () => {
    const store = storeAt(':memory:');
    subscribe(store, SLACK_A, '09:00', 'Europe/Berlin', 'weekdays', `${MON}T08:05:00Z`);
    const rec = recordingPoster();
    const s = scheduler(store, rec.poster, new FakeClock(`${MON}T08:10:00Z`));
    await s.runDue(new Date(`${MON}T08:10:00Z`));
    expect(rec.posts).toHaveLength(0);
  });

  it('a 23:30 slot missed until 00:15 is still posted for the previous date', async () => {
    const store = storeAt(':memory:');
    subscribe(store, SLACK_A, '23:30', 'UTC', 'daily');
    const rec = recordingPoster();
    const s = scheduler(store, rec.poster, new FakeClock('2026-03-03T00:15:00Z'));
    await s.runDue(new Date('2026-03-03T00:15:00Z'));
    expect(rec.posts.map((p) => p.tip.localDate)).toEqual(['2026-03-02']);
  });
});

describe('rotation through the scheduler', () => {
  it('30 days in one channel post 30 different tips; two channels have different orders', async () => {
    expect(tipCatalog(kb).length).toBeGreaterThanOrEqual(30);
    const store = storeAt(tempDbPath());
    subscribe(store, SLACK_A, '09:00', 'UTC', 'daily');
    subscribe(store, DISCORD_C, '09:00', 'UTC', 'daily');
    const rec = recordingPoster();
    const s = scheduler(store, rec.poster, new FakeClock('2026-03-01T09:00:00Z'));
    for (let d = 0; d < 30; d++) {
      const at = Date.parse('2026-03-01T09:00:00Z') + d * 86_400_000;
      await s.runDue(new Date(at));
      await s.runDue(new Date(at + 60_000));
    }
    const a = rec.posts.filter((p) => p.target.channelId === SLACK_A.channelId).map((p) => p.tip.tipId);
    const c = rec.posts.filter((p) => p.target.channelId === DISCORD_C.channelId).map((p) => p.tip.tipId);
    expect(a).toHaveLength(30);
    expect(new Set(a).size).toBe(30);
    expect(new Set(c).size).toBe(30);
    expect(a).not.toEqual(c);
    for (const p of rec.posts) {
      expect(p.tip.text.trim().length).toBeGreaterThan(0);
      expect(p.tip.source).toMatch(/^(Talk|Tool|Booth|Book): \S/);
      expect(p.tip.nonce.length).toBeLessThanOrEqual(25);
    }
    expect(store.tipsLeft(SLACK_A, tipCatalog(kb))).toEqual({ left: tipCatalog(kb).length - 30, total: tipCatalog(kb).length });
  });
});

describe('posting faults', () => {
  function recordingLogger() {
    const lines: { level: string; obj: unknown; msg: string }[] = [];
    const at = (level: string) => (obj: unknown, msg: string) => void lines.push({ level, obj, msg });
    const logger = { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') } as unknown as TipLogger;
    return { logger, lines };
  }

  it('a 429 with retryAfterMs 1000 is retried once after waiting, and posts once', async () => {
    const store = storeAt(':memory:');
    subscribe(store, SLACK_A);
    const rec = recordingPoster((_t, _tip, call) =>
      call === 1 ? new TipPostError('rate limited', { retryAfterMs: 1000 }) : undefined,
    );
    const waits: number[] = [];
    const s = scheduler(store, rec.poster, new FakeClock(`${MON}T08:00:00Z`), {
      sleep: async (ms) => void waits.push(ms),
    });
    const out = await s.runDue(new Date(`${MON}T08:00:00Z`));
    expect(waits).toEqual([1000]);
    expect(rec.calls).toHaveLength(2);
    expect(rec.posts).toHaveLength(1);
    expect(out.map((o) => o.status)).toEqual(['posted']);
    expect(rec.calls[0]!.tip.nonce).toBe(rec.calls[1]!.tip.nonce);
  });

  it('a second 429 is not waited for again: the attempt fails and a later tick retries it', async () => {
    const store = storeAt(':memory:');
    subscribe(store, SLACK_A);
    const rec = recordingPoster((_t, _tip, call) => (call <= 2 ? { retryAfterMs: 1000 } : undefined));
    const waits: number[] = [];
    const s = scheduler(store, rec.poster, new FakeClock(`${MON}T08:00:00Z`), { sleep: async (ms) => void waits.push(ms) });
    expect((await s.runDue(new Date(`${MON}T08:00:00Z`))).map((o) => o.status)).toEqual(['failed']);
    expect(waits).toEqual([1000]);
    expect(store.getClaim(SLACK_A, MON)!.postedAt).toBeNull();
    expect((await s.runDue(new Date(`${MON}T08:01:00Z`))).map((o) => o.status)).toEqual(['posted']);
    expect(rec.posts).toHaveLength(1);
    expect(rec.posts[0]!.tip.attempt).toBe(2);
  });

  it('a permanent error on channel A marks A inactive, logs once, and channel B still gets its tip', async () => {
    const store = storeAt(':memory:');
    subscribe(store, SLACK_A);
    subscribe(store, SLACK_B);
    const rec = recordingPoster((t) =>
      t.channelId === SLACK_A.channelId ? new TipPostError('channel_not_found', { permanent: true, reason: 'channel_not_found' }) : undefined,
    );
    const log = recordingLogger();
    const s = scheduler(store, rec.poster, new FakeClock(`${MON}T08:00:00Z`), { logger: log.logger });
    const out = await s.runDue(new Date(`${MON}T08:00:00Z`));
    expect(out.map((o) => [o.channelId, o.status])).toEqual([
      ['C0A', 'deactivated'],
      ['C0B', 'posted'],
    ]);
    expect(rec.posts.map((p) => p.target.channelId)).toEqual(['C0B']);
    expect(store.getSubscription(SLACK_A)).toMatchObject({ active: false, inactiveReason: 'channel_not_found' });
    // no retry loop: later ticks and days do not touch A again
    await everyMinute(`${MON}T08:01:00Z`, `${MON}T09:00:00Z`, (now) => s.runDue(now));
    await s.runDue(new Date('2026-03-03T08:00:00Z'));
    expect(rec.calls.filter((c) => c.target.channelId === 'C0A')).toHaveLength(1);
    expect(log.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(rec.posts.map((p) => p.target.channelId)).toEqual(['C0B', 'C0B']);
  });

  it('a transient failure keeps the claim and is retried by a later tick with the same text, up to 3 attempts', async () => {
    const store = storeAt(':memory:');
    subscribe(store, SLACK_A);
    const rec = recordingPoster(() => new Error('socket hang up'));
    const s = scheduler(store, rec.poster, new FakeClock(`${MON}T08:00:00Z`));
    await everyMinute(`${MON}T08:00:00Z`, `${MON}T08:10:00Z`, (now) => s.runDue(now));
    expect(rec.calls).toHaveLength(3);
    expect(new Set(rec.calls.map((c) => c.tip.text)).size).toBe(1);
    expect(rec.calls.map((c) => c.tip.attempt)).toEqual([1, 2, 3]);
    const claim = store.getClaim(SLACK_A, MON)!;
    expect(claim).toMatchObject({ postedAt: null, attempts: 3, lastError: 'socket hang up' });
    expect(store.getSubscription(SLACK_A)!.active).toBe(true);
  });

  it('a claim left in flight by a crash is never retried (at most once)', async () => {
    const store = storeAt(':memory:');
    subscribe(store, SLACK_A);
    store.claim(SLACK_A, MON, tipCatalog(kb), `${MON}T08:00:00Z`); // claimed, then the process died mid-post
    const rec = recordingPoster();
    const s = scheduler(store, rec.poster, new FakeClock(`${MON}T08:00:00Z`));
    await everyMinute(`${MON}T08:01:00Z`, `${MON}T10:00:00Z`, (now) => s.runDue(now));
    expect(rec.calls).toHaveLength(0);
  });

  it('a post whose outcome is uncertain (timeout without idempotency) is never retried', async () => {
    const store = storeAt(':memory:');
    subscribe(store, SLACK_A);
    const rec = recordingPoster(() => new TipPostError('timed out', { uncertain: true, reason: 'timeout' }));
    const s = scheduler(store, rec.poster, new FakeClock(`${MON}T08:00:00Z`));
    const statuses: string[] = [];
    await everyMinute(`${MON}T08:00:00Z`, `${MON}T10:00:00Z`, async (now) => statuses.push(...(await s.runDue(now)).map((o) => o.status)));
    expect(rec.calls).toHaveLength(1);
    expect(statuses[0]).toBe('uncertain');
    expect(new Set(statuses.slice(1))).toEqual(new Set(['already-claimed']));
    expect(store.getClaim(SLACK_A, MON)).toMatchObject({ postedAt: null, attempts: 1, lastError: 'uncertain: timeout' });
    expect(store.getSubscription(SLACK_A)!.active).toBe(true);
  });

  it('a throwing poster in one channel does not stop the others', async () => {
    const store = storeAt(':memory:');
    subscribe(store, SLACK_A);
    subscribe(store, SLACK_B);
    const rec = recordingPoster((t) => (t.channelId === 'C0A' ? 'boom' : undefined));
    const s = scheduler(store, rec.poster, new FakeClock(`${MON}T08:00:00Z`));
    const out = await s.runDue(new Date(`${MON}T08:00:00Z`));
    expect(out.map((o) => o.status)).toEqual(['failed', 'posted']);
  });
});

describe('timer', () => {
  it('start() ticks at once with the injected clock, stop() waits for the tick', async () => {
    const store = storeAt(':memory:');
    subscribe(store, SLACK_A);
    const rec = recordingPoster();
    const s = scheduler(store, rec.poster, new FakeClock(`${MON}T08:00:00Z`));
    s.start();
    s.start(); // idempotent
    await s.stop();
    expect(rec.posts).toHaveLength(1);
  });
});
