/**
 * Daily tips on Slack, against the loopback fake Slack Web API: the Slack tip
 * poster driven by the real scheduler and the real SQLite store (429 with
 * Retry-After, channels that are gone, escaping, `tip post` twice), and the
 * `/tip subscribe` permission check through the real Bolt app in HTTP mode
 * with a real tips service.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackApp, type SlackAppHandle } from '../../adapters/slack/index.js';
import { PERMANENT_CHANNEL_ERRORS, createSlackTipPoster, renderTip, toTipPostError } from '../../adapters/slack/tip-poster.js';
import { webApi } from '@slack/bolt';
import type { KnowledgeBase } from '../../src/knowledge/base.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { runTipCli } from '../../src/tips/cli.js';
import { tipCatalog, type TipContent, type TipSource, type TipTarget } from '../../src/tips/content.js';
import { TipPostError, TipScheduler, classifyPostError, type PostedTip, type TipPoster } from '../../src/tips/schedule.js';
import { TipsService } from '../../src/tips/service.js';
import { TipStore } from '../../src/tips/store.js';
import {
  BOT_TOKEN,
  DANGEROUS,
  FakeSlack,
  allText,
  blockKitProblems,
  captureLogs,
  escapingProblems,
  headerOf,
  postToApp,
  slashCommandBody,
  type LogCapture,
  type Recorded,
  httpModeEnv,
} from './helpers.js';

let kb: KnowledgeBase;

beforeAll(async () => {
  kb = await loadKnowledge('knowledge');
});

/** Monday 2 March 2026, 09:00:30 in Berlin (CET, UTC+1). */
const MONDAY_0900_BERLIN = new Date('2026-03-02T08:00:30Z');
const MONDAY = '2026-03-02';

const A: TipTarget = { platform: 'slack', channelId: 'C0AAAA' };
const B: TipTarget = { platform: 'slack', channelId: 'C0BBBB' };
const C: TipTarget = { platform: 'slack', channelId: 'C0CCCC' };

function subscribe(store: TipStore, target: TipTarget): void {
  store.subscribe({ ...target, time: '09:00', timezone: 'Europe/Berlin', days: 'weekdays', createdBy: 'U0ADMIN', createdAt: '2026-01-01T00:00:00Z' });
}

const HOSTILE: TipContent = {
  tipId: 'test/hostile',
  text: 'Wake everyone: <!channel> <!here> <@U1> <http://evil|x> <!subteam^S1> & run `top -H -p <pid>`',
  source: 'Talk: <!channel> & <http://evil|x>',
};

const posts = (fake: FakeSlack): Recorded[] => fake.api('chat.postMessage');
const channelOf = (r: Recorded): string => String(r.body['channel']);

/** The checks every tip message must pass: non-empty text, escaped, within Block Kit limits, no unfurling or parsing. */
function expectSafeTipMessage(r: Recorded): void {
  const body = r.body;
  expect(typeof body['text']).toBe('string');
  expect(String(body['text']).trim()).not.toBe('');
  // The Web API client sends a form, so false arrives as "false".
  expect(String(body['unfurl_links'])).toBe('false');
  expect(String(body['unfurl_media'])).toBe('false');
  expect(body).not.toHaveProperty('link_names');
  expect(body).not.toHaveProperty('parse');
  expect(escapingProblems(body)).toEqual([]);
  expect(blockKitProblems(body as never)).toEqual([]);
  for (const token of DANGEROUS) expect(r.raw).not.toContain(token);
  expect(r.authorization).toBe(`Bearer ${BOT_TOKEN}`);
}

