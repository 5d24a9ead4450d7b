/**
 * HTTP mode, driving the real Bolt app over loopback with requests signed like
 * Slack signs them: slash commands, request verification, buttons, escaping
 * and what reaches the logs.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Hallway } from '../../src/hallway.js';
import { createSlackApp, type SlackAppHandle, type TipContext } from '../../adapters/slack/index.js';
import {
  BOT_TOKEN,
  FakeSlack,
  RESPONSE_URL_SECRET,
  SIGNING_SECRET,
  allText,
  blockActionPayload,
  blockKitProblems,
  captureLogs,
  counted,
  escapingProblems,
  formPayload,
  headerOf,
  nowSeconds,
  postToApp,
  slashCommandBody,
  UNSURE_QUERY,
  unsureAbout,
  type CountedHallway,
  type LogCapture,
  httpModeEnv,
} from './helpers.js';

let hallway: Hallway;
let fake: FakeSlack;
let handle: SlackAppHandle | undefined;
let port: number;
let core: CountedHallway;
let logs: LogCapture;

beforeAll(async () => {
  hallway = await Hallway.load('knowledge');
});

beforeEach(async () => {
  fake = await new FakeSlack().start();
  core = counted(unsureAbout(hallway));
  logs = captureLogs('trace');
  handle = await createSlackApp({
    hallway: core,
    logger: logs.logger,
    env: httpModeEnv(fake),
  });
  ({ port } = (await handle.start()) as { port: number });
});

afterEach(async () => {
  await handle?.stop();
  handle = undefined;
  await fake.stop();
});

const form = 'application/x-www-form-urlencoded' as const;

describe('Slack over HTTP', () => {
  it('verifies the bot token with auth.test through SLACK_API_URL', () => {
    const auth = fake.api('auth.test');
    expect(auth).toHaveLength(1);
    expect(auth[0]!.authorization).toBe(`Bearer ${BOT_TOKEN}`);
  });

  it('answers a signed /talk kuma with the Kuma talk, ephemeral, with a Share button', async () => {
    const res = await postToApp(port, slashCommandBody(fake, '/talk', 'kuma'), { contentType: form });
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    const [post] = await fake.waitFor(() => fake.responses().length > 0 && fake.responses());
    const body = post!.body;
    expect(body['response_type']).toBe('ephemeral');
    expect(body['unfurl_links']).toBe(false);
    expect(body['unfurl_media']).toBe(false);
    expect(body).not.toHaveProperty('link_names');
    expect(body).not.toHaveProperty('parse');
    expect(headerOf(body)).toMatch(/Service Mesh/);
    expect(allText(body)).toMatch(/Kuma/);
    expect(blockKitProblems(body as never)).toEqual([]);
    expect(escapingProblems(body)).toEqual([]);
    const share = (body['blocks'] as { type: string; elements?: { action_id: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'hallway.share');
    expect(share).toBeDefined();
    expect(core.calls).toEqual(['command:talk']);
  });

  it.each([
    ['a bad signature', { badSignature: true }],
    ['no signature headers', { sign: false }],
    ['a timestamp older than 5 minutes', { timestamp: nowSeconds() - 6 * 60 }],
  ] as const)('rejects a request with %s: 401 and no handler runs', async (_what, opts) => {
    const res = await postToApp(port, slashCommandBody(fake, '/talk', 'kuma'), { contentType: form, ...opts });
    expect(res.status).toBe(401);
    // Give a wrongly running handler time to show itself.
    await new Promise((r) => setTimeout(r, 200));
    expect(core.calls).toEqual([]);
    expect(fake.responses()).toEqual([]);
  });

  it('rejects a signature made for another body', async () => {
    const ts = nowSeconds();
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': form,
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': (await import('./helpers.js')).signature(SIGNING_SECRET, ts, 'text=other'),
      },
      body: slashCommandBody(fake, '/talk', 'kuma'),
    });
    expect(res.status).toBe(401);
    expect(core.calls).toEqual([]);
  });

  it('answers /help with the configured command names and /tip with the core notice', async () => {
    await postToApp(port, slashCommandBody(fake, '/help', ''), { contentType: form });
    await postToApp(port, slashCommandBody(fake, '/tip', 'subscribe 09:00'), { contentType: form });
    const posts = await fake.waitFor(() => fake.responses().length >= 2 && fake.responses());
    const texts = posts.map((p) => allText(p.body));
    // Each command comes with an example drawn from the loaded knowledge.
    expect(texts.some((t) => /\/talk \S/.test(t))).toBe(true);
    expect(posts.map((p) => headerOf(p.body))).toContain('Daily tips');
    // Neither offers to share.
    for (const p of posts) expect(allText(p.body)).not.toContain('Share in channel');
  });

  it('shares an ephemeral reply in the channel and removes the ephemeral one', async () => {
    await postToApp(port, slashCommandBody(fake, '/talk', 'kuma'), { contentType: form });
    const [first] = await fake.waitFor(() => fake.responses().length > 0 && fake.responses());
    const share = (first!.body['blocks'] as { elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'hallway.share')!;

    const before = fake.responses().length;
    const res = await postToApp(port, formPayload(blockActionPayload(fake, share, { ephemeral: true })), { contentType: form });
    expect(res.status).toBe(200);
    const posts = await fake.waitFor(() => fake.responses().length >= before + 2 && fake.responses().slice(before));
    const [inChannel, deletion] = posts;
    expect(inChannel!.body['response_type']).toBe('in_channel');
    expect(inChannel!.body['replace_original']).toBe(false);
    expect(headerOf(inChannel!.body)).toBe(headerOf(first!.body));
    // No buttons on the shared copy: the bot may not be in that channel.
    expect((inChannel!.body['blocks'] as { type: string }[]).some((b) => b.type === 'actions')).toBe(false);
    expect(deletion!.body).toEqual({ delete_original: true });
  });

  it('"More" replaces the ephemeral chat answer with the whole card, which can still be shared', async () => {
    await postToApp(port, slashCommandBody(fake, '/talk', 'kuma'), { contentType: form });
    const [first] = await fake.waitFor(() => fake.responses().length > 0 && fake.responses());
    const buttons = (first!.body['blocks'] as { elements?: { action_id: string; value: string }[] }[]).flatMap((b) => b.elements ?? []);
    const more = buttons.find((e) => e.action_id === 'hallway.more')!;
    expect(more).toBeDefined();

    const before = fake.responses().length;
    const res = await postToApp(port, formPayload(blockActionPayload(fake, more, { ephemeral: true })), { contentType: form });
    expect(res.status).toBe(200);
    const [full] = await fake.waitFor(() => fake.responses().length > before && fake.responses().slice(before));
    expect(full!.body['replace_original']).toBe(true);
    expect(headerOf(full!.body)).toBe(headerOf(first!.body));
    // The whole card says clearly more, offers no second "More", and can be shared.
    expect(allText(full!.body).length).toBeGreaterThan(allText(first!.body).length * 1.5);
    const fullButtons = (full!.body['blocks'] as { elements?: { action_id: string }[] }[]).flatMap((b) => b.elements ?? []);
    expect(fullButtons.some((e) => e.action_id === 'hallway.more')).toBe(false);
    expect(fullButtons.some((e) => e.action_id === 'hallway.share')).toBe(true);
    expect(blockKitProblems(full!.body as { blocks: unknown[]; text: string })).toEqual([]);
  });

  it('offers "did you mean" buttons for a low-confidence answer, and a button opens its card', async () => {
    // A misspelt question the core is not confident about.
    await postToApp(port, slashCommandBody(fake, '/ask', UNSURE_QUERY), { contentType: form });
    const [reply] = await fake.waitFor(() => fake.responses().length > 0 && fake.responses());
    expect(headerOf(reply!.body)).toBe('No answer found');
    const buttons = (reply!.body['blocks'] as { elements?: { action_id?: string; value: string; text: { text: string } }[] }[])
      .flatMap((b) => b.elements ?? [])
      .filter((e): e is { action_id: string; value: string; text: { text: string } } => !!e.action_id?.startsWith('hallway.open.suggest.'));
    expect(buttons.length).toBeGreaterThan(0);
    expect(buttons.length).toBeLessThanOrEqual(3);
    expect(allText(reply!.body)).toContain('Did you mean');
    expect(allText(reply!.body)).not.toContain('Share in channel');
    const button = buttons.find((b) => b.text.text === 'Heap dump') ?? buttons[0];

    const before = fake.responses().length;
    await postToApp(port, formPayload(blockActionPayload(fake, { action_id: button!.action_id, value: button!.value, text: button!.text.text }, { ephemeral: true })), { contentType: form });
    const [card] = await fake.waitFor(() => fake.responses().length > before && fake.responses().slice(before));
    expect(card!.body['replace_original']).toBe(true);
    expect(card!.body['response_type']).toBe('ephemeral');
    expect(headerOf(card!.body)).toBe(button!.text.text);
    expect(blockKitProblems(card!.body as never)).toEqual([]);
    expect(core.calls).toContain('open');
  });

  it('sends no raw mention, link or bare & for hostile command text, anywhere', async () => {
    const evil = '<!channel> <!here> <@U1> <http://evil|x> & <!subteam^S1>';
    const res = await postToApp(port, slashCommandBody(fake, '/ask', `${evil} zzqx`), { contentType: form });
    expect(res.body).not.toMatch(/<!|<@|<http/);
    // Mention markup is dropped by the core, so this one is a confident answer with a Share button.
    await postToApp(port, slashCommandBody(fake, '/talk', '<!channel> <!here> <@U1> <!subteam^S1> kuma &'), { contentType: form });
    const posts = await fake.waitFor(() => fake.responses().length >= 2 && fake.responses());
    const noAnswer = posts.find((p) => headerOf(p.body) === 'No answer found')!;
    expect(allText(noAnswer.body)).toContain('&lt;http://evil|x&gt; &amp;');
    for (const p of posts) {
      expect(escapingProblems(p.body)).toEqual([]);
      for (const token of ['<!channel>', '<!here>', '<@U1>', '<http://evil|x>', '<!subteam^S1>']) expect(p.raw).not.toContain(token);
    }
    // The share button carries the query, escaped; pressing it reproduces the same answer.
    const kuma = posts.find((p) => allText(p.body).includes('Share in channel'))!;
    const share = (kuma.body['blocks'] as { elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'hallway.share')!;
    expect(share.value).toContain('&lt;!channel&gt; &lt;!here&gt; &lt;@U1&gt;');
    expect(share.value).toContain('kuma &amp;');
    const before = fake.responses().length;
    await postToApp(port, formPayload(blockActionPayload(fake, share, { ephemeral: true })), { contentType: form });
    const [shared] = await fake.waitFor(() => fake.responses().length >= before + 2 && fake.responses().slice(before));
    expect(escapingProblems(shared!.body)).toEqual([]);
    expect(headerOf(shared!.body)).toBe(headerOf(kuma.body));
  });

  it('keeps tokens, the signing secret and response URLs out of the logs at trace level', async () => {
    await postToApp(port, slashCommandBody(fake, '/talk', 'kuma'), { contentType: form });
    await postToApp(port, slashCommandBody(fake, '/talk', 'kuma'), { contentType: form, badSignature: true });
    await fake.waitFor(() => fake.responses().length > 0);
    await handle!.stop();
    const text = logs.text();
    expect(logs.lines.length).toBeGreaterThan(5);
    expect(text).toContain('slack');
    if (process.env['HALLWAY_PRINT_LOGS']) console.log(text);
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, RESPONSE_URL_SECRET, BOT_TOKEN.slice(5), `127.0.0.1:${fake.port}/commands`]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('a token Slack refuses', () => {
  it('fails at start with a hallway/slack: message that names the variable and not the token', async () => {
    const refused = 'xoxb-9999-refused-TOKENvalue';
    fake.refusedTokens.add(refused);
    const logs2 = captureLogs('trace');
    const attempt = createSlackApp({
      hallway,
      logger: logs2.logger,
      env: { SLACK_BOT_TOKEN: refused, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0' },
    });
    await expect(attempt).rejects.toThrow(/^hallway\/slack: SLACK_BOT_TOKEN was not accepted by auth.test \(.*invalid_auth\)$/);
    await attempt.catch((err: Error) => expect(err.message).not.toContain(refused));
    expect(logs2.text()).not.toContain(refused);
  });
});

describe('Slack over HTTP with a tips service and renamed commands', () => {
  let own: SlackAppHandle | undefined;
  afterAll(async () => {
    await own?.stop();
  });

  it('passes /conf-tip to the tips service, with canManage for the admins only', async () => {
    const seen: TipContext[] = [];
    const tips = {
      async handle(ctx: TipContext) {
        seen.push(ctx);
        return { ...hallway.command('tip', ''), title: `Tip for ${ctx.userId}` };
      },
    };
    own = await createSlackApp({
      hallway,
      logger: captureLogs('silent').logger,
      tips,
      env: httpModeEnv(fake, {
        SLACK_COMMAND_TIP: '/conf-tip',
        SLACK_COMMAND_HELP: '/conf-help',
        SLACK_ADMIN_USER_IDS: 'U0ADMIN',
      }),
    });
    const { port: ownPort } = (await own.start()) as { port: number };
    await postToApp(ownPort, slashCommandBody(fake, '/conf-tip', 'subscribe 09:00 <!channel>', { user_id: 'U0ADMIN' }), { contentType: form });
    await postToApp(ownPort, slashCommandBody(fake, '/conf-tip', 'today', { channel_id: 'C0OTHER' }), { contentType: form });
    await postToApp(ownPort, slashCommandBody(fake, '/conf-help', ''), { contentType: form });
    const posts = await fake.waitFor(() => fake.responses().length >= 3 && fake.responses());
    expect(seen).toEqual([
      { platform: 'slack', channelId: 'C0GENERAL', userId: 'U0ADMIN', text: 'subscribe 09:00 <!channel>', canManage: true },
      { platform: 'slack', channelId: 'C0OTHER', userId: 'U0ALICE', text: 'today', canManage: false },
    ]);
    expect(posts.map((p) => headerOf(p.body))).toEqual(expect.arrayContaining(['Tip for U0ADMIN', 'Tip for U0ALICE']));
    const help = posts.find((p) => headerOf(p.body).startsWith('Hallway'))!;
    expect(allText(help.body)).toContain('/conf-tip');
    expect(allText(help.body)).toContain('/conf-help');
    expect(seen).toHaveLength(2);
  });
});
