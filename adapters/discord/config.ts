/**
 * The Discord adapter's settings, read from the environment once, validated
 * with zod and frozen. Nothing else in the adapter reads `process.env`.
 *
 * Error messages start with "hallway/discord:" and name the variable; they
 * never repeat a value, so a token pasted into the wrong variable is not
 * echoed to the terminal or the logs.
 */
import { z } from 'zod';
import { envText, issueSentences, problem } from '../../src/config.js';

export const ERROR_PREFIX = 'hallway/discord:';

export class DiscordConfigError extends Error {
  override readonly name = 'DiscordConfigError';
  constructor(message: string) {
    super(`${ERROR_PREFIX} ${message}`);
  }
}

export interface DiscordConfig {
  /** The bot token (Developer Portal → Bot → Reset Token). Never log it. */
  readonly token: string;
  /** The application's id; the bot takes it from the gateway's READY when absent. */
  readonly applicationId: string | undefined;
  /** Register commands to this guild only (instant, for testing) instead of globally. */
  readonly guildId: string | undefined;
  /**
   * The REST API base without version, e.g. "https://discord.com/api" (the default)
   * or a local fake in tests. discord.js appends "/v10/…"; the gateway address is
   * then fetched from `GET {apiUrl}/v10/gateway/bot` as usual.
   */
  readonly apiUrl: string | undefined;
}

const SNOWFLAKE = /^\d{15,21}$/;

function apiUrlProblem(s: string): string | undefined {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return 'DISCORD_API_URL must be an http(s) URL, e.g. https://discord.com/api';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'DISCORD_API_URL must be an http(s) URL, e.g. https://discord.com/api';
  if (/\/v\d+$/.test(s.replace(/\/+$/, ''))) {
    return 'DISCORD_API_URL must be the API base without a version, e.g. https://discord.com/api (discord.js adds /v10 itself)';
  }
  return undefined;
}

/**
 * The Discord section of the configuration (see adapters/config.ts): an
 * environment in, a {@link DiscordConfig} out. Messages name the variable and
 * never repeat its value.
 */
export const discordEnvSchema = z
  .object({ DISCORD_TOKEN: envText, DISCORD_APPLICATION_ID: envText, DISCORD_GUILD_ID: envText, DISCORD_API_URL: envText })
  .superRefine((env, ctx) => {
    const token = env.DISCORD_TOKEN;
    if (!token) {
      problem(ctx, 'DISCORD_TOKEN', 'DISCORD_TOKEN is not set: copy the bot token from the Developer Portal (your application → Bot → Reset Token)');
    } else if (/^Bot\s/i.test(token)) {
      problem(ctx, 'DISCORD_TOKEN', 'DISCORD_TOKEN must be the bare token, without the "Bot " prefix');
    } else if (/\s/.test(token)) {
      problem(ctx, 'DISCORD_TOKEN', 'DISCORD_TOKEN must not contain spaces');
    }
    for (const name of ['DISCORD_APPLICATION_ID', 'DISCORD_GUILD_ID'] as const) {
      const value = env[name];
      if (value !== undefined && !SNOWFLAKE.test(value)) problem(ctx, name, `${name} must be a Discord id (a number of 15 to 21 digits)`);
    }
    const url = env.DISCORD_API_URL;
    const urlProblem = url === undefined ? undefined : apiUrlProblem(url);
    if (urlProblem) problem(ctx, 'DISCORD_API_URL', urlProblem);
  })
  .transform(
    (env): DiscordConfig =>
      Object.freeze({
        token: env.DISCORD_TOKEN ?? '',
        applicationId: env.DISCORD_APPLICATION_ID,
        guildId: env.DISCORD_GUILD_ID,
        apiUrl: env.DISCORD_API_URL?.replace(/\/+$/, ''),
      }),
  );

/** Whether the environment asks for Discord: DISCORD_TOKEN is set. */
export function wantsDiscord(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.DISCORD_TOKEN?.trim());
}

/** The bot's settings: DISCORD_TOKEN is required, the rest optional. */
export function loadDiscordConfig(env: NodeJS.ProcessEnv): DiscordConfig {
  const result = discordEnvSchema.safeParse(env);
  if (!result.success) throw new DiscordConfigError(issueSentences(result.error.issues).join('; '));
  return result.data;
}

export interface DiscordDeployConfig extends DiscordConfig {
  readonly applicationId: string;
}

/** The deploy script's settings: DISCORD_TOKEN and DISCORD_APPLICATION_ID are required. */
export function loadDeployConfig(env: NodeJS.ProcessEnv): DiscordDeployConfig {
  const config = loadDiscordConfig(env);
  if (!config.applicationId) {
    throw new DiscordConfigError(
      'DISCORD_APPLICATION_ID is not set: copy the Application ID from the Developer Portal (your application → General Information)',
    );
  }
  return Object.freeze({ ...config, applicationId: config.applicationId });
}

/** discord.js REST options for the configured API base (empty for Discord itself). */
export function restOptions(config: Pick<DiscordConfig, 'apiUrl'>): { api?: string } {
  return config.apiUrl ? { api: config.apiUrl } : {};
}