describe('the Slack tip poster with the real scheduler and store', () => {
  let fake: FakeSlack;
  let store: TipStore;
  let logs: LogCapture;
  let sleeps: number[];
  let poster: TipPoster;

  const scheduler = (tips: TipSource = kb) =>
    new TipScheduler({
      store,
      tips,
      poster,
      clock: { now: () => MONDAY_0900_BERLIN },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      logger: logs.logger,
    });

  beforeEach(async () => {
    fake = await new FakeSlack().start();
    store = TipStore.open(':memory:');
    logs = captureLogs('trace');
    sleeps = [];
    poster = createSlackTipPoster({ token: BOT_TOKEN, apiUrl: fake.apiUrl, logger: logs.logger });
  });

  afterEach(async () => {
    store.close();
    await fake.stop();
  });

  it('posts a tip: the tip in a section, its source in a context line, ts as the message id', async () => {
    subscribe(store, A);
    const [outcome] = await scheduler().runDue(MONDAY_0900_BERLIN);
    expect(outcome).toMatchObject({ ...A, localDate: MONDAY, status: 'posted' });
    const [post] = posts(fake);
    expect(post).toBeDefined();
    expectSafeTipMessage(post!);
    expect(channelOf(post!)).toBe(A.channelId);
    const tip = tipCatalog(kb).find((t) => t.tipId === outcome!.tipId)!;
    const blocks = post!.body['blocks'] as { type: string }[];
    expect(blocks.map((b) => b.type)).toEqual(['section', 'context']);
    expect(String(post!.body['text'])).toContain(' — ');
    expect(allText(post!.body)).toContain(tip.source.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    const claim = store.getClaim(A, MONDAY)!;
    expect(claim.postedAt).not.toBeNull();
    expect(claim.messageId).toMatch(/^\d+\.\d{6}$/);
    expect(outcome!.messageId).toBe(claim.messageId);
  });

  it('answers a 429 with Retry-After: 1 by waiting 1000 ms and retrying once: one message', async () => {
    subscribe(store, A);
    fake.script({
      method: 'chat.postMessage',
      times: 1,
      reply: { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } },
    });
    const outcomes = await scheduler().runDue(MONDAY_0900_BERLIN);
    expect(outcomes).toEqual([expect.objectContaining({ ...A, status: 'posted', attempt: 1 })]);
    expect(sleeps).toEqual([1000]);
    // Two requests: the rate-limited one, then exactly one retry, with the same message.
    const requests = posts(fake);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.raw).toBe(requests[0]!.raw);
    expectSafeTipMessage(requests[1]!);
    expect(store.getClaim(A, MONDAY)).toMatchObject({ attempts: 1, failedAt: null });
    expect(store.getClaim(A, MONDAY)!.postedAt).not.toBeNull();
    // Later ticks that day post nothing more.
    await scheduler().runDue(new Date(MONDAY_0900_BERLIN.getTime() + 60_000));
    await scheduler().runDue(new Date(MONDAY_0900_BERLIN.getTime() + 30 * 60_000));
    expect(posts(fake)).toHaveLength(2);
    expect(sleeps).toEqual([1000]);
  });

  it('gives up for this tick when the retry after a 429 is rate limited again (no loop)', async () => {
    subscribe(store, A);
    fake.script({
      method: 'chat.postMessage',
      times: 2,
      reply: { status: 429, headers: { 'retry-after': '2' }, body: { ok: false, error: 'ratelimited' } },
    });
    const [outcome] = await scheduler().runDue(MONDAY_0900_BERLIN);
    expect(outcome).toMatchObject({ status: 'failed', error: 'ratelimited' });
    expect(sleeps).toEqual([2000]);
    expect(posts(fake)).toHaveLength(2);
    expect(store.getSubscription(A)!.active).toBe(true);
    // The next tick posts it, once.
    const [next] = await scheduler().runDue(new Date(MONDAY_0900_BERLIN.getTime() + 60_000));
    expect(next).toMatchObject({ status: 'posted', attempt: 2 });
    expect(posts(fake)).toHaveLength(3);
  });

  it('marks a channel_not_found channel inactive, logs it once, and still posts to the next channel', async () => {
    subscribe(store, A);
    subscribe(store, B);
    fake.script({
      method: 'chat.postMessage',
      when: (body) => body['channel'] === A.channelId,
      reply: { body: { ok: false, error: 'channel_not_found' } },
    });
    const outcomes = await scheduler().runDue(MONDAY_0900_BERLIN);
    expect(outcomes).toEqual([
      expect.objectContaining({ ...A, status: 'deactivated', error: 'channel_not_found' }),
      expect.objectContaining({ ...B, status: 'posted' }),
    ]);
    expect(store.getSubscription(A)).toMatchObject({ active: false, inactiveReason: 'channel_not_found' });
    expect(store.getSubscription(B)!.active).toBe(true);
    expect(posts(fake).map(channelOf)).toEqual([A.channelId, B.channelId]);
    expect(sleeps).toEqual([]);

    // No retry loop: later ticks and the next day never try A again.
    await scheduler().runDue(new Date(MONDAY_0900_BERLIN.getTime() + 60_000));
    await scheduler().runDue(new Date('2026-03-03T08:00:30Z'));
    expect(posts(fake).map(channelOf)).toEqual([A.channelId, B.channelId, B.channelId]);
    const inactiveLines = logs.lines.filter((l) => l.includes('marked inactive'));
    expect(inactiveLines).toHaveLength(1);
    expect(inactiveLines[0]).toContain(A.channelId);
  });

  it.each(['not_in_channel', 'is_archived', 'restricted_action'])('treats %s as permanent for the channel', async (error) => {
    expect(PERMANENT_CHANNEL_ERRORS.has(error)).toBe(true);
    subscribe(store, A);
    fake.script({ method: 'chat.postMessage', reply: { body: { ok: false, error } } });
    const [outcome] = await scheduler().runDue(MONDAY_0900_BERLIN);
    expect(outcome).toMatchObject({ status: 'deactivated', error });
    expect(store.getSubscription(A)).toMatchObject({ active: false, inactiveReason: error });
    expect(posts(fake)).toHaveLength(1);
  });

  it.each([
    ['invalid_auth', { body: { ok: false, error: 'invalid_auth' } }, 'invalid_auth'],
    ['missing_scope', { body: { ok: false, error: 'missing_scope', needed: 'chat:write' } }, 'missing_scope'],
    ['an HTTP 400', { status: 400, body: { ok: false } }, 'http_400'],
  ] as const)('treats %s as transient: the claim is retried on a later tick, the channel stays on', async (_what, reply, reason) => {
    subscribe(store, A);
    fake.script({ method: 'chat.postMessage', times: 1, reply });
    const [first] = await scheduler().runDue(MONDAY_0900_BERLIN);
    expect(first).toMatchObject({ status: 'failed', error: reason });
    expect(store.getSubscription(A)!.active).toBe(true);
    expect(sleeps).toEqual([]);
    const [second] = await scheduler().runDue(new Date(MONDAY_0900_BERLIN.getTime() + 60_000));
    expect(second).toMatchObject({ status: 'posted', attempt: 2 });
    expect(posts(fake)).toHaveLength(2);
    expect(posts(fake)[1]!.raw).toBe(posts(fake)[0]!.raw);
  });

  it.each([
    ['HTTP 500', { status: 500, body: { ok: false } }, 'http_500'],
    ['HTTP 503', { status: 503, body: { ok: false } }, 'http_503'],
    ['ok:false internal_error', { body: { ok: false, error: 'internal_error' } }, 'internal_error'],
  ] as const)('a Slack that stores the message and answers %s gets one post per channel per day, across later runs', async (_what, reply, reason) => {
    subscribe(store, A);
    subscribe(store, B);
    // The fake records (stores) every chat.postMessage it receives, then answers with the error — for channel A, every time.
    fake.script({ method: 'chat.postMessage', when: (body) => body['channel'] === A.channelId, reply });
    const [a, b] = await scheduler().runDue(MONDAY_0900_BERLIN);
    expect(a).toMatchObject({ ...A, status: 'uncertain', error: reason });
    expect(b).toMatchObject({ ...B, status: 'posted' });
    // Every minute of the grace window, then `tip post --date` for the day: nothing more.
    for (let m = 1; m <= 120; m += 1) await scheduler().runDue(new Date(MONDAY_0900_BERLIN.getTime() + m * 60_000));
    const out: string[] = [];
    await runTipCli(['post', '--date', MONDAY], { poster, store, knowledge: kb, now: () => MONDAY_0900_BERLIN, stdout: (l) => void out.push(l) });
    const stored = posts(fake);
    expect(stored.filter((r) => channelOf(r) === A.channelId)).toHaveLength(1);
    expect(stored.filter((r) => channelOf(r) === B.channelId)).toHaveLength(1);
    expect(out).toEqual([`already done slack:${A.channelId} ${MONDAY}`, `already done slack:${B.channelId} ${MONDAY}`]);
    // Not retryable, the channel stays on, and the reason is on record.
    expect(store.getClaim(A, MONDAY)).toMatchObject({ postedAt: null, failedAt: null, attempts: 1, lastError: `uncertain: ${reason}` });
    expect(store.getSubscription(A)!.active).toBe(true);
    expect(logs.text()).toContain('not retried');
    // The next day is posted as usual (once).
    await scheduler().runDue(new Date('2026-03-03T08:00:30Z'));
    await scheduler().runDue(new Date('2026-03-03T08:01:30Z'));
    expect(posts(fake).filter((r) => channelOf(r) === A.channelId)).toHaveLength(2);
    expect(sleeps).toEqual([]);
  });

  it('escapes a tip and a source that hold <!channel>, <@U1>, links and &, in every channel', async () => {
    for (const t of [A, B, C]) subscribe(store, t);
    const outcomes = await scheduler(() => [HOSTILE]).postDate(MONDAY);
    expect(outcomes.map((o) => o.status)).toEqual(['posted', 'posted', 'posted']);
    const sent = posts(fake);
    expect(sent.map(channelOf)).toEqual([A.channelId, B.channelId, C.channelId]);
    for (const r of sent) {
      expectSafeTipMessage(r);
      expect(String(r.body['text'])).toContain('&lt;!channel&gt; &lt;!here&gt; &lt;@U1&gt;');
      expect(String(r.body['text'])).toContain(' — Talk: &lt;!channel&gt; &amp; &lt;http://evil|x&gt;');
      expect(allText(r.body)).toContain('`top -H -p &lt;pid&gt;`');
    }
  });

  it('posts every real tip safely, with a non-empty text', async () => {
    const catalog = tipCatalog(kb);
    expect(catalog.length).toBeGreaterThan(0);
    for (const tip of catalog) {
      const message = renderTip(tip);
      expect(message.text.trim()).not.toBe('');
      expect(escapingProblems(message)).toEqual([]);
      expect(blockKitProblems(message)).toEqual([]);
    }
    // And through the wire: a few channels on one day, each gets its own tip of the real knowledge.
    for (const t of [A, B, C]) subscribe(store, t);
    await scheduler().postDate(MONDAY);
    expect(posts(fake)).toHaveLength(3);
    for (const r of posts(fake)) expectSafeTipMessage(r);
  });

  it('keeps the bot token out of the logs, at trace level', async () => {
    subscribe(store, A);
    fake.script({ method: 'chat.postMessage', times: 1, reply: { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } } });
    await scheduler().runDue(MONDAY_0900_BERLIN);
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.text()).not.toContain(BOT_TOKEN);
    expect(logs.text()).not.toContain(BOT_TOKEN.slice(5));
  });

  it('posts once when `tip post --date` runs twice for the same date', async () => {
    subscribe(store, A);
    subscribe(store, B);
    const out: string[] = [];
    const deps = { poster, store, knowledge: kb, now: () => new Date('2026-03-05T15:00:00Z'), stdout: (l: string) => void out.push(l) };
    expect(await runTipCli(['post', '--date', MONDAY], deps)).toBe(0);
    expect(await runTipCli(['post', '--date', MONDAY], deps)).toBe(0);
    expect(posts(fake).map(channelOf)).toEqual([A.channelId, B.channelId]);
    expect(out.filter((l) => l.startsWith('posted'))).toHaveLength(2);
    expect(out.filter((l) => l.startsWith('already done'))).toHaveLength(2);
    for (const r of posts(fake)) expectSafeTipMessage(r);
  });
});

