/**
 * Daily tips on Discord, against the loopback fake of Discord's REST API and
 * gateway: the Discord tip poster driven by the real scheduler and the real
 * SQLite store (429 with Retry-After, channels that are gone or forbid the
 * bot, nonce and enforce_nonce, escaping, `tip post` twice), and the
 * `/tip subscribe` permission check through the real discord.js client with
 * a real tips service.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MessageFlags } from 'discord.js';
import { isTipRefusal } from '../../adapters/discord/handlers.js';
import { escapeKeepingCode, escapeText } from '../../adapters/discord/text.js';
import { createDiscordTipPoster } from '../../adapters/discord/tip-poster.js';
import type { Hallway } from '../../src/hallway.js';
import { runTipCli } from '../../src/tips/cli.js';
import { parseTipChannels } from '../../src/tips/config.js';
import { tipCatalog, type TipContent, type TipSource, type TipTarget } from '../../src/tips/content.js';
import { TipPostError, TipScheduler, classifyPostError, tipNonce, type PostedTip, type TipPoster } from '../../src/tips/schedule.js';
import { TipsService } from '../../src/tips/service.js';
import { TipStore } from '../../src/tips/store.js';
import {
  BOT_TOKEN,
  CHANNEL_ID,
  DISCORD_ERRORS,
  FakeDiscord,
  PERMISSIONS_MEMBER,
  PERMISSIONS_MODERATOR,
  RATE_LIMITED,
  TOKEN_SECRET_PART,
  USER_ID,
  interactionToken,
  slashCommand,
  type RecordedRequest,
} from './fake-discord.js';
import { callbackOf, captureLogger, connect, embedText, loadHallway, type CapturedLogger, type Connected } from './helpers.js';

/** Wednesday 4 March 2026, 09:00:30 in Berlin (CET, UTC+1). */
const WEDNESDAY_0900_BERLIN = new Date('2026-03-04T08:00:30Z');
const WEDNESDAY = '2026-03-04';
const THURSDAY_0900_BERLIN = new Date('2026-03-05T08:00:30Z');

const A: TipTarget = { platform: 'discord', channelId: '333333333333333301' };
const B: TipTarget = { platform: 'discord', channelId: '333333333333333302' };

/** A tip written to cause trouble: mentions, markdown, a masked link, a role mention, and a code span that must stay code. */
const HOSTILE: TipContent = {
  tipId: 'test/hostile',
  text: 'Wake @everyone and @here: run `top -H -p <pid>` for **threads**, see [docs](http://evil.example) <@&123> _now_',
  source: 'Talk: *16 artifacts* @everyone',
};
const hostileOnly: TipSource = () => [HOSTILE];

const ZWSP = '\u200B';

function subscribe(store: TipStore, target: TipTarget): void {
  store.subscribe({ ...target, time: '09:00', timezone: 'Europe/Berlin', days: 'weekdays', createdBy: USER_ID, createdAt: '2026-01-01T00:00:00Z' });
}

const postTo = (target: TipTarget) => (r: RecordedRequest) => r.method === 'POST' && r.route === `/channels/${target.channelId}/messages`;

/** What every tip POST must look like. */
function expectTipBody(request: RecordedRequest, target: TipTarget, localDate = WEDNESDAY): void {
  const body = request.body;
  expect(request.headers.authorization).toBe(`Bot ${BOT_TOKEN}`);
  expect(body.nonce).toBe(tipNonce(target, localDate));
  expect(body.nonce.length).toBeLessThanOrEqual(25);
  expect(body.enforce_nonce).toBe(true);
  expect(body.allowed_mentions).toEqual({ parse: [] });
  expect(typeof body.content).toBe('string');
  expect(body.content.trim().length).toBeGreaterThan(0);
  expect(body.content.length).toBeLessThanOrEqual(2000);
  expect(body.flags & MessageFlags.SuppressEmbeds).toBe(MessageFlags.SuppressEmbeds);
}

let hallway: Hallway;
beforeAll(async () => {
  hallway = await loadHallway();
});

