/**
 * The one configuration schema: every section parsed together, every problem in one message.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configVariables, loadConfig } from '../../adapters/config.js';
import { ConfigError, configFailureText, readCoreConfig, DEFAULT_CORE_CONFIG } from '../../src/config.js';

const ROOT = join(import.meta.dirname, '..', '..');

function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('loadConfig', () => {
  it('gives the defaults for an empty environment, console only', () => {
    const c = loadConfig({});
    expect(c.core).toEqual({
      knowledgeDir: 'knowledge',
      knowledgeCacheDir: DEFAULT_CORE_CONFIG.knowledgeCacheDir,
      logLevel: 'info',
      healthPort: undefined,
      healthHost: undefined,
      shutdownTimeoutMs: 5000,
      askerHashSalt: undefined,
    });
    expect(c.slack).toBeUndefined();
    expect(c.discord).toBeUndefined();
    expect(c.tips.graceMinutes).toBe(120);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.core)).toBe(true);
  });

  it('parses every section when both platforms are configured', () => {
    const c = loadConfig({
      LOG_LEVEL: 'DEBUG',
      HEALTH_PORT: '9090',
      SHUTDOWN_TIMEOUT_MS: '3000',
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      SLACK_APP_TOKEN: 'xapp-1-2-abc',
      DISCORD_TOKEN: 'abc.def.ghi',
      TIP_CHANNELS: 'slack:C1@08:00',
    });
    expect(c.core.logLevel).toBe('debug');
    expect(c.core.healthPort).toBe(9090);
    expect(c.core.shutdownTimeoutMs).toBe(3000);
    expect(c.slack?.mode).toBe('socket');
    expect(c.discord?.token).toBe('abc.def.ghi');
    expect(c.tips.channels[0]?.time).toBe('08:00');
  });

  it('names three bad values of three sections in one message, one plain line each, values not echoed', () => {
    const message = problemsOf({
      LOG_LEVEL: 'garbage',
      PORT: 'abc',
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      SLACK_SIGNING_SECRET: 'a-signing-secret-value',
      TIP_GRACE_MINUTES: 'soon',
    });
    const lines = message.split('\n');
    expect(lines, message).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^hallway\/config: [A-Z_]+ /);
    expect(message).toMatch(/LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/);
    expect(message).toMatch(/PORT must be a port number between 0 and 65535/);
    expect(message).toMatch(/TIP_GRACE_MINUTES must be a whole number of minutes/);
    expect(message).not.toContain('garbage');
    expect(message).not.toContain('a-signing-secret-value');
    expect(message).not.toMatch(/\n\s+at /);
  });

  it('checks a platform only when its token is set, and names a Slack setting left without its bot token', () => {
    expect(() => loadConfig({ PORT: 'abc' })).not.toThrow();
    expect(problemsOf({ SLACK_APP_TOKEN: 'xapp-1-2-abc' })).toMatch(/SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not/);
    expect(problemsOf({ DISCORD_TOKEN: 'Bot abc.def', DISCORD_GUILD_ID: 'guild' })).toMatch(
      /DISCORD_TOKEN must be the bare token[\s\S]*DISCORD_GUILD_ID must be a Discord id/,
    );
  });

  it('rejects core values out of range', () => {
    const message = problemsOf({ HEALTH_PORT: '70000', SHUTDOWN_TIMEOUT_MS: '60000', ASKER_HASH_SALT: 'short' });
    expect(message).toMatch(/HEALTH_PORT must be a port number/);
    expect(message).toMatch(/SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds from 1000 to 7000/);
    expect(message).toMatch(/ASKER_HASH_SALT must be at least 16 characters/);
  });

  it('the printed text says where to fix it and how many', () => {
    let err: ConfigError | undefined;
    try {
      readCoreConfig({ LOG_LEVEL: 'garbage', HEALTH_PORT: 'x' });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err?.problems).toHaveLength(2);
    expect(configFailureText(err!)).toMatch(/these 2 settings need fixing[\s\S]*\.env\.example/);
  });

  it('.env.example documents every variable the schema reads', () => {
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    const names = new Set(configVariables());
    expect(names.size).toBeGreaterThan(20);
    const missing = [...names].filter((n) => !new RegExp(`^#?\\s*${n}=`, 'm').test(example));
    expect(missing).toEqual([]);
  });

  it('the README configuration table names every variable the schema reads', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Operations'));
    const missing = configVariables().filter((n) => !table.includes(`\`${n}\``) && !(n.startsWith('SLACK_COMMAND_') && table.includes(`_${n.slice(14)}\``)));
    expect(missing).toEqual([]);
  });
});
