/**
 * Insights through the real discord.js client against the local fake Discord
 * (loopback): answers carry a 👍/👎 row whose custom ids hold only the
 * question id; a click stores one changeable vote against the question and
 * its top hit; forged ids change nothing; /insights is for channel managers
 * and ephemeral; no Discord user id reaches the database file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Events, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDiscordConfig } from '../../adapters/discord/config.js';
import { createDiscordClient } from '../../adapters/discord/index.js';
import { Hallway } from '../../src/hallway.js';
import type { InsightsRecorder } from '../../src/insights/recorder.js';
import { InsightsService } from '../../src/insights/service.js';
import type { InsightsStore } from '../../src/insights/store.js';
import { BOT_TOKEN, buttonClick, FakeDiscord, interactionToken, messageCreate, PERMISSIONS_MODERATOR, slashCommand, USER_ID } from '../discord/fake-discord.js';
import { callbackOf, captureLogger, embedText, replyTo } from '../discord/helpers.js';
import { expectWithinDiscordLimits } from '../discord/limits-check.js';
import { eventually, KNOWLEDGE, openRecorder, removeDir, tempDir } from './helpers.js';

let fake: FakeDiscord;
let client: Client;
let dir: string;
let store: InsightsStore;
let recorder: InsightsRecorder;

beforeAll(async () => {
  dir = await tempDir();
  const hallway = await Hallway.load(KNOWLEDGE);
  const log = captureLogger('warn');
  ({ store, recorder } = openRecorder(join(dir, 'hallway.sqlite'), log.logger));
  fake = await FakeDiscord.start();
  client = createDiscordClient({
    hallway,
    logger: log.logger,
    config: loadDiscordConfig({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: fake.apiUrl }),
    observers: [recorder.observer],
    feedback: recorder,
    insights: new InsightsService({ store, hallway }),
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(BOT_TOKEN);
  await ready;
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
  recorder.stop();
  store.close();
  await removeDir(dir);
});

const voteIds = (body: any): string[] =>
  (body?.data?.components ?? body?.components ?? [])
    .flatMap((row: any) => row.components ?? [])
    .map((b: any) => b.custom_id as string)
    .filter((id: string) => id.startsWith('hallway-vote:'));

describe('👍/👎 on Discord answers', () => {
  let questionId: string;

  it('adds a vote row to an answer, within the component limits, holding only the question id', async () => {
    const interaction = slashCommand('tool', 'heap dump');
    fake.dispatch('INTERACTION_CREATE', interaction);
    const callback = await callbackOf(fake, interaction);
    expect(embedText(callback.body)).toContain('Heap dump');
    expectWithinDiscordLimits(callback.body.data);
    const ids = voteIds(callback.body);
    expect(ids).toHaveLength(2);
    const m = /^hallway-vote:up:([A-Za-z0-9_-]{16})$/.exec(ids[0]!);
    expect(m).not.toBeNull();
    questionId = m![1]!;
    expect(ids[1]).toBe(`hallway-vote:down:${questionId}`);
    const q = await eventually(() => store.questions().find((x) => x.id === questionId), 'the question to be recorded');
    expect(q).toMatchObject({ platform: 'discord', command: 'tool', via: 'command', status: 'answer', query: 'heap dump' });
  });

  it('stores one vote per person against the question and its top hit; a second click changes it', async () => {
    const down = buttonClick(`hallway-vote:down:${questionId}`, interactionToken('down'));
    fake.dispatch('INTERACTION_CREATE', down);
    const thanks = await callbackOf(fake, down);
    expect(thanks.body.data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(thanks.body.data.content).toMatch(/^Thanks/);
    await eventually(() => store.votes().length === 1, 'the vote');
    expect(store.votes()[0]).toMatchObject({ questionId, vote: -1, top: { kind: 'tool', id: 'heap-dump' } });
    const up = buttonClick(`hallway-vote:up:${questionId}`, interactionToken('up'));
    fake.dispatch('INTERACTION_CREATE', up);
    await callbackOf(fake, up);
    await eventually(() => store.votes().length === 1 && store.votes()[0]!.vote === 1, 'the changed vote');
  });

  it('a forged custom id can only fail to vote', async () => {
    for (const [id, tag] of [
      ['hallway-vote:down:AAAAAAAAAAAAAAAA', 'f1'],
      ['hallway-vote:down:../../etc/passwd', 'f2'],
      ['hallway-vote:delete:' + questionId, 'f3'],
    ] as const) {
      const click = buttonClick(id, interactionToken(tag));
      fake.dispatch('INTERACTION_CREATE', click);
      const cb = await callbackOf(fake, click);
      expect(cb.body.data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    }
    await new Promise((r) => setTimeout(r, 100));
    await recorder.settled();
    expect(store.votes()).toHaveLength(1);
    expect(store.votes()[0]!.vote).toBe(1);
  });

  it('records a mention that found nothing, without a vote row', async () => {
    const msg = messageCreate('<@111111111111111111> wifi password', { mentionsBot: true });
    fake.dispatch('MESSAGE_CREATE', msg);
    const reply = await replyTo(fake, msg.id);
    expect(voteIds(reply.body)).toEqual([]);
    const q = await eventually(() => store.questions().find((x) => x.query === 'wifi password'), 'the mention to be recorded');
    expect(q).toMatchObject({ platform: 'discord', via: 'message', status: 'no-answer' });
  });
});

describe('/insights on Discord', () => {
  it('refuses a member without Manage Channels, ephemerally', async () => {
    const i = slashCommand('insights', undefined, interactionToken('ins-member'));
    fake.dispatch('INTERACTION_CREATE', i);
    const cb = await callbackOf(fake, i);
    expect(cb.body.data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(embedText(cb.body)).toMatch(/Insights are for organisers/);
  });

  it('shows a channel manager the week, ephemerally', async () => {
    const i = slashCommand('insights', undefined, interactionToken('ins-mod'), PERMISSIONS_MODERATOR);
    fake.dispatch('INTERACTION_CREATE', i);
    const cb = await callbackOf(fake, i);
    expect(cb.body.data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(embedText(cb.body)).toMatch(/Insights: the last 7 days/);
    expect(embedText(cb.body)).toMatch(/2 questions from 1 person: 1 answered, 1 not answered/);
  });
});

describe('privacy on Discord', () => {
  it('keeps no Discord user id in the database file', async () => {
    await recorder.settled();
    const path = join(dir, 'hallway.sqlite');
    const bytes = Buffer.concat([path, `${path}-wal`].map((f) => readFileSync(f)));
    expect(bytes.includes(Buffer.from('heap dump'))).toBe(true);
    expect(bytes.includes(Buffer.from(USER_ID))).toBe(false);
  });
});
