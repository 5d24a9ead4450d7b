import { describe, expect, it } from 'vitest';
import { loadDeployConfig, loadDiscordConfig, restOptions } from '../../adapters/discord/config.js';
import { BOT_TOKEN } from './fake-discord.js';

describe('Discord config', () => {
  it('parses the environment once into a frozen config', () => {
    const config = loadDiscordConfig({
      DISCORD_TOKEN: ` ${BOT_TOKEN} `,
      DISCORD_APPLICATION_ID: '111111111111111111',
      DISCORD_GUILD_ID: '',
      DISCORD_API_URL: 'http://127.0.0.1:9999/api/',
    });
    expect(config).toEqual({
      token: BOT_TOKEN,
      applicationId: '111111111111111111',
      guildId: undefined,
      apiUrl: 'http://127.0.0.1:9999/api',
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(restOptions(config)).toEqual({ api: 'http://127.0.0.1:9999/api' });
    expect(restOptions({ apiUrl: undefined })).toEqual({});
  });

  it('requires DISCORD_TOKEN with a clear message', () => {
    expect(() => loadDiscordConfig({})).toThrow(/^hallway\/discord: DISCORD_TOKEN is not set/);
    expect(() => loadDiscordConfig({ DISCORD_TOKEN: '   ' })).toThrow(/DISCORD_TOKEN is not set/);
    expect(() => loadDiscordConfig({ DISCORD_TOKEN: `Bot ${BOT_TOKEN}` })).toThrow(/without the "Bot " prefix/);
  });

  it('rejects malformed ids and API URLs without echoing any value', () => {
    const env = { DISCORD_TOKEN: BOT_TOKEN, DISCORD_APPLICATION_ID: 'my-app', DISCORD_API_URL: 'not a url' };
    let message = '';
    try {
      loadDiscordConfig(env);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^hallway\/discord: /);
    expect(message).toContain('DISCORD_APPLICATION_ID must be a Discord id');
    expect(message).toContain('DISCORD_API_URL must be an http(s) URL');
    expect(message).not.toContain('my-app');
    expect(message).not.toContain(BOT_TOKEN);
    expect(() => loadDiscordConfig({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: 'https://discord.com/api/v10' })).toThrow(
      /without a version/,
    );
  });

  it('requires DISCORD_APPLICATION_ID for deploying', () => {
    expect(() => loadDeployConfig({ DISCORD_TOKEN: BOT_TOKEN })).toThrow(/^hallway\/discord: DISCORD_APPLICATION_ID is not set/);
    expect(loadDeployConfig({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_APPLICATION_ID: '111111111111111111' }).applicationId).toBe(
      '111111111111111111',
    );
  });
});
