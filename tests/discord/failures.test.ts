/**
 * When the core fails: autocomplete answers with an empty list, a command
 * with an apology, a message with an apology; nothing crashes the client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionResponseType, MessageFlags } from 'discord.js';
import type { HallwayPort } from '../../adapters/discord/types.js';
import { autocomplete, messageCreate, slashCommand } from './fake-discord.js';
import { callbackOf, connect, replyTo, type Connected } from './helpers.js';

const broken: HallwayPort = {
  ask: () => {
    throw new Error('index not loaded');
  },
  command: () => {
    throw new Error('index not loaded');
  },
  open: () => {
    throw new Error('index not loaded');
  },
  complete: () => {
    throw new Error('index not loaded');
  },
};

let bot: Connected;
beforeAll(async () => {
  bot = await connect({ hallway: broken });
});
afterAll(async () => {
  await bot?.close();
});

describe('a failing core', () => {
  it('gets an empty autocomplete list, not an error', async () => {
    const interaction = autocomplete('tool', 'heap');
    bot.fake.dispatch('INTERACTION_CREATE', interaction);
    const callback = await callbackOf(bot.fake, interaction);
    expect(callback.body).toEqual({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } });
  });

  it('gets an ephemeral apology for a command, and an error in the log', async () => {
    const interaction = slashCommand('talk', 'kuma');
    bot.fake.dispatch('INTERACTION_CREATE', interaction);
    const callback = await callbackOf(bot.fake, interaction);
    expect(callback.body.data.embeds[0].title).toBe('Something went wrong');
    expect(callback.body.data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(bot.log.records().some((r) => r.level === 50 && r.msg === 'answering failed')).toBe(true);
  });

  it('gets an apology as the reply to a mention', async () => {
    const message = messageCreate('<@111111111111111111> kuma');
    bot.fake.dispatch('MESSAGE_CREATE', message);
    const reply = await replyTo(bot.fake, message.id);
    expect(reply.body.embeds[0].title).toBe('Something went wrong');
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('keeps the client connected', () => {
    expect(bot.client.isReady()).toBe(true);
  });
});
