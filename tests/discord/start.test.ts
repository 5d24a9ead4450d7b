/**
 * End to end: `startDiscord` with DISCORD_TOKEN, DISCORD_APPLICATION_ID and
 * DISCORD_API_URL pointing at a local fake connects, then answers a
 * dispatched INTERACTION_CREATE for /talk kuma and a MESSAGE_CREATE that
 * mentions it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDiscord, type DiscordHandle } from '../../adapters/discord/index.js';
import { APP_ID, BOT_TOKEN, FakeDiscord, messageCreate, slashCommand, TOKEN_SECRET_PART } from './fake-discord.js';
import { callbackOf, captureLogger, embedText, loadHallway, replyTo } from './helpers.js';

let fake: FakeDiscord;
let handle: DiscordHandle | undefined;
beforeEach(async () => {
  fake = await FakeDiscord.start();
});
afterEach(async () => {
  await handle?.stop();
  handle = undefined;
  await fake.close();
});

describe('startDiscord', () => {
  it('connects through DISCORD_API_URL and answers /talk kuma and a mention', async () => {
    const log = captureLogger();
    handle = await startDiscord({
      hallway: await loadHallway(),
      logger: log.logger,
      env: { DISCORD_TOKEN: BOT_TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: fake.apiUrl },
    });
    expect(handle.client.isReady()).toBe(true);
    expect(handle.client.application?.id).toBe(APP_ID);
    expect(fake.requestsTo('GET', /^\/gateway\/bot$/)).toHaveLength(1);

    const interaction = slashCommand('talk', 'kuma');
    fake.dispatch('INTERACTION_CREATE', interaction);
    const callback = await callbackOf(fake, interaction);
    expect(callback.body.data.embeds[0].title).toMatch(/Kuma|Service Mesh/);
    expect(callback.body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });

    const message = messageCreate('<@111111111111111111> which tool do I use to analyse a heap dump?');
    fake.dispatch('MESSAGE_CREATE', message);
    const reply = await replyTo(fake, message.id);
    expect(embedText(reply.body)).toMatch(/HeapHero|Eclipse MAT/);
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });

    await handle.stop();
    await handle.stop(); // idempotent
    expect(handle.client.isReady()).toBe(false);
    const all = log.lines.join('\n');
    expect(all).not.toContain(TOKEN_SECRET_PART);
    expect(all).not.toContain('SECRETINTERACTIONTOKEN');
  });

  it('fails fast with a clear message when DISCORD_TOKEN is missing', async () => {
    const log = captureLogger();
    await expect(startDiscord({ hallway: await loadHallway(), logger: log.logger, env: {} })).rejects.toThrow(
      /^hallway\/discord: DISCORD_TOKEN is not set/,
    );
    expect(fake.requests).toEqual([]);
  });

  it('rejects, without the token in the message, when Discord refuses the token', async () => {
    fake.failNext((r) => r.route === '/gateway/bot', 401, { message: '401: Unauthorized', code: 0 });
    const log = captureLogger();
    const started = startDiscord({
      hallway: await loadHallway(),
      logger: log.logger,
      env: { DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: fake.apiUrl },
    });
    await expect(started).rejects.toThrow(/^hallway\/discord: could not connect to Discord/);
    await started.catch((err: Error) => expect(err.message).not.toContain(TOKEN_SECRET_PART));
  });
});
