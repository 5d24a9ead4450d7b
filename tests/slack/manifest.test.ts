/**
 * The app manifest an organiser pastes into Slack: every command of the core
 * with its description and usage hint, the minimal scopes, both events,
 * interactivity and Socket Mode.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS } from '../../src/commands.js';

interface Manifest {
  display_information: { name: string; description: string; long_description?: string };
  features: {
    bot_user: { display_name: string };
    app_home: { messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean };
    slash_commands: { command: string; description: string; usage_hint?: string; should_escape?: boolean; url?: string }[];
  };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[]; request_url?: string };
    interactivity: { is_enabled: boolean };
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
}

const manifest = parse(await readFile(new URL('../../adapters/slack/manifest.yaml', import.meta.url), 'utf8')) as Manifest;

describe('adapters/slack/manifest.yaml', () => {
  it('declares every core command with its description and usage hint', () => {
    const commands = manifest.features.slash_commands;
    expect(commands.map((c) => c.command)).toEqual(COMMANDS.map((c) => `/${c.name}`));
    for (const spec of COMMANDS) {
      const c = commands.find((x) => x.command === `/${spec.name}`)!;
      expect(c.description).toBe(spec.description);
      expect(c.usage_hint).toBe('usage' in spec ? spec.usage : undefined);
      expect(c.should_escape).toBe(false);
      expect(c.command.length).toBeLessThanOrEqual(32);
    }
  });

  it('asks for exactly the scopes the adapter uses, and subscribes to its two events', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['app_mentions:read', 'chat:write', 'commands', 'im:history', 'users:read']);
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(['app_mention', 'message.im']);
  });

  it('turns on interactivity and Socket Mode, with token rotation off and DMs open', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.token_rotation_enabled).toBe(false);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(false);
  });

  it('stays within the manifest limits Slack checks', () => {
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    const long = manifest.display_information.long_description ?? '';
    expect(long.length).toBeGreaterThanOrEqual(174);
    expect(long.length).toBeLessThanOrEqual(4000);
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
  });
});
