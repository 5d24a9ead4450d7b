import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DISCORD_COMMANDS } from '../../adapters/discord/commands.js';
import { deployCommands, main } from '../../adapters/discord/deploy.js';
import { APP_ID, BOT_TOKEN, FakeDiscord, GUILD_ID } from './fake-discord.js';

let fake: FakeDiscord;
beforeEach(async () => {
  fake = await FakeDiscord.start();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fake.close();
});

const env = (extra: Record<string, string> = {}) => ({
  DISCORD_TOKEN: BOT_TOKEN,
  DISCORD_APPLICATION_ID: APP_ID,
  DISCORD_API_URL: fake.apiUrl,
  ...extra,
});

describe('discord:deploy', () => {
  it('overwrites the guild commands in bulk when DISCORD_GUILD_ID is set; twice is the same PUT', async () => {
    const first = await deployCommands(env({ DISCORD_GUILD_ID: GUILD_ID }));
    const second = await deployCommands(env({ DISCORD_GUILD_ID: GUILD_ID }));
    expect(first).toEqual({ route: `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`, scope: 'guild', guildId: GUILD_ID, count: DISCORD_COMMANDS.length });
    expect(second).toEqual(first);

    const puts = fake.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.route)).toEqual([first.route, first.route]);
    expect(puts[0]!.body).toEqual(JSON.parse(JSON.stringify(DISCORD_COMMANDS)));
    const tip = (puts[0]!.body as { name: string; default_member_permissions?: string | null }[]).find((c) => c.name === 'tip');
    expect(tip?.default_member_permissions).toBe('16'); // Manage Channels
    expect(puts[1]!.body).toEqual(puts[0]!.body);
    expect(puts[0]!.headers.authorization).toBe(`Bot ${BOT_TOKEN}`);
    expect(fake.requests.filter((r) => r.method !== 'PUT')).toEqual([]); // no per-command POST/PATCH/DELETE
  });

  it('overwrites the global commands when no guild is set', async () => {
    await deployCommands(env());
    await deployCommands(env());
    const puts = fake.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.route)).toEqual([`/applications/${APP_ID}/commands`, `/applications/${APP_ID}/commands`]);
    expect(puts[1]!.body).toEqual(puts[0]!.body);
  });

  it('exits non-zero with a clear message when the environment is incomplete', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main({ DISCORD_TOKEN: BOT_TOKEN })).toBe(1);
    expect(String(stderr.mock.calls[0]?.[0])).toMatch(/^hallway\/discord: DISCORD_APPLICATION_ID is not set/);
    expect(await main({})).toBe(1);
    expect(String(stderr.mock.calls[1]?.[0])).toMatch(/^hallway\/discord: DISCORD_TOKEN is not set/);
    expect(fake.requests).toEqual([]);
  });

  it('reports a refused request without the token', async () => {
    fake.failNext((r) => r.method === 'PUT', 401, { message: '401: Unauthorized', code: 0 });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(env())).toBe(1);
    const printed = String(stderr.mock.calls[0]?.[0]);
    expect(printed).toMatch(/^hallway\/discord: registering the commands failed: 401: Unauthorized/);
    expect(printed).not.toContain(BOT_TOKEN);
  });

  it('prints what it registered', async () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await main(env({ DISCORD_GUILD_ID: GUILD_ID }))).toBe(0);
    expect(String(stdout.mock.calls[0]?.[0])).toContain(`registered ${DISCORD_COMMANDS.length} commands to the guild ${GUILD_ID}`);
  });

  it('--clear overwrites with an empty list, removing the commands at that scope', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await main(env({ DISCORD_GUILD_ID: GUILD_ID }), ['--clear'])).toBe(0);
    const [put] = fake.requests;
    expect(put).toMatchObject({ method: 'PUT', route: `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`, body: [] });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(env(), ['--force'])).toBe(1);
    expect(String(stderr.mock.calls[0]?.[0])).toMatch(/unknown argument --force/);
  });
});
