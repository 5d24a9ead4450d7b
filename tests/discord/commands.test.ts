import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ApplicationCommandOptionType, PermissionFlagsBits } from 'discord.js';
import { DISCORD_COMMANDS, TIP_DEFAULT_MEMBER_PERMISSIONS } from '../../adapters/discord/commands.js';
import { INVITE_PERMISSIONS, inviteUrl } from '../../adapters/discord/invite.js';
import { COMMANDS } from '../../src/commands.js';

describe('slash command definitions', () => {
  it('declares every core command, in order, each with a string "query" option', () => {
    expect(DISCORD_COMMANDS.map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
    for (const c of DISCORD_COMMANDS) {
      expect(c.name).toMatch(/^[-_a-z0-9]{1,32}$/);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect(c.options).toHaveLength(1);
      const option = c.options[0]!;
      expect(option.name).toBe('query');
      expect(option.type).toBe(ApplicationCommandOptionType.String);
      expect(option.description.length).toBeLessThanOrEqual(100);
    }
  });

  it('autocompletes /talk and /tool only', () => {
    const autocompleted = DISCORD_COMMANDS.filter((c) => c.options[0]?.autocomplete).map((c) => c.name);
    expect(autocompleted).toEqual(['talk', 'tool']);
  });

  it('shows /tip to members with Manage Channels by default (who may subscribe a channel)', () => {
    expect(TIP_DEFAULT_MEMBER_PERMISSIONS).toBe(PermissionFlagsBits.ManageChannels.toString());
    expect(TIP_DEFAULT_MEMBER_PERMISSIONS).toBe('16');
    const tip = DISCORD_COMMANDS.find((c) => c.name === 'tip');
    expect(tip).toHaveProperty('default_member_permissions', '16');
    // The other commands stay visible to everyone.
    for (const c of DISCORD_COMMANDS.filter((c) => c.name !== 'tip' && c.name !== 'insights')) {
      expect(c).not.toHaveProperty('default_member_permissions');
    }
  });
});

describe('invite link', () => {
  it('asks for View Channel, Send Messages (also in threads), Read Message History and Embed Links', () => {
    const expected =
      PermissionFlagsBits.ViewChannel |
      PermissionFlagsBits.SendMessages |
      PermissionFlagsBits.SendMessagesInThreads |
      PermissionFlagsBits.ReadMessageHistory |
      PermissionFlagsBits.EmbedLinks;
    expect(INVITE_PERMISSIONS).toBe(expected);
    expect(INVITE_PERMISSIONS.toString()).toBe('274877991936');
    const url = new URL(inviteUrl('111111111111111111'));
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    expect(url.searchParams.get('permissions')).toBe('274877991936');
  });

  it('is the number the README gives', () => {
    const readme = readFileSync(new URL('../../adapters/discord/README.md', import.meta.url), 'utf8');
    expect(readme).toContain(INVITE_PERMISSIONS.toString());
    expect(readme).toContain('npm run discord:deploy');
  });
});
