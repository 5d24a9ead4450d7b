/**
 * A button's value is data from the client. Forged values that name `/tip
 * subscribe` (or anything else) never reach the tips service: a clicker can
 * only get what the button could ever show, on Slack and on Discord, driven
 * through the real Bolt app and the real discord.js client against the fakes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Hallway } from '../../src/hallway.js';
import type { TipsContext } from '../../src/tips/service.js';
import type { Reply } from '../../src/reply.js';
import { createSlackApp, type SlackAppHandle } from '../../adapters/slack/index.js';
import { FakeSlack, blockActionPayload, captureLogs, formPayload, httpModeEnv, postToApp, allText } from '../slack/helpers.js';
import { buttonClick, interactionToken } from '../discord/fake-discord.js';
import { callbackOf, connect, embedText, type Connected } from '../discord/helpers.js';

let hallway: Hallway;

/** A tips service that records every call, and answers something recognisable. */
function recordingTips() {
  const calls: TipsContext[] = [];
  const reply: Reply = {
    status: 'notice',
    query: '',
    title: 'SUBSCRIBED-BY-TIPS-SERVICE',
    lead: 'This channel now gets a daily tip.',
    fields: [],
    sections: [],
    related: [],
    suggestions: [],
    hits: [],
  };
  return {
    calls,
    service: {
      async handle(ctx: TipsContext): Promise<Reply> {
        calls.push(ctx);
        return reply;
      },
    },
  };
}

beforeAll(async () => {
  hallway = await Hallway.load('knowledge');
});

describe('Slack: forged button values', () => {
  let fake: FakeSlack;
  let handle: SlackAppHandle;
  let port: number;
  const tips = recordingTips();

  beforeAll(async () => {
    fake = await new FakeSlack().start();
    handle = await createSlackApp({ hallway, logger: captureLogs('warn').logger, env: httpModeEnv(fake), tips: tips.service });
    ({ port } = (await handle.start()) as { port: number });
  });
  afterAll(async () => {
    await handle.stop();
    await fake.stop();
  });

  async function click(action_id: string, value: string): Promise<string> {
    const before = fake.responses().length;
    const payload = blockActionPayload(fake, { action_id, value }, { ephemeral: true });
    const r = await postToApp(port, formPayload(payload), { contentType: 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(200);
    // The answer itself (a Share also deletes the ephemeral original afterwards: no text).
    const answered = () => fake.responses().slice(before).filter((p) => p.path.includes(String(payload.response_url).split('/').pop()!));
    const posts = await fake.waitFor(() => answered().some((p) => allText(p.body).trim()) && answered(), 5000, 'the answer');
    return posts.map((p) => allText(p.body)).join('\n');
  }

  it('a Share button forged to carry /tip subscribe does not reach the tips service or post a tip', async () => {
    const shared = await click('hallway.share', 'cmd|tip|subscribe 09:00 Europe/Berlin daily');
    expect(tips.calls).toEqual([]);
    expect(shared).toMatch(/no longer available/i);
    expect(shared).not.toMatch(/SUBSCRIBED-BY-TIPS-SERVICE|daily tip/);
  });

  it('a forged /help share and a forged open value get the polite "not found", nothing else', async () => {
    expect(await click('hallway.share', 'cmd|help|')).toMatch(/no longer available/i);
    expect(await click('hallway.open.talk.0', '/tip subscribe')).toMatch(/no longer available/i);
    expect(tips.calls).toEqual([]);
  });

  it('a genuine share value still works (the check is not simply "refuse everything")', async () => {
    const shared = await click('hallway.share', 'cmd|talk|kuma');
    expect(shared).toMatch(/Kuma/);
  });
});

describe('Discord: forged button custom ids', () => {
  let bot: Connected;
  const tips = recordingTips();

  beforeAll(async () => {
    bot = await connect({ hallway, tips: tips.service });
  });
  afterAll(async () => {
    await bot.close();
  });
  afterEach(() => {
    tips.calls.length = 0;
  });

  it('a custom id naming /tip subscribe does not reach the tips service', async () => {
    for (const id of ['hallway:tip:subscribe', 'hallway:/tip subscribe 09:00', 'hallway:tip:devopscon-2023:subscribe']) {
      const interaction = buttonClick(id, interactionToken(`forged${id.length}`));
      bot.fake.dispatch('INTERACTION_CREATE', interaction);
      const callback = await callbackOf(bot.fake, interaction);
      expect(embedText(callback.body)).toMatch(/No longer available/);
      expect(embedText(callback.body)).not.toMatch(/SUBSCRIBED-BY-TIPS-SERVICE/);
    }
    expect(tips.calls).toEqual([]);
  });
});