describe('the Slack tip poster on its own: error mapping', () => {
  let fake: FakeSlack;
  const tip: PostedTip = { tipId: 't/1', text: 'A tip', source: 'Tool: x', localDate: MONDAY, nonce: 'tipabc', attempt: 1 };

  beforeEach(async () => {
    fake = await new FakeSlack().start();
  });
  afterEach(async () => {
    await fake.stop();
  });

  const post = () => createSlackTipPoster({ token: BOT_TOKEN, apiUrl: fake.apiUrl, logger: captureLogs('silent').logger })(A, tip);

  it('a 429 with Retry-After becomes a TipPostError with retryAfterMs, at once (no retries inside the client)', async () => {
    fake.script({ method: 'chat.postMessage', times: 1, reply: { status: 429, headers: { 'retry-after': '7' }, body: { ok: false, error: 'ratelimited' } } });
    const started = Date.now();
    const err = await post().catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(err).toBeInstanceOf(TipPostError);
    expect(classifyPostError(err)).toEqual({ permanent: false, uncertain: false, retryAfterMs: 7000, reason: 'ratelimited' });
    expect(posts(fake)).toHaveLength(1);
  });

  it('a timeout may have posted (Slack cannot deduplicate): uncertain, never retried; a refused connection is plain transient', () => {
    const timeout = { code: webApi.ErrorCode.RequestError, original: { name: 'TimeoutError' } };
    const refused = { code: webApi.ErrorCode.RequestError, original: { name: 'Error', code: 'ECONNREFUSED' } };
    expect(classifyPostError(toTipPostError(timeout, { channelId: 'C1' }))).toMatchObject({ uncertain: true, permanent: false, reason: 'timeout' });
    expect(classifyPostError(toTipPostError(refused, { channelId: 'C1' }))).toMatchObject({ uncertain: false, permanent: false });
  });

  it('a connection reset after the request was sent is uncertain; codes that mean "never sent" stay transient', async () => {
    // A real server that reads the whole request, then drops the connection without answering.
    const seen: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        seen.push(body);
        res.socket?.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const reset = createSlackTipPoster({ token: BOT_TOKEN, apiUrl: `http://127.0.0.1:${port}/api/`, logger: captureLogs('silent').logger });
      const err = await reset(A, tip).catch((e: unknown) => e);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toContain('A%20tip');
      expect(classifyPostError(err)).toMatchObject({ uncertain: true, permanent: false });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    const fetchFailed = (code: string) => ({ code: webApi.ErrorCode.RequestError, original: { name: 'TypeError', cause: { code } } });
    for (const code of ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'SOMETHING_NEW']) {
      expect(classifyPostError(toTipPostError(fetchFailed(code), { channelId: 'C1' }))).toMatchObject({ uncertain: true });
    }
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']) {
      expect(classifyPostError(toTipPostError(fetchFailed(code), { channelId: 'C1' }))).toMatchObject({ uncertain: false, permanent: false });
    }
    const http = (statusCode: number) => ({ code: webApi.ErrorCode.HTTPError, statusCode, headers: {} });
    expect(classifyPostError(toTipPostError(http(500), { channelId: 'C1' }))).toMatchObject({ uncertain: true, reason: 'http_500' });
    expect(classifyPostError(toTipPostError(http(502), { channelId: 'C1' }))).toMatchObject({ uncertain: true });
    expect(classifyPostError(toTipPostError(http(404), { channelId: 'C1' }))).toMatchObject({ uncertain: false });
  });

  it('a permanent channel error carries the Slack error as the reason', async () => {
    fake.script({ method: 'chat.postMessage', reply: { body: { ok: false, error: 'is_archived' } } });
    const err = await post().catch((e: unknown) => e);
    expect(classifyPostError(err)).toEqual({ permanent: true, uncertain: false, reason: 'is_archived' });
  });

  it('Slack unreachable is transient', async () => {
    await fake.stop();
    const err = await post().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const fault = classifyPostError(err);
    expect(fault.permanent).toBe(false);
    expect(fault.retryAfterMs).toBeUndefined();
    // Restart so afterEach can stop it again.
    fake = await new FakeSlack().start();
  });

  it('returns the message ts as messageId', async () => {
    const result = await post();
    expect(result.messageId).toMatch(/^\d+\.\d{6}$/);
  });
});

