/**
 * End to end from the environment, as the composition root starts it:
 * SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_API_URL (a local fake), no
 * SLACK_APP_TOKEN, so HTTP mode. Commands and Events API deliveries are posted
 * to POST /slack/events, signed; everything the app sends lands in the fake.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Hallway } from '../../src/hallway.js';
import { startSlack, type RunningSlack } from '../../adapters/slack/index.js';
import {
  BOT_ID,
  BOT_TOKEN,
  BOT_USER_ID,
  FakeSlack,
  RESPONSE_URL_SECRET,
  SIGNING_SECRET,
  TEAM_ID,
  allText,
  blockActionPayload,
  blockKitProblems,
  captureLogs,
  escapingProblems,
  eventCallback,
  formPayload,
  headerOf,
  nextId,
  postToApp,
  slashCommandBody,
  UNSURE_QUERY,
  unsureAbout,
  type LogCapture,
  httpModeEnv,
} from './helpers.js';

let fake: FakeSlack;
let slack: RunningSlack | undefined;
let port: number;
let logs: LogCapture;

beforeAll(async () => {
  fake = await new FakeSlack().start();
  logs = captureLogs('trace');
  const hallway = await Hallway.load('knowledge');
  slack = await startSlack({
    hallway: unsureAbout(hallway),
    logger: logs.logger,
    env: httpModeEnv(fake),
  });
  expect(slack.mode).toBe('http');
  port = slack.port!;
});

afterAll(async () => {
  await slack?.stop();
  await fake?.stop();
});

beforeEach(() => {
  fake.recorded.length = 0;
});

let tsCounter = 0;
function nextTs(): string {
  tsCounter += 1;
  return `1700001${String(tsCounter).padStart(3, '0')}.000${String(tsCounter).padStart(3, '0')}`;
}

async function sendEvent(event: Record<string, unknown>, opts: { eventId?: string; retryNum?: number } = {}) {
  const body = JSON.stringify(eventCallback(event, opts.eventId));
  const headers: Record<string, string> =
    opts.retryNum !== undefined ? { 'x-slack-retry-num': String(opts.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {};
  const res = await postToApp(port, body, { contentType: 'application/json', headers });
  expect(res.status).toBe(200);
  return res;
}

function mention(text: string, ts = nextTs(), extra: Record<string, unknown> = {}) {
  return { type: 'app_mention', user: 'U0ALICE', text: `<@${BOT_USER_ID}> ${text}`, ts, channel: 'C0GENERAL', event_ts: ts, team: TEAM_ID, ...extra };
}

function dm(text: string, ts = nextTs(), extra: Record<string, unknown> = {}) {
  return { type: 'message', channel_type: 'im', user: 'U0ALICE', text, ts, channel: 'D0ALICE', event_ts: ts, team: TEAM_ID, ...extra };
}

const posts = () => fake.api('chat.postMessage');

/** Sends an event that is answered, and waits for its answer: everything sent before it has been handled by then. */
async function sentinel(): Promise<void> {
  await sendEvent(dm('kuma', nextTs(), { channel: SENTINEL_CHANNEL }));
  await fake.waitFor(() => posts().some((p) => p.body['channel'] === SENTINEL_CHANNEL), 3000, 'the sentinel');
}

const SENTINEL_CHANNEL = 'D0SENTINEL';
/** Posts other than the sentinel's. */
const answers = () => posts().filter((p) => p.body['channel'] !== SENTINEL_CHANNEL);

