import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/base.js';
import { TipScheduler } from '../../src/tips/schedule.js';
import { TipsService, type TipsContext } from '../../src/tips/service.js';
import { TipStore } from '../../src/tips/store.js';
import { FakeClock, knowledge, recordingPoster, SLACK_A } from './helpers.js';

let kb: KnowledgeBase;
let store: TipStore;
beforeAll(async () => {
  kb = await knowledge();
});
afterEach(() => store?.close());

const ctx = (text: string, canManage = true, channelId = SLACK_A.channelId): TipsContext => ({
  platform: 'slack',
  channelId,
  userId: 'U42',
  text,
  canManage,
});

function setup(iso = '2026-03-02T06:00:00Z', defaultTimezone = 'UTC') {
  store = TipStore.open(':memory:');
  const clock = new FakeClock(iso);
  const service = new TipsService({ store, tips: kb, clock, defaultTimezone });
  return { clock, service };
}

describe('TipsService', () => {
  it('refuses subscribe and unsubscribe without canManage, clearly', async () => {
    const { service } = setup();
    const r = await service.handle(ctx('subscribe 07:30', false));
    expect(r.status).toBe('notice');
    expect(r.lead).toMatch(/Only people who can manage this channel/);
    expect(store.getSubscription(SLACK_A)).toBeUndefined();
    expect((await service.handle(ctx('unsubscribe', false))).lead).toMatch(/Only people who can manage/);
  });

  it('parses "07:30 Europe/Berlin daily" and shows the next time', async () => {
    const { service } = setup('2026-03-02T06:00:00Z'); // 07:00 in Berlin, Monday
    const r = await service.handle(ctx('subscribe 07:30 Europe/Berlin daily'));
    expect(r.status).toBe('notice');
    expect(store.getSubscription(SLACK_A)).toMatchObject({
      time: '07:30',
      timezone: 'Europe/Berlin',
      days: 'daily',
      active: true,
      // Who subscribed, as an opaque hash: the database never holds the platform's user id.
      createdBy: expect.stringMatching(/^user:[0-9a-f]{16}$/),
    });
    expect(r.lead).toContain('every day at 07:30 (Europe/Berlin)');
    expect(r.fields).toContainEqual({ name: 'Next tip', value: 'Mon 2 Mar 2026, 07:30 (Europe/Berlin)' });
  });

  it('uses the defaults: 09:00, the default zone, weekdays; rejects bad words', async () => {
    const { service } = setup('2026-03-06T12:00:00Z', 'America/New_York'); // Friday
    await service.handle(ctx('subscribe'));
    expect(store.getSubscription(SLACK_A)).toMatchObject({ time: '09:00', timezone: 'America/New_York', days: 'weekdays' });
    const bad = await service.handle(ctx('subscribe 25:00'));
    expect(bad.lead).toMatch(/not a time of day/);
    const zone = await service.handle(ctx('subscribe 09:00 Mars/Olympus'));
    expect(zone.lead).toMatch(/"Mars\/Olympus" is not a time zone/);
    expect(store.getSubscription(SLACK_A)).toMatchObject({ time: '09:00', timezone: 'America/New_York' });
  });

  it('status shows the schedule, next time (skipping the weekend) and tips left', async () => {
    const { service } = setup('2026-03-06T12:00:00Z'); // Friday 13:00 Berlin, after today's slot
    await service.handle(ctx('subscribe 09:00 Europe/Berlin weekdays'));
    const r = await service.handle(ctx('status'));
    expect(r.status).toBe('notice');
    const total = kb.tips().length;
    expect(r.fields).toEqual([
      { name: 'Schedule', value: 'every weekday (Monday to Friday) at 09:00 (Europe/Berlin)' },
      { name: 'Next tip', value: 'Mon 9 Mar 2026, 09:00 (Europe/Berlin)' },
      { name: 'Tips left in this cycle', value: `${total} of ${total}` },
    ]);
  });

  it('/tip returns the same tip as today’s post, and does not consume the rotation twice', async () => {
    const { clock, service } = setup('2026-03-02T06:00:00Z');
    await service.handle(ctx('subscribe 09:00 Europe/Berlin'));
    const before = await service.handle(ctx(''));
    expect(before.status).toBe('answer');
    expect(before.lead.length).toBeGreaterThan(0);
    // Its source is named once, as the reply's source.
    expect(before.source?.talk ?? before.source?.note).toBeDefined();
    expect(before.fields).toEqual([]);
    expect(before.related).toEqual([]);
    expect((await service.handle(ctx('/tip'))).lead).toBe(before.lead);

    const rec = recordingPoster();
    const scheduler = new TipScheduler({ store, tips: kb, poster: rec.poster, clock });
    await scheduler.runDue(clock.set('2026-03-02T08:00:00Z'));
    expect(rec.posts).toHaveLength(1);
    expect(rec.posts[0]!.tip.text).toBe(before.lead);
    expect(rec.posts[0]!.tip.source).toMatch(before.source?.talk ? /^Talk: / : /^(Tool|Booth|Book): /);
    if (before.source?.talk) expect(rec.posts[0]!.tip.source).toContain(before.source.talk.label);
    expect((await service.handle(ctx(''))).lead).toBe(before.lead);

    const total = kb.tips().length;
    expect((await service.handle(ctx('status'))).fields).toContainEqual({ name: 'Tips left in this cycle', value: `${total - 1} of ${total}` });

    // the next day brings the next tip
    clock.set('2026-03-03T06:00:00Z');
    expect((await service.handle(ctx(''))).lead).not.toBe(before.lead);
  });

  it('links the source talk of a tip', async () => {
    const { service } = setup();
    const r = await service.handle(ctx(''));
    // A talk is linked as the reply's source; any other source is named in its note.
    if (r.source?.talk) expect(r.source.talk.kind).toBe('talk');
    else expect(r.source?.note).toMatch(/^(Tool|Booth|Book): /);
  });

  it('unsubscribe switches the channel off; status says so; subscribe switches it on again', async () => {
    const { service } = setup();
    expect((await service.handle(ctx('unsubscribe'))).lead).toMatch(/not subscribed/);
    await service.handle(ctx('subscribe'));
    expect((await service.handle(ctx('unsubscribe'))).lead).toMatch(/^Unsubscribed/);
    expect(store.getSubscription(SLACK_A)).toMatchObject({ active: false, inactiveReason: 'unsubscribed by a channel manager' });
    expect((await service.handle(ctx('status'))).lead).toMatch(/off here \(unsubscribed by a channel manager\)/);
    // The database keeps who subscribed as an opaque hash, never the platform's user id.
    expect(JSON.stringify(store.listSubscriptions({ activeOnly: false }))).not.toContain('U42');
    await service.handle(ctx('subscribe 08:00'));
    expect(store.getSubscription(SLACK_A)).toMatchObject({ active: true, inactiveReason: null, time: '08:00' });
  });

  it('answers unknown subcommands with usage, and status of an unsubscribed channel', async () => {
    const { service } = setup();
    const r = await service.handle(ctx('frobnicate'));
    expect(r.status).toBe('notice');
    expect(r.lead).toMatch(/I don't know "frobnicate"/);
    expect((await service.handle(ctx('status'))).lead).toMatch(/not subscribed/);
  });

  it('a store still opening is waited for; one that stays locked or fails to open gets a plain notice', async () => {
    store = TipStore.open(':memory:');
    const clock = new FakeClock('2026-03-02T06:00:00Z');
    let resolve!: (s: TipStore) => void;
    const later = new TipsService({ store: new Promise<TipStore>((r) => (resolve = r)), tips: kb, clock, busyWaitMs: 2000 });
    const pending = later.handle(ctx('subscribe 07:30'));
    setTimeout(() => resolve(store), 50);
    expect((await pending).lead).toMatch(/^Subscribed/);
    expect(store.getSubscription(SLACK_A)).toMatchObject({ time: '07:30' });

    const never = new TipsService({ store: new Promise<TipStore>(() => {}), tips: kb, clock, busyWaitMs: 50 });
    expect((await never.handle(ctx(''))).lead).toMatch(/busy .*try again in a moment/);
    const broken = new TipsService({ store: Promise.reject(new Error('SQLITE_CANTOPEN')), tips: kb, clock });
    expect((await broken.handle(ctx('status'))).lead).toMatch(/Daily tips are off: the tips database could not be opened/);
  });

  it('cleans what it echoes: no bidi overrides, invisible or control characters', async () => {
    const { service } = setup();
    const r = await service.handle(ctx('\u202Efrob\u200Bnicate\u0007'));
    expect(r.lead).toMatch(/I don't know "frobnicate"/);
    expect(r.lead).not.toMatch(/[\u0000-\u001F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/);
  });
});