describe('/tip subscribe permissions over HTTP, with the real tips service', () => {
  const form = 'application/x-www-form-urlencoded' as const;
  let fake: FakeSlack;
  let store: TipStore;
  let handle: SlackAppHandle | undefined;
  let port: number;
  let logs: LogCapture;

  beforeEach(async () => {
    fake = await new FakeSlack().start();
    fake.users.set('U0ALICE', { is_admin: false });
    fake.users.set('U0WSADMIN', { is_admin: true });
    fake.users.set('U0OWNER', { is_owner: true });
    fake.users.set('U0PRIMARY', { is_primary_owner: true });
    fake.users.set('U0GONE', { is_admin: true, deleted: true });
    // U0CONFIG is in SLACK_ADMIN_USER_IDS and unknown to users.info: it must never be looked up.
    store = TipStore.open(':memory:');
    logs = captureLogs('trace');
    const tips = new TipsService({ store, tips: kb, defaultTimezone: 'UTC' });
    handle = await createSlackApp({
      hallway: { ask: () => never(), command: () => never(), open: () => never(), help: () => never() },
      logger: logs.logger,
      tips,
      env: httpModeEnv(fake, {
        SLACK_ADMIN_USER_IDS: 'U0CONFIG,U0OTHER',
      }),
    });
    ({ port } = (await handle.start()) as { port: number });
  });

  afterEach(async () => {
    await handle?.stop();
    handle = undefined;
    store.close();
    await fake.stop();
  });

  function never(): never {
    throw new Error('the core should not be asked');
  }

  /** Sends `/tip <text>` as `user` in `channel` and returns the reply posted to the response_url. */
  async function tip(user: string, text: string, channel = 'C0TIPS'): Promise<Record<string, unknown>> {
    const before = fake.responses().length;
    const res = await postToApp(port, slashCommandBody(fake, '/tip', text, { user_id: user, channel_id: channel }), { contentType: form });
    expect(res.status).toBe(200);
    const [reply] = await fake.waitFor(() => fake.responses().length > before && fake.responses().slice(before));
    return reply!.body;
  }

  const lookups = () => fake.api('users.info').map((r) => r.body['user']);
  const REFUSAL = 'Only people who can manage this channel can subscribe it to daily tips';

  it('refuses a non-admin, ephemerally, after asking users.info', async () => {
    const reply = await tip('U0ALICE', 'subscribe 07:30 Europe/Berlin daily');
    expect(reply['response_type']).toBe('ephemeral');
    expect(headerOf(reply)).toBe('Daily tips');
    expect(allText(reply)).toContain(REFUSAL);
    expect(allText(reply)).not.toContain('Share in channel');
    expect(store.getSubscription({ platform: 'slack', channelId: 'C0TIPS' })).toBeUndefined();
    expect(lookups()).toEqual(['U0ALICE']);
    expect(fake.api('users.info')[0]!.authorization).toBe(`Bearer ${BOT_TOKEN}`);
  });

  it('lets a user in SLACK_ADMIN_USER_IDS subscribe, without a users.info lookup', async () => {
    const reply = await tip('U0CONFIG', 'subscribe 07:30 Europe/Berlin daily');
    expect(reply['response_type']).toBe('ephemeral');
    expect(allText(reply)).toContain('Subscribed');
    expect(store.getSubscription({ platform: 'slack', channelId: 'C0TIPS' })).toMatchObject({
      active: true,
      time: '07:30',
      timezone: 'Europe/Berlin',
      days: 'daily',
      createdBy: expect.stringMatching(/^user:[0-9a-f]{16}$/),
    });
    expect(lookups()).toEqual([]);
  });

  it.each(['U0WSADMIN', 'U0OWNER', 'U0PRIMARY'])('lets a workspace admin or owner (%s) subscribe and unsubscribe', async (user) => {
    const reply = await tip(user, 'subscribe 07:30 Europe/Berlin daily');
    expect(reply['response_type']).toBe('ephemeral');
    expect(allText(reply)).toContain('Subscribed');
    expect(store.getSubscription({ platform: 'slack', channelId: 'C0TIPS' })).toMatchObject({ active: true, time: '07:30', days: 'daily', createdBy: expect.stringMatching(/^user:[0-9a-f]{16}$/) });
    const off = await tip(user, 'unsubscribe');
    expect(allText(off)).toContain('Unsubscribed');
    expect(store.getSubscription({ platform: 'slack', channelId: 'C0TIPS' })!.active).toBe(false);
    expect(lookups()).toEqual([user, user]);
  });

  it('refuses a non-admin unsubscribe and leaves the subscription on', async () => {
    await tip('U0CONFIG', 'subscribe 07:30 Europe/Berlin daily');
    const reply = await tip('U0ALICE', 'unsubscribe');
    expect(reply['response_type']).toBe('ephemeral');
    expect(allText(reply)).toContain('Only people who can manage this channel can unsubscribe it');
    expect(store.getSubscription({ platform: 'slack', channelId: 'C0TIPS' })!.active).toBe(true);
  });

  it('never echoes bidi overrides or invisible characters of `/tip <text>` back', async () => {
    const reply = await tip('U0ALICE', '\u202Egnp.exe\u2066x\u200B\u2069');
    expect(allText(reply)).toContain('I don\'t know "gnp.exex"');
    expect(JSON.stringify(reply)).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u061C\uFEFF]/);
    // The same for the words a manager's subscribe cannot read.
    const bad = await tip('U0CONFIG', 'subscribe Mars/\u202EOlympus');
    expect(allText(bad)).toContain('"Mars/Olympus" is not a time zone');
    expect(JSON.stringify(bad)).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F]/);
  });

  it('does not call users.info for /tip or /tip status', async () => {
    const today = await tip('U0ALICE', '');
    expect(headerOf(today)).toBe('Tip of the day');
    expect(today['response_type']).toBe('ephemeral');
    const status = await tip('U0ALICE', 'status');
    expect(headerOf(status)).toBe('Daily tips');
    expect(lookups()).toEqual([]);
  });

  it('refuses a deleted admin, and a user users.info cannot answer for, logging why', async () => {
    expect(allText(await tip('U0GONE', 'subscribe'))).toContain(REFUSAL);
    fake.script({ method: 'users.info', times: 1, reply: { body: { ok: false, error: 'missing_scope', needed: 'users:read' } } });
    expect(allText(await tip('U0WSADMIN', 'subscribe'))).toContain(REFUSAL);
    expect(allText(await tip('U0NOBODY', 'subscribe'))).toContain(REFUSAL);
    expect(store.getSubscription({ platform: 'slack', channelId: 'C0TIPS' })).toBeUndefined();
    expect(logs.text()).toContain('users:read');
    expect(logs.text()).not.toContain(BOT_TOKEN);
  });
});
