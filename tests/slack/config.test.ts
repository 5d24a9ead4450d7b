/**
 * Configuration, the duplicate filter and the logger bridge, without Slack.
 */
import { describe, expect, it } from 'vitest';
import { parseSlackConfig, SlackConfigError } from '../../adapters/slack/config.js';
import { PinoBoltLogger, scrubSlack } from '../../adapters/slack/logger.js';
import { RecentKeys } from '../../adapters/slack/recent.js';
import { LogLevel } from '@slack/bolt';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, captureLogs } from './helpers.js';

function configError(env: NodeJS.ProcessEnv): string {
  try {
    parseSlackConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(SlackConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('parseSlackConfig', () => {
  it('chooses Socket Mode when SLACK_APP_TOKEN is set', () => {
    const c = parseSlackConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN });
    expect(c.mode).toBe('socket');
    expect(c.port).toBe(3000);
    expect(c.commands).toEqual({ talk: '/talk', tool: '/tool', ask: '/ask', tip: '/tip', help: '/help', insights: '/insights' });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.commands)).toBe(true);
  });

  it('chooses HTTP mode otherwise, with the port, API URL, command names and admins', () => {
    const c = parseSlackConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      PORT: '8080',
      SLACK_API_URL: 'http://127.0.0.1:9999/api/',
      SLACK_COMMAND_TALK: '/conf-talk',
      SLACK_COMMAND_HELP: 'conf-help',
      SLACK_ADMIN_USER_IDS: 'U0123ABC, W0456DEF',
      SLACK_APP_TOKEN: '  ',
    });
    expect(c.mode).toBe('http');
    expect(c.port).toBe(8080);
    expect(c.apiUrl).toBe('http://127.0.0.1:9999/api/');
    expect(c.commands.talk).toBe('/conf-talk');
    expect(c.commands.help).toBe('/conf-help');
    expect(c.adminUserIds).toEqual(['U0123ABC', 'W0456DEF']);
  });

  it('names every missing or wrong variable, prefixed, without quoting secrets', () => {
    expect(configError({})).toMatch(/^hallway\/slack: SLACK_BOT_TOKEN is required/m);
    expect(configError({})).toMatch(/^hallway\/slack: SLACK_SIGNING_SECRET is required in HTTP mode/m);
    expect(configError({ SLACK_BOT_TOKEN: 'xoxp-user-token-secret' })).toMatch(/SLACK_BOT_TOKEN must be a bot token starting with "xoxb-"/);
    expect(configError({ SLACK_BOT_TOKEN: 'xoxp-user-token-secret' })).not.toContain('user-token-secret');
    expect(configError({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'xoxb-wrong' })).toMatch(/SLACK_APP_TOKEN must be an app-level token/);
    const bad = configError({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      PORT: 'eighty',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      SLACK_COMMAND_TOOL: '/Tool Finder',
      SLACK_COMMAND_ASK: '/talk',
      SLACK_ADMIN_USER_IDS: 'alice',
    });
    for (const line of bad.split('\n')) expect(line.startsWith('hallway/slack: ')).toBe(true);
    expect(bad).toMatch(/PORT must be a port number/);
    expect(bad).toMatch(/SLACK_API_URL must end with "\/"/);
    expect(bad).toMatch(/SLACK_COMMAND_TOOL must be a slash command name/);
    expect(bad).toMatch(/SLACK_COMMAND_ASK names the same command "\/talk" as SLACK_COMMAND_TALK/);
    expect(bad).toMatch(/SLACK_ADMIN_USER_IDS must be Slack user ids/);
    expect(bad).not.toContain(SIGNING_SECRET);
    expect(bad).not.toContain(BOT_TOKEN);
  });
});

describe('RecentKeys', () => {
  it('answers true once per key within the time limit, and forgets after it', () => {
    let now = 0;
    const seen = new RecentKeys(100, 1000, () => now);
    expect(seen.firstTime('a')).toBe(true);
    expect(seen.firstTime('a')).toBe(false);
    now = 999;
    expect(seen.firstTime('a')).toBe(false);
    now = 2000;
    expect(seen.firstTime('a')).toBe(true);
  });

  it('stays bounded', () => {
    const seen = new RecentKeys(10, 60_000, () => 0);
    for (let i = 0; i < 1000; i++) seen.firstTime(`k${i}`);
    expect(seen.size).toBe(10);
    expect(seen.firstTime('k999')).toBe(false);
    expect(seen.firstTime('k0')).toBe(true);
  });

  it('is per instance, not global', () => {
    const a = new RecentKeys();
    const b = new RecentKeys();
    expect(a.firstTime('x')).toBe(true);
    expect(b.firstTime('x')).toBe(true);
  });
});

describe('the Bolt logger bridge', () => {
  it('scrubs tokens, secrets and response URLs, also JSON-escaped and form-encoded', () => {
    const secret = 'abcdef0123456789plainsecret';
    const lines = [
      `token ${BOT_TOKEN} and ${APP_TOKEN}`,
      `signing secret is ${secret}`,
      '{"response_url":"https:\\/\\/hooks.slack.com\\/commands\\/T1\\/1\\/SECRET1","token":"verif"}',
      "{ response_url: 'https://hooks.slack.com/actions/T1/2/SECRET2' }",
      'response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1%2F3%2FSECRET3&text=kuma',
      'posting to http://127.0.0.1:5555/commands/T1/4/SECRET4 now',
    ];
    for (const line of lines) {
      const out = scrubSlack(line, [secret]);
      for (const s of [BOT_TOKEN, APP_TOKEN, secret, 'SECRET1', 'SECRET2', 'SECRET3', 'SECRET4', 'verif']) expect(out).not.toContain(s);
    }
  });

  it('writes Bolt lines through pino at the matching level, keeping the operator level', () => {
    const logs = captureLogs('trace');
    const bolt = new PinoBoltLogger(logs.logger, [SIGNING_SECRET]);
    expect(bolt.getLevel()).toBe(LogLevel.DEBUG);
    bolt.setLevel(LogLevel.DEBUG);
    bolt.setName('web-api:WebClient:0');
    bolt.debug('a debug line', { token: BOT_TOKEN });
    bolt.error('failed', new Error(`boom ${SIGNING_SECRET}`));
    const lines = logs.lines.map((l) => JSON.parse(l) as { level: number; msg: string; bolt: string; err?: { message: string } });
    expect(lines.map((l) => l.level)).toEqual([20, 50]);
    expect(lines[0]!.bolt).toBe('web-api:WebClient:0');
    expect(logs.text()).not.toContain(BOT_TOKEN);
    expect(logs.text()).not.toContain(SIGNING_SECRET);
    expect(lines[1]!.err?.message).toContain('boom');

    const quiet = captureLogs('warn');
    const b2 = new PinoBoltLogger(quiet.logger);
    expect(b2.getLevel()).toBe(LogLevel.WARN);
    b2.info('not written');
    b2.warn('written');
    expect(quiet.lines).toHaveLength(1);
  });
});