describe('startSlack from the environment (HTTP mode)', () => {
  it('answers a signed /talk kuma with the Kuma talk within 3 s', async () => {
    const started = Date.now();
    const res = await postToApp(port, slashCommandBody(fake, '/talk', 'kuma'), { contentType: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
    const [answer] = await fake.waitFor(() => fake.responses().length > 0 && fake.responses(), 3000, 'the /talk answer');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(headerOf(answer!.body)).toMatch(/Service Mesh/);
    expect(allText(answer!.body)).toContain('Kuma');
  });

  it('answers a mention about heap dumps in a thread with the tools for it', async () => {
    const ts = nextTs();
    const res = await sendEvent(mention('which tool can I use to analyse a heap dump?', ts));
    expect(res.ms).toBeLessThan(3000);
    const [post] = await fake.waitFor(() => posts().length > 0 && posts(), 3000, 'the mention answer');
    expect(post!.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(post!.body['channel']).toBe('C0GENERAL');
    expect(post!.body['thread_ts']).toBe(ts);
    expect(post!.body['unfurl_links']).toBe('false');
    expect(post!.body['unfurl_media']).toBe('false');
    expect(post!.body).not.toHaveProperty('link_names');
    expect(post!.body).not.toHaveProperty('parse');
    const text = allText(post!.body);
    expect(text).toMatch(/HeapHero/);
    expect(text).toMatch(/Eclipse MAT/);
    expect(blockKitProblems({ blocks: post!.body['blocks'] as unknown[], text: String(post!.body['text']) })).toEqual([]);
  });

  it('answers a mention inside a thread in that thread', async () => {
    const parent = nextTs();
    await sendEvent(mention('kuma', nextTs(), { thread_ts: parent }));
    const [post] = await fake.waitFor(() => posts().length > 0 && posts());
    expect(post!.body['thread_ts']).toBe(parent);
  });

  it('answers a redelivered event (same event_id, X-Slack-Retry-Num) once', async () => {
    const eventId = nextId('EvRetry');
    const event = mention('who talked about Kuma?');
    await sendEvent(event, { eventId });
    await fake.waitFor(() => posts().length > 0);
    await sendEvent(event, { eventId, retryNum: 1 });
    await sendEvent(event, { eventId, retryNum: 2 });
    await sentinel();
    expect(answers()).toHaveLength(1);
  });

  it('answers a mention delivered as both app_mention and message.im once', async () => {
    const ts = nextTs();
    await sendEvent({ ...mention('kuma', ts), channel: 'D0ALICE', channel_type: 'im' });
    await sendEvent({ ...dm(`<@${BOT_USER_ID}> kuma`, ts) });
    await sentinel();
    expect(answers()).toHaveLength(1);
  });

  it('answers a direct message in the conversation, not in a thread', async () => {
    await sendEvent(dm('which tool can I use to analyse a heap dump?'));
    const [post] = await fake.waitFor(() => posts().length > 0 && posts());
    expect(post!.body['channel']).toBe('D0ALICE');
    expect(post!.body).not.toHaveProperty('thread_ts');
    expect(allText(post!.body)).toMatch(/HeapHero|Eclipse MAT/);
  });

  it('ignores bot messages, its own messages, edits, deletions and other subtypes', async () => {
    await sendEvent(dm('kuma', nextTs(), { subtype: 'bot_message', bot_id: 'B0OTHER', user: undefined }));
    await sendEvent(dm('kuma', nextTs(), { bot_id: 'B0OTHER', user: 'U0OTHERBOT' }));
    await sendEvent(dm('kuma', nextTs(), { user: BOT_USER_ID, bot_id: BOT_ID }));
    await sendEvent(dm('kuma', nextTs(), { user: BOT_USER_ID }));
    await sendEvent({
      type: 'message',
      subtype: 'message_changed',
      channel: 'D0ALICE',
      channel_type: 'im',
      hidden: true,
      ts: nextTs(),
      message: { type: 'message', user: 'U0ALICE', text: 'kuma', ts: nextTs() },
      previous_message: { type: 'message', user: 'U0ALICE', text: 'kuma?', ts: nextTs() },
    });
    await sendEvent({ type: 'message', subtype: 'message_deleted', channel: 'D0ALICE', channel_type: 'im', hidden: true, ts: nextTs(), deleted_ts: nextTs() });
    await sendEvent(dm('kuma', nextTs(), { subtype: 'channel_join' }));
    await sendEvent(mention('kuma', nextTs(), { bot_id: 'B0OTHER' }));
    // Channel messages are not ours to answer (only mentions are).
    await sendEvent({ ...dm('kuma'), channel: 'C0GENERAL', channel_type: 'channel' });
    await sentinel();
    expect(answers()).toHaveLength(0);
  });

  it('answers a "did you mean" button under a mention answer in the same thread', async () => {
    const ts = nextTs();
    await sendEvent(mention(UNSURE_QUERY, ts));
    const [post] = await fake.waitFor(() => posts().length > 0 && posts());
    expect(headerOf(post!.body)).toBe('No answer found');
    const button = (post!.body['blocks'] as { elements?: { action_id?: string; value: string; text: { text: string } }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id?.startsWith('hallway.open.suggest.'))!;
    expect(button).toBeDefined();
    const payload = blockActionPayload(
      fake,
      { action_id: button.action_id!, value: button.value, text: button.text.text },
      { ephemeral: false, channel: 'C0GENERAL', messageTs: nextTs(), threadTs: ts },
    );
    const res = await postToApp(port, formPayload(payload), { contentType: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
    const [card] = await fake.waitFor(() => posts().length > 1 && posts().slice(1));
    expect(card!.body['channel']).toBe('C0GENERAL');
    expect(card!.body['thread_ts']).toBe(ts);
    expect(headerOf(card!.body)).toBe(button.text.text);
  });

  it('sends no raw mention, link or bare & for a hostile mention', async () => {
    const hostile = '<!channel> <!here> <@U1> <http://evil|x> & <!subteam^S1> heap dump zzqx';
    const res = await sendEvent(mention(hostile));
    expect(res.body).not.toMatch(/<!|<@|<http/);
    const [post] = await fake.waitFor(() => posts().length > 0 && posts());
    expect(escapingProblems(post!.body)).toEqual([]);
    for (const token of ['<!channel>', '<!here>', '<@U1>', '<http://evil|x>', '<!subteam^S1>']) {
      expect(decodeURIComponent(post!.raw.replace(/\+/g, ' '))).not.toContain(token);
    }
  });

  it('never wrote a secret to the logs', () => {
    const text = logs.text();
    expect(logs.lines.length).toBeGreaterThan(0);
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, RESPONSE_URL_SECRET]) expect(text).not.toContain(secret);
  });
});

describe('an API URL without auth.test (a proxy or test double that leaves it out)', () => {
  it('starts with a warning and still answers /talk kuma', async () => {
    const bare = await new FakeSlack().start();
    bare.script({ method: 'auth.test', reply: { status: 404, body: { ok: false, error: 'not_found' } } });
    const capture = captureLogs('warn');
    const hallway = await Hallway.load('knowledge');
    const app = await startSlack({
      hallway,
      logger: capture.logger,
      env: httpModeEnv(bare),
    });
    try {
      const res = await postToApp(app.port!, slashCommandBody(bare, '/talk', 'kuma'), { contentType: 'application/x-www-form-urlencoded' });
      expect(res.status).toBe(200);
      const [answer] = await bare.waitFor(() => bare.responses().length > 0 && bare.responses(), 3000, 'the /talk answer');
      expect(headerOf(answer!.body)).toMatch(/Service Mesh/);
      expect(capture.text()).toMatch(/auth\.test is not available/);
      expect(bare.api('auth.test')).toHaveLength(1);
    } finally {
      await app.stop();
      await bare.stop();
    }
  });
});