describe('the Discord tip poster, with the real scheduler and store', () => {
  let fake: FakeDiscord;
  let store: TipStore;
  let log: CapturedLogger;
  let sleeps: number[];
  let poster: TipPoster;

  beforeEach(async () => {
    fake = await FakeDiscord.start();
    store = TipStore.open(':memory:');
    log = captureLogger();
    sleeps = [];
    poster = createDiscordTipPoster({ token: BOT_TOKEN, apiUrl: fake.apiUrl, logger: log.logger });
  });

  afterEach(async () => {
    store.close();
    await fake.close();
    // Neither the poster nor the scheduler ever logs the bot token.
    expect(log.lines.join('\n')).not.toContain(TOKEN_SECRET_PART);
  });

  const scheduler = (tips: TipSource = hostileOnly, now = WEDNESDAY_0900_BERLIN) =>
    new TipScheduler({
      store,
      tips,
      poster,
      clock: { now: () => now },
      // The scheduler's wait for Retry-After, recorded instead of slept.
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      logger: log.logger,
    });

  it('retries a 429 with Retry-After: 1 exactly once, after waiting for it, and posts one message', async () => {
    subscribe(store, A);
    const limited = RATE_LIMITED(1);
    fake.failNext(postTo(A), 429, limited.body, limited.headers);

    const outcomes = await scheduler().runDue(WEDNESDAY_0900_BERLIN);

    const posts = fake.postsTo(A.channelId);
    expect(posts.map((p) => p.status)).toEqual([429, 200]); // the 429 and exactly one retry; nothing hidden in discord.js
    expect(fake.messagesIn(A.channelId)).toHaveLength(1);
    expect(sleeps).toHaveLength(1); // the scheduler waited once…
    expect(sleeps[0]).toBeGreaterThanOrEqual(1000); // …for the Retry-After (discord.js adds a 50 ms margin)
    expect(sleeps[0]).toBeLessThan(2000);
    expect(outcomes).toEqual([
      expect.objectContaining({ ...A, localDate: WEDNESDAY, status: 'posted', messageId: fake.messagesIn(A.channelId)[0]!.id, attempt: 1 }),
    ]);
    expect(posts[1]!.body).toEqual(posts[0]!.body); // same text, same nonce
    for (const p of posts) expectTipBody(p, A);
    expect(store.getClaim(A, WEDNESDAY)).toMatchObject({ attempts: 1, failedAt: null, messageId: fake.messagesIn(A.channelId)[0]!.id });
  });

  it('retries a 429 exactly once also in a channel it posted to before (no rate-limit state carried over)', async () => {
    subscribe(store, A);
    // Yesterday's tip: discord.js learns the channel's rate-limit bucket from the answer.
    const tuesday = new Date('2026-03-03T08:00:30Z');
    expect(await scheduler(hostileOnly, tuesday).runDue(tuesday)).toMatchObject([{ status: 'posted' }]);
    const limited = RATE_LIMITED(1);
    fake.failNext(postTo(A), 429, limited.body, limited.headers);

    const outcomes = await scheduler().runDue(WEDNESDAY_0900_BERLIN);

    expect(outcomes).toMatchObject([{ status: 'posted', localDate: WEDNESDAY }]);
    expect(fake.postsTo(A.channelId).map((p) => p.status)).toEqual([200, 429, 200]);
    expect(sleeps).toHaveLength(1);
    expect(fake.messagesIn(A.channelId)).toHaveLength(2);
  });

  it('gives up after one retry when Discord keeps answering 429, without a retry loop', async () => {
    subscribe(store, A);
    const limited = RATE_LIMITED(1);
    fake.failAlways(postTo(A), 429, limited.body, limited.headers);

    const [outcome] = await scheduler().runDue(WEDNESDAY_0900_BERLIN);

    expect(outcome).toMatchObject({ status: 'failed', error: '429' });
    expect(fake.postsTo(A.channelId)).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    expect(fake.messages).toEqual([]);
    expect(store.getSubscription(A)?.active).toBe(true); // rate limits never switch a channel off
  });

  it('marks a channel Discord calls unknown (10003) inactive, logs it once, and still posts to the next channel', async () => {
    subscribe(store, A);
    subscribe(store, B);
    fake.failAlways(postTo(A), DISCORD_ERRORS.unknownChannel.status, DISCORD_ERRORS.unknownChannel.body);

    const first = await scheduler().runDue(WEDNESDAY_0900_BERLIN);

    expect(first.map((o) => [o.channelId, o.status, o.error])).toEqual([
      [A.channelId, 'deactivated', '10003'],
      [B.channelId, 'posted', undefined],
    ]);
    expect(fake.postsTo(A.channelId)).toHaveLength(1); // no retry
    expect(fake.messagesIn(A.channelId)).toEqual([]);
    expect(fake.messagesIn(B.channelId)).toHaveLength(1);
    expectTipBody(fake.postsTo(B.channelId)[0]!, B);
    expect(sleeps).toEqual([]);
    expect(store.getSubscription(A)).toMatchObject({ active: false, inactiveReason: '10003' });
    expect(store.getSubscription(B)?.active).toBe(true);

    // The next day: A is left alone, B gets its tip.
    const second = await scheduler(hostileOnly, THURSDAY_0900_BERLIN).runDue(THURSDAY_0900_BERLIN);
    expect(second.map((o) => [o.channelId, o.status])).toEqual([[B.channelId, 'posted']]);
    expect(fake.postsTo(A.channelId)).toHaveLength(1);
    expect(fake.messagesIn(B.channelId)).toHaveLength(2);
    const deactivations = log.records().filter((r) => String(r.msg).includes('subscription marked inactive'));
    expect(deactivations).toHaveLength(1);
  });

  it.each([
    ['Missing Access', DISCORD_ERRORS.missingAccess, '50001'],
    ['Missing Permissions', DISCORD_ERRORS.missingPermissions, '50013'],
  ])('marks a channel inactive on %s (%s) without retrying', async (_name, error, code) => {
    subscribe(store, A);
    fake.failAlways(postTo(A), error.status, error.body);
    const [outcome] = await scheduler().runDue(WEDNESDAY_0900_BERLIN);
    expect(outcome).toMatchObject({ status: 'deactivated', error: code });
    expect(fake.postsTo(A.channelId)).toHaveLength(1);
    expect(store.getSubscription(A)).toMatchObject({ active: false, inactiveReason: code });
  });

  it('sends every tip with the nonce and enforce_nonce, never pings, and escapes everything but the code span', async () => {
    subscribe(store, A);
    subscribe(store, B);
    await scheduler().runDue(WEDNESDAY_0900_BERLIN);

    const posts = [...fake.postsTo(A.channelId), ...fake.postsTo(B.channelId)];
    expect(posts).toHaveLength(2);
    expect(posts[0]!.body.nonce).not.toBe(posts[1]!.body.nonce); // one nonce per channel and date
    for (const [i, target] of [A, B].entries()) {
      const request = posts[i]!;
      expectTipBody(request, target);
      const content: string = request.body.content;
      expect(content).not.toMatch(/@(everyone|here)/); // no ping, and no look of one
      expect(content).toContain(`@${ZWSP}everyone`);
      expect(content).toContain(`@${ZWSP}here`);
      expect(content).not.toContain('<@&123>');
      expect(content).toContain('`top -H -p <pid>`'); // still inline code
      expect(content).toContain('\\*\\*threads\\*\\*'); // no bold
      expect(content).toContain('\\_now\\_');
      expect(content).not.toContain('](http'); // no masked link
      const [tipLine, sourceLine, ...rest] = content.split('\n');
      expect(rest).toEqual([]);
      expect(tipLine).toMatch(/^💡 Wake /);
      expect(sourceLine).toBe(`— Talk: \\*16 artifacts\\* @${ZWSP}everyone`);
    }
  });

  it('makes a retried send idempotent: the same nonce finds the message Discord already created', async () => {
    subscribe(store, A);
    // Discord creates the message but the answers are lost (500 on the send and on discord.js's one resend).
    fake.failNext(postTo(A), 500, { message: '500: Internal Server Error', code: 0 }, {}, { times: 2, afterCreate: true });

    const [first] = await scheduler().runDue(WEDNESDAY_0900_BERLIN);
    expect(first).toMatchObject({ status: 'failed', attempt: 1 });
    expect(fake.messagesIn(A.channelId)).toHaveLength(1);

    // The next tick, within the grace window, tries again with the same nonce.
    const later = new Date(WEDNESDAY_0900_BERLIN.getTime() + 60_000);
    const [second] = await scheduler(hostileOnly, later).runDue(later);
    const [message] = fake.messagesIn(A.channelId);
    expect(second).toMatchObject({ status: 'posted', attempt: 2, messageId: message!.id });
    expect(fake.messagesIn(A.channelId)).toHaveLength(1);
    const posts = fake.postsTo(A.channelId);
    expect(posts.map((p) => p.status)).toEqual([500, 500, 200]);
    expect(new Set(posts.map((p) => p.body.nonce))).toEqual(new Set([tipNonce(A, WEDNESDAY)]));
  });

  it('posts every tip of the real knowledge base as one non-empty message within 2,000 characters', async () => {
    const tips = tipCatalog(hallway.knowledge);
    expect(tips.length).toBeGreaterThanOrEqual(30);
    for (const [i, tip] of tips.entries()) {
      const posted: PostedTip = { tipId: tip.tipId, text: tip.text, source: tip.source, localDate: WEDNESDAY, nonce: `tipreal${i}`, attempt: 1 };
      const result = await poster(A, posted);
      expect(result.messageId).toMatch(/^\d+$/);
    }
    const posts = fake.postsTo(A.channelId);
    expect(posts).toHaveLength(tips.length);
    for (const [i, p] of posts.entries()) {
      const content: string = p.body.content;
      expect(content.length).toBeLessThanOrEqual(2000);
      expect(content.startsWith('💡 ')).toBe(true);
      const lines = content.split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toBe(`— ${escapeText(tips[i]!.source)}`);
      // Code spans the tip was written with stay code spans.
      for (const span of tips[i]!.text.match(/`[^`\n]+`/g) ?? []) expect(content).toContain(span.replace(/\s+/g, ' '));
    }
    const top = posts.find((p) => p.body.content.includes('top -H -p'));
    expect(top?.body.content).toContain('`top -H -p <pid>`');
  });

  it('cuts a tip that would not fit, keeping the source line', async () => {
    const long: PostedTip = { tipId: 'x', text: `${'word '.repeat(800)}end`, source: 'Book: Site Reliability Engineering', localDate: WEDNESDAY, nonce: 'tiplong', attempt: 1 };
    await poster(A, long);
    const content: string = fake.postsTo(A.channelId)[0]!.body.content;
    expect(content.length).toBeLessThanOrEqual(2000);
    expect(content).toMatch(/…\n— Book: Site Reliability Engineering$/);
  });

  it('surfaces a 429 to its caller at once, with the wait in milliseconds, and never resends it', async () => {
    const limited = RATE_LIMITED(1);
    fake.failNext(postTo(A), 429, limited.body, limited.headers);
    const tip: PostedTip = { tipId: HOSTILE.tipId, text: HOSTILE.text, source: HOSTILE.source, localDate: WEDNESDAY, nonce: 'tip429', attempt: 1 };
    const started = Date.now();
    const err = await poster(A, tip).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TipPostError);
    const fault = classifyPostError(err);
    expect(fault.permanent).toBe(false);
    expect(fault.retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect(fault.retryAfterMs).toBeLessThan(2000);
    expect(Date.now() - started).toBeLessThan(1000); // discord.js did not wait it out itself
    expect(fake.postsTo(A.channelId)).toHaveLength(1);
  });

  it('treats other errors as transient, and refuses an id that is not a snowflake without a request', async () => {
    const tip: PostedTip = { tipId: HOSTILE.tipId, text: HOSTILE.text, source: HOSTILE.source, localDate: WEDNESDAY, nonce: 'tipother', attempt: 1 };
    fake.failNext(postTo(A), 401, { message: '401: Unauthorized', code: 0 });
    const unauthorized = classifyPostError(await poster(A, tip).catch((e: unknown) => e));
    expect(unauthorized).toMatchObject({ permanent: false });
    expect(unauthorized.retryAfterMs).toBeUndefined();
    expect(unauthorized.reason).toContain('401');

    fake.failNext(postTo(A), 400, { message: 'Invalid Form Body', code: 50035 });
    expect(classifyPostError(await poster(A, tip).catch((e: unknown) => e))).toMatchObject({ permanent: false });

    const before = fake.requests.length;
    const bad = classifyPostError(await poster({ platform: 'discord', channelId: 'general' }, tip).catch((e: unknown) => e));
    expect(bad).toMatchObject({ permanent: true, reason: 'invalid channel id' });
    expect(fake.requests.length).toBe(before);
  });

  it('posts once when `tip post --date` runs twice on one database file (TIP_CHANNELS)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hallway-discord-tips-'));
    try {
      const run = async () => {
        const db = TipStore.open(join(dir, 'data', 'hallway.sqlite'));
        const out: string[] = [];
        try {
          const code = await runTipCli(['post', '--date', WEDNESDAY], {
            poster,
            store: db,
            knowledge: hallway.knowledge,
            now: () => new Date('2026-03-04T15:00:00Z'),
            stdout: (line) => out.push(line),
            channels: parseTipChannels(`discord:${A.channelId}@09:00 Europe/Berlin`, 'UTC'),
          });
          return { code, out };
        } finally {
          db.close();
        }
      };
      const first = await run();
      const second = await run();
      expect(first.code).toBe(0);
      expect(first.out.join('\n')).toMatch(new RegExp(`^posted discord:${A.channelId} ${WEDNESDAY} `, 'm'));
      expect(second.code).toBe(0);
      expect(second.out.join('\n')).toContain(`already done discord:${A.channelId} ${WEDNESDAY}`);
      expect(fake.postsTo(A.channelId)).toHaveLength(1);
      expect(fake.messagesIn(A.channelId)).toHaveLength(1);
      expectTipBody(fake.postsTo(A.channelId)[0]!, A);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('/tip subscribe and unsubscribe permissions, through the real client', () => {
  let bot: Connected;
  let store: TipStore;
  const here: TipTarget = { platform: 'discord', channelId: CHANNEL_ID };

  beforeAll(async () => {
    store = TipStore.open(':memory:');
    const tips = new TipsService({ store, tips: hallway.knowledge, defaultTimezone: 'UTC' });
    bot = await connect({ hallway, tips });
  });

  afterAll(async () => {
    await bot?.close();
    store?.close();
  });

  const isEphemeral = (callback: RecordedRequest) => ((callback.body.data.flags ?? 0) & MessageFlags.Ephemeral) === MessageFlags.Ephemeral;

  it.each([
    ['no permissions at all ("0")', '0'],
    ['a typical member without Manage Channels', PERMISSIONS_MEMBER],
  ])('refuses a subscribe from %s, ephemerally, and subscribes nothing', async (_who, permissions) => {
    const interaction = slashCommand('tip', 'subscribe 07:30 Europe/Berlin daily', interactionToken(`refuse${permissions}`), permissions);
    bot.fake.dispatch('INTERACTION_CREATE', interaction);
    const callback = await callbackOf(bot.fake, interaction);
    expect(isEphemeral(callback)).toBe(true);
    expect(embedText(callback.body)).toMatch(/Only people who can manage this channel can subscribe/);
    expect(callback.body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(store.getSubscription(here)).toBeUndefined();
  });

  it('subscribes the channel for a member with Manage Channels ("16"), visibly to the channel', async () => {
    const interaction = slashCommand('tip', 'subscribe 07:30 Europe/Berlin daily', interactionToken('subscribe16'), '16');
    bot.fake.dispatch('INTERACTION_CREATE', interaction);
    const callback = await callbackOf(bot.fake, interaction);
    expect(isEphemeral(callback)).toBe(false);
    expect(embedText(callback.body)).toMatch(/Subscribed: this channel gets a tip every day at 07:30 \(Europe\/Berlin\)/);
    expect(store.getSubscription(here)).toMatchObject({
      time: '07:30',
      timezone: 'Europe/Berlin',
      days: 'daily',
      active: true,
      createdBy: expect.stringMatching(/^user:[0-9a-f]{16}$/),
    });
  });

  it('refuses an unsubscribe from a member ephemerally, and lets a moderator unsubscribe', async () => {
    const refused = slashCommand('tip', 'unsubscribe', interactionToken('unsub0'), '0');
    bot.fake.dispatch('INTERACTION_CREATE', refused);
    const refusal = await callbackOf(bot.fake, refused);
    expect(isEphemeral(refusal)).toBe(true);
    expect(embedText(refusal.body)).toMatch(/Only people who can manage this channel can unsubscribe/);
    expect(store.getSubscription(here)?.active).toBe(true);

    const allowed = slashCommand('tip', 'unsubscribe', interactionToken('unsubmod'), PERMISSIONS_MODERATOR);
    bot.fake.dispatch('INTERACTION_CREATE', allowed);
    const done = await callbackOf(bot.fake, allowed);
    expect(isEphemeral(done)).toBe(false);
    expect(embedText(done.body)).toMatch(/Unsubscribed/);
    expect(store.getSubscription(here)).toMatchObject({ active: false, inactiveReason: 'unsubscribed by a channel manager' });
  });

  it('never echoes bidi overrides or invisible characters of `/tip <text>` back, in the public reply', async () => {
    const hostile = '\u202Egnp.exe\u2066x\u200B\u2069 @everyone';
    const interaction = slashCommand('tip', hostile, interactionToken('bidi'), '0');
    bot.fake.dispatch('INTERACTION_CREATE', interaction);
    const callback = await callbackOf(bot.fake, interaction);
    const text = JSON.stringify(callback.body.data);
    expect(embedText(callback.body)).toContain('I don\'t know "gnp.exex"');
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u061C\uFEFF]/);
    expect(JSON.parse(text)).toBeTruthy();
    expect(callback.body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it("shows anyone who can run /tip today's tip, in the channel", async () => {
    const interaction = slashCommand('tip', undefined, interactionToken('today'), '0');
    bot.fake.dispatch('INTERACTION_CREATE', interaction);
    const callback = await callbackOf(bot.fake, interaction);
    expect(isEphemeral(callback)).toBe(false);
    expect(callback.body.data.embeds[0].title).toBe('Tip of the day');
  });
});

describe('helpers', () => {
  it('knows a refusal before the service answers', () => {
    expect(isTipRefusal('subscribe 07:30 Europe/Berlin daily', false)).toBe(true);
    expect(isTipRefusal('  /tip   UNSUBSCRIBE ', false)).toBe(true);
    expect(isTipRefusal('subscribe', true)).toBe(false);
    expect(isTipRefusal('', false)).toBe(false);
    expect(isTipRefusal('status', false)).toBe(false);
  });

  it('keeps code spans as code and escapes the rest', () => {
    expect(escapeKeepingCode('run `top -H -p <pid>` *now*')).toBe('run `top -H -p <pid>` \\*now\\*');
    expect(escapeKeepingCode('a lone ` backtick')).toBe('a lone \\` backtick');
    expect(escapeKeepingCode('`echo @everyone`')).toBe(`\`echo @${ZWSP}everyone\``);
  });

  it('the README tells how to subscribe a channel', () => {
    const readme = readFileSync(new URL('../../adapters/discord/README.md', import.meta.url), 'utf8');
    expect(readme).toContain('/tip subscribe 09:00 Europe/Berlin weekdays');
    expect(readme).toContain('TIP_CHANNELS');
    expect(readme).toContain('Send Messages');
  });
});
