/**
 * Socket Mode against a local fake: `apps.connections.open` on a loopback HTTP
 * server (reached through SLACK_API_URL) hands out a `ws://127.0.0.1` URL to a
 * local WebSocket server that speaks Slack's protocol: `hello`, envelopes
 * acknowledged with `{ envelope_id }`, and `disconnect` to make the client
 * reconnect. Payloads are sent with JSON-escaped slashes, as Slack sends them.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Hallway } from '../../src/hallway.js';
import { createSlackApp, type SlackAppHandle } from '../../adapters/slack/index.js';
import {
  APP_TOKEN,
  BOT_TOKEN,
  BOT_USER_ID,
  FakeSlack,
  RESPONSE_URL_SECRET,
  TEAM_ID,
  allText,
  blockActionPayload,
  captureLogs,
  counted,
  escapingProblems,
  eventCallback,
  headerOf,
  nextId,
  slashCommandBody,
  type CountedHallway,
  type LogCapture,
} from './helpers.js';

let hallway: Hallway;
let fake: FakeSlack;
let handle: SlackAppHandle | undefined;
let core: CountedHallway;
let logs: LogCapture;

beforeAll(async () => {
  hallway = await Hallway.load('knowledge');
});

beforeEach(async () => {
  fake = await new FakeSlack().start({ socketMode: true });
  core = counted(hallway);
  logs = captureLogs('trace');
  handle = await createSlackApp(
    {
      hallway: core,
      logger: logs.logger,
      env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl },
    },
    // Reconnect after 1 s instead of Slack's 5 s, to keep the test short.
    { socketPingTimeoutMs: 1000 },
  );
  await handle.start();
});

afterEach(async () => {
  await handle?.stop();
  handle = undefined;
  await fake.stop();
});

function commandEnvelope(text: string, command = '/talk'): { envelope_id: string; message: Record<string, unknown> } {
  const envelope_id = nextId('env-');
  const payload = Object.fromEntries(new URLSearchParams(slashCommandBody(fake, command, text)));
  return { envelope_id, message: { envelope_id, payload, type: 'slash_commands', accepts_response_payload: true } };
}

async function runCommand(text: string): Promise<Record<string, unknown>> {
  const before = fake.responses().length;
  const { envelope_id, message } = commandEnvelope(text);
  fake.sendWs(message);
  const ack = await fake.waitFor(() => fake.acks.find((a) => a.envelope_id === envelope_id), 3000, 'the envelope ack');
  expect(ack.envelope_id).toBe(envelope_id);
  const [post] = await fake.waitFor(() => fake.responses().length > before && fake.responses().slice(before), 3000, 'the answer');
  return post!.body;
}

describe('Slack over Socket Mode', () => {
  it('opens the connection with the app token through SLACK_API_URL', () => {
    const open = fake.api('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.authorization).toBe(`Bearer ${APP_TOKEN}`);
    expect(fake.wsConnections).toBe(1);
  });

  it('stays connected while idle: pings are answered, nothing reconnects', async () => {
    // With a 1 s ping timeout the client pings every ~333 ms and would give up after ~1.3 s without pongs.
    await new Promise((r) => setTimeout(r, 2500));
    expect(fake.connectionsOpened).toBe(1);
    expect(fake.wsConnections).toBe(1);
  });

  it('acks a slash-command envelope and answers it; reconnects on disconnect and answers the next one', async () => {
    const first = await runCommand('kuma');
    expect(first['response_type']).toBe('ephemeral');
    expect(headerOf(first)).toMatch(/Service Mesh/);

    fake.sendWs({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'fake' } });
    await fake.waitFor(() => fake.connectionsOpened >= 2 && fake.wsConnections >= 2 && fake.openSockets === 1, 8000, 'the reconnection');
    expect(fake.api('apps.connections.open')).toHaveLength(2);

    const second = await runCommand('heap dump');
    expect(allText(second)).toMatch(/heap dump/i);
    expect(core.calls).toEqual(['command:talk', 'command:talk']);
  });

  it('answers a mention over the socket in a thread, and buttons work', async () => {
    const envelope_id = nextId('env-');
    const ts = '1700000100.000100';
    fake.sendWs({
      envelope_id,
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
      payload: eventCallback({
        type: 'app_mention',
        user: 'U0ALICE',
        text: `<@${BOT_USER_ID}> which tool can I use to analyse a heap dump?`,
        ts,
        channel: 'C0GENERAL',
        event_ts: ts,
        team: TEAM_ID,
      }),
    });
    await fake.waitFor(() => fake.acks.find((a) => a.envelope_id === envelope_id), 3000, 'the event ack');
    const [post] = await fake.waitFor(() => fake.api('chat.postMessage').length > 0 && fake.api('chat.postMessage'));
    expect(post!.body['thread_ts']).toBe(ts);
    expect(allText(post!.body)).toMatch(/HeapHero|Eclipse MAT/);

    // A "Share in channel" button press arrives as an interactive envelope.
    const reply = await runCommand('kuma');
    const share = (reply['blocks'] as { elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'hallway.share')!;
    const before = fake.responses().length;
    const action_envelope = nextId('env-');
    fake.sendWs({
      envelope_id: action_envelope,
      type: 'interactive',
      accepts_response_payload: false,
      payload: blockActionPayload(fake, share, { ephemeral: true }),
    });
    await fake.waitFor(() => fake.acks.find((a) => a.envelope_id === action_envelope), 3000, 'the action ack');
    const posts = await fake.waitFor(() => fake.responses().length >= before + 2 && fake.responses().slice(before));
    expect(posts[0]!.body['response_type']).toBe('in_channel');
    expect(headerOf(posts[0]!.body)).toBe(headerOf(reply));
  });

  it('escapes hostile command text sent over the socket', async () => {
    const body = await runCommand('<!channel> <!here> <@U1> <http://evil|x> & zzqx');
    expect(escapingProblems(body)).toEqual([]);
    expect(allText(body)).toContain('&lt;http://evil|x&gt; &amp;');
  });

  it('fails to start with a hallway/slack: message when Slack refuses the app token', async () => {
    const refused = 'xapp-1-A999-refused-APPTOKEN';
    fake.refusedTokens.add(refused);
    const other = await createSlackApp({
      hallway: core,
      logger: captureLogs('silent').logger,
      env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: refused, SLACK_API_URL: fake.apiUrl },
    });
    try {
      await expect(other.start()).rejects.toThrow(/^hallway\/slack: could not connect in Socket Mode \(.*invalid_auth\); check SLACK_APP_TOKEN/);
    } finally {
      await other.stop();
    }
  });

  it('keeps tokens and response URLs out of the logs, even the raw envelopes logged at debug', async () => {
    await runCommand('kuma');
    await handle!.stop();
    const text = logs.text();
    // The Socket Mode client logs every envelope it receives at debug level.
    expect(text).toContain('Received a message on the WebSocket');
    for (const secret of [BOT_TOKEN, APP_TOKEN, APP_TOKEN.slice(5), BOT_TOKEN.slice(5), RESPONSE_URL_SECRET, 'commands\\/T0TEST01']) {
      expect(text).not.toContain(secret);
    }
  });
});
