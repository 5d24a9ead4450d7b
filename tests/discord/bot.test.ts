/**
 * The real discord.js client against a local fake of Discord's REST API and
 * gateway, answering with the real knowledge base.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayIntentBits, InteractionResponseType, MessageFlags } from 'discord.js';
import { AUTOCOMPLETE_LIMITS } from '../../adapters/discord/limits.js';
import { noticeReply } from '../../adapters/discord/render.js';
import type { TipContext } from '../../adapters/discord/types.js';
import {
  autocomplete,
  BOT_TOKEN,
  buttonClick,
  CHANNEL_ID,
  interactionToken,
  messageCreate,
  OTHER_BOT,
  PERMISSIONS_MODERATOR,
  RATE_LIMITED,
  slashCommand,
  TOKEN_SECRET_PART,
} from './fake-discord.js';
import { callbackOf, connect, embedText, loadHallway, replyTo, sleep, type Connected } from './helpers.js';
import { expectWithinDiscordLimits } from './limits-check.js';

const tipCalls: TipContext[] = [];
const tips = {
  async handle(ctx: TipContext) {
    tipCalls.push(ctx);
    if (ctx.text === 'slow') await sleep(400);
    return noticeReply("Today's tip", `Tip for ${ctx.text || 'today'}`);
  },
};

let bot: Connected;

beforeAll(async () => {
  bot = await connect({ hallway: await loadHallway(), tips, deferAfterMs: 150 });
});

afterAll(async () => {
  await bot?.close();
});

describe('gateway connection', () => {
  it('fetches the gateway from GET /gateway/bot under DISCORD_API_URL and identifies with only the needed intents', () => {
    expect(bot.fake.requestsTo('GET', /^\/gateway\/bot$/)).toHaveLength(1);
    expect(bot.fake.gatewayConnections[0]).toMatch(/^\/gateway\/?\?v=10&encoding=json$/);
    const [identify] = bot.fake.identifies;
    expect(identify.token).toBe(BOT_TOKEN);
    expect(identify.intents).toBe(
      GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages,
    );
    expect(identify.intents & GatewayIntentBits.MessageContent).toBe(0);
    expect(bot.client.options.allowedMentions).toEqual({ parse: [], repliedUser: false });
  });
});

describe('slash commands', () => {
  it('answers /talk kuma with the Kuma talk in an embed, mentions off', async () => {
    const interaction = slashCommand('talk', 'kuma');
    bot.fake.dispatch('INTERACTION_CREATE', interaction);
    const callback = await callbackOf(bot.fake, interaction);
    expect(callback.body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const [embed] = callback.body.data.embeds;
    expect(embed.title).toMatch(/Kuma|Service Mesh/);
    expect(embedText(callback.body)).toContain('Kuma');
    expect(callback.body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(callback.headers.authorization).toBeUndefined(); // callbacks are authorised by the interaction token
    expectWithinDiscordLimits(callback.body.data);
  });

  it('answers /tool heap dump listing the heap dump tools', async () => {
    const interaction = slashCommand('tool', 'heap dump');
    bot.fake.dispatch('INTERACTION_CREATE', interaction);
    const callback = await callbackOf(bot.fake, interaction);
    expect(embedText(callback.body)).toMatch(/HeapHero|Eclipse MAT/);
  });

  it('opens exactly the entity when a choice picked from autocomplete is sent', async () => {
    const hallway = await loadHallway();
    const [first] = hallway.complete('talk', 'kub', 25);
    expect(first).toBeDefined();
    const interaction = slashCommand('talk', first!.label.slice(0, 100));
    bot.fake.dispatch('INTERACTION_CREATE', interaction);
    const callback = await callbackOf(bot.fake, interaction);
    expect(callback.body.data.embeds[0].title).toContain(first!.label.slice(0, 40));
  });

  it('answers /help ephemerally', async () => {
    const interaction = slashCommand('help', undefined);
    bot.fake.dispatch('INTERACTION_CREATE', interaction);
    const callback = await callbackOf(bot.fake, interaction);
    expect(callback.body.data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(callback.body.data.embeds).toHaveLength(1);
  });

  it('passes /tip to the tips service with the channel, user and Manage Channels permission', async () => {
    const interaction = slashCommand('tip', 'subscribe 09:00', interactionToken('tip'), PERMISSIONS_MODERATOR);
    bot.fake.dispatch('INTERACTION_CREATE', interaction);
    const callback = await callbackOf(bot.fake, interaction);
    expect(embedText(callback.body)).toContain('Tip for subscribe 09:00');
    expect(tipCalls.at(-1)).toEqual({
      platform: 'discord',
      channelId: CHANNEL_ID,
      userId: interaction.member.user.id,
      text: 'subscribe 09:00',
      canManage: true,
    });
    const plain = slashCommand('tip', 'today');
    bot.fake.dispatch('INTERACTION_CREATE', plain);
    await callbackOf(bot.fake, plain);
    expect(tipCalls.at(-1)?.canManage).toBe(false);
  });

  it('defers a slow answer within the window and edits the reply in, mentions off', async () => {
    const interaction = slashCommand('tip', 'slow', interactionToken('slow'));
    bot.fake.dispatch('INTERACTION_CREATE', interaction);
    const callback = await callbackOf(bot.fake, interaction);
    expect(callback.body.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const edit = await bot.fake.waitForRequest(
      (r) => r.method === 'PATCH' && r.route === `/webhooks/${interaction.application_id}/${interaction.token}/messages/@original`,
    );
    expect(embedText(edit.body)).toContain('Tip for slow');
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });
});

describe('autocomplete', () => {
  it('offers at most 25 choices for "kub", each name and value within 100 characters', async () => {
    const interaction = autocomplete('talk', 'kub');
    bot.fake.dispatch('INTERACTION_CREATE', interaction);
    const callback = await callbackOf(bot.fake, interaction);
    expect(callback.body.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    const choices: { name: string; value: string }[] = callback.body.data.choices;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(AUTOCOMPLETE_LIMITS.choices);
    for (const c of choices) {
      expect(c.name.length).toBeGreaterThan(0);
      expect(c.name.length).toBeLessThanOrEqual(AUTOCOMPLETE_LIMITS.choiceName);
      expect(c.value.length).toBeGreaterThan(0);
      expect(c.value.length).toBeLessThanOrEqual(AUTOCOMPLETE_LIMITS.choiceValue);
    }
    expect(choices.map((c) => c.name).join(' ')).toMatch(/Kubernetes/);
  });

  it('offers useful choices for an empty box', async () => {
    for (const name of ['talk', 'tool']) {
      const interaction = autocomplete(name, '');
      bot.fake.dispatch('INTERACTION_CREATE', interaction);
      const callback = await callbackOf(bot.fake, interaction);
      expect(callback.body.data.choices.length).toBeGreaterThan(0);
      expect(callback.body.data.choices.length).toBeLessThanOrEqual(25);
    }
  });
});

describe('buttons', () => {
  it('opens the entity a "did you mean" / "also see" button stands for, ephemerally', async () => {
    const interaction = buttonClick('hallway:tool:devopscon-2023:heaphero');
    bot.fake.dispatch('INTERACTION_CREATE', interaction);
    const callback = await callbackOf(bot.fake, interaction);
    expect(callback.body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(callback.body.data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(callback.body.data.embeds[0].title).toContain('HeapHero');
    expect(callback.body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('answers a button for an entity that no longer exists with a notice', async () => {
    const interaction = buttonClick('hallway:tool:devopscon-2023:no-such-tool', interactionToken('gone'));
    bot.fake.dispatch('INTERACTION_CREATE', interaction);
    const callback = await callbackOf(bot.fake, interaction);
    expect(callback.body.data.embeds[0].title).toBe('No longer available');
  });
});

describe('messages', () => {
  it('answers a mention asking about a heap dump with a reply listing the tools, mentions off', async () => {
    const message = messageCreate('<@111111111111111111> which tool do I use to analyse a heap dump?');
    bot.fake.dispatch('MESSAGE_CREATE', message);
    const reply = await replyTo(bot.fake, message.id);
    expect(reply.route).toBe(`/channels/${CHANNEL_ID}/messages`);
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(reply.body.message_reference).toMatchObject({ message_id: message.id, fail_if_not_exists: false });
    expect(embedText(reply.body)).toMatch(/HeapHero|Eclipse MAT/);
    expectWithinDiscordLimits(reply.body);
  });

  it('answers a direct message without a mention', async () => {
    const message = messageCreate('/tool heap dump', { guild: false, mentionsBot: false });
    bot.fake.dispatch('MESSAGE_CREATE', message);
    const reply = await replyTo(bot.fake, message.id);
    expect(reply.route).toBe(`/channels/${message.channel_id}/messages`);
    expect(embedText(reply.body)).toMatch(/HeapHero|Eclipse MAT/);
  });

  it('never pings and shows @everyone, role mentions and masked links escaped', async () => {
    const message = messageCreate('<@111111111111111111> @everyone <@&123> [x](http://evil)');
    bot.fake.dispatch('MESSAGE_CREATE', message);
    const reply = await replyTo(bot.fake, message.id);
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const raw = JSON.stringify(reply.body.embeds);
    expect(raw).not.toMatch(/(?<!\\\\)\[x\]\(http/); // never an unescaped masked link
    expect(raw).not.toContain('](http');
    expect(raw).not.toMatch(/@everyone|@here/);
    expect(raw).not.toContain('<@&123>');
  });

  it('ignores bots, webhooks, system messages, itself, and guild messages that do not mention it', async () => {
    const ignored = [
      messageCreate('<@111111111111111111> which tool for a heap dump?', { author: OTHER_BOT }),
      messageCreate('<@111111111111111111> which tool for a heap dump?', { webhookId: '888888888888888888' }),
      messageCreate('<@111111111111111111> pinned a message', { type: 6 }),
      messageCreate('<@111111111111111111> echo', {
        author: { id: '111111111111111111', username: 'Hallway', discriminator: '0', global_name: null, avatar: null, bot: true },
      }),
      messageCreate('', { mentionsBot: false }),
    ];
    for (const m of ignored) bot.fake.dispatch('MESSAGE_CREATE', m);
    // A message that is answered, sent after the ignored ones: once its reply is in,
    // any reply to the earlier ones would have been posted too.
    const control = messageCreate('<@111111111111111111> kuma');
    bot.fake.dispatch('MESSAGE_CREATE', control);
    await replyTo(bot.fake, control.id);
    await sleep(300);
    const ids = new Set(ignored.map((m) => m.id));
    const replies = bot.fake.requestsTo('POST', /^\/channels\/\d+\/messages$/).filter((r) => ids.has(r.body?.message_reference?.message_id));
    expect(replies).toEqual([]);
  });
});

describe('robustness', () => {
  it('logs "unknown interaction" (10062) at warn and keeps answering', async () => {
    const doomed = slashCommand('talk', 'kuma', interactionToken('doomed'));
    bot.fake.failNext((r) => r.route.startsWith(`/interactions/${doomed.id}/`), 404, { message: 'Unknown interaction', code: 10062 });
    bot.fake.dispatch('INTERACTION_CREATE', doomed);
    await callbackOf(bot.fake, doomed);
    await sleep(100);
    const warn = bot.log.records().find((r) => r.level === 40 && (r.interactionId as string) === doomed.id);
    expect(warn).toBeDefined();
    expect((warn!.error as { code: number }).code).toBe(10062);
    expect(bot.log.records().some((r) => (r.level as number) >= 60)).toBe(false);

    const next = slashCommand('talk', 'kuma', interactionToken('after'));
    bot.fake.dispatch('INTERACTION_CREATE', next);
    expect((await callbackOf(bot.fake, next)).body.data.embeds[0].title).toMatch(/Kuma|Service Mesh/);
  });

  it('logs "already acknowledged" (40060) at warn, not error', async () => {
    const twice = slashCommand('talk', 'kuma', interactionToken('twice'));
    bot.fake.failNext((r) => r.route.startsWith(`/interactions/${twice.id}/`), 400, {
      message: 'Interaction has already been acknowledged.',
      code: 40060,
    });
    bot.fake.dispatch('INTERACTION_CREATE', twice);
    await callbackOf(bot.fake, twice);
    await sleep(100);
    const rec = bot.log.records().find((r) => (r.interactionId as string) === twice.id && r.level === 40);
    expect((rec?.error as { code: number } | undefined)?.code).toBe(40060);
  });

  it('waits out a 429 on a follow-up edit and retries it', async () => {
    const interaction = slashCommand('tip', 'slow', interactionToken('ratelimited'));
    const limited = RATE_LIMITED(0.05);
    bot.fake.failNext((r) => r.method === 'PATCH' && r.route.includes(interaction.token), 429, limited.body, limited.headers);
    bot.fake.dispatch('INTERACTION_CREATE', interaction);
    await callbackOf(bot.fake, interaction);
    const isEdit = (r: { method: string; route: string }) => r.method === 'PATCH' && r.route.includes(interaction.token);
    await bot.fake.waitForRequest((r) => isEdit(r) && bot.fake.requests.filter(isEdit).length >= 2);
    await sleep(50);
    // discord.js's REST debug lines about the 429 name the webhook route and its handler ("<app id>/<token>").
    expect(bot.log.lines.some((l) => l.includes('429'))).toBe(true);
  });

  it('never logs the bot token or an interaction token, even at trace level', () => {
    const all = bot.log.lines.join('\n');
    expect(bot.log.lines.length).toBeGreaterThan(10); // trace lines from discord.js were captured
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(TOKEN_SECRET_PART);
    expect(all).not.toContain('SECRETINTERACTIONTOKEN');
  });
});
