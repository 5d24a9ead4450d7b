/**
 * The Discord adapter's settings, read from the environment once, validated
 * with zod and frozen. Nothing else in the adapter reads `process.env`.
 *
 * Error messages start with "hallway/discord:" and name the variable; they
 * never repeat a value, so a token pasted into the wrong variable is not
 * echoed to the terminal or the logs.
 */
import { z } from 'zod';

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

/** Unset and blank mean the same thing (as in most .env files). */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const SNOWFLAKE = /^\d{15,21}$/;
const snowflake = (name: string) =>
  z
    .string()
    .trim()
    .regex(SNOWFLAKE, { message: `${name} must be a Discord id (a number of 15 to 21 digits)` });

const apiUrl = z
  .string()
  .trim()
  .refine(
    (s) => {
      try {
        const u = new URL(s);
        return u.protocol === 'http:' || u.protocol === 'https:';
      } catch {
        return false;
      }
    },
    { message: 'DISCORD_API_URL must be an http(s) URL, e.g. https://discord.com/api' },
  )
  .transform((s) => s.replace(/\/+$/, ''))
  .refine((s) => !/\/v\d+$/.test(s), {
    message:
      'DISCORD_API_URL must be the API base without a version, e.g. https://discord.com/api (discord.js adds /v10 itself)',
  });

const envSchema = z.object({
  DISCORD_TOKEN: optional(z.string().trim()),
  DISCORD_APPLICATION_ID: optional(snowflake('DISCORD_APPLICATION_ID')),
  DISCORD_GUILD_ID: optional(snowflake('DISCORD_GUILD_ID')),
  DISCORD_API_URL: optional(apiUrl),
});

function parse(env: NodeJS.ProcessEnv): z.infer<typeof envSchema> {
  const result = envSchema.safeParse({
    DISCORD_TOKEN: env.DISCORD_TOKEN,
    DISCORD_APPLICATION_ID: env.DISCORD_APPLICATION_ID,
    DISCORD_GUILD_ID: env.DISCORD_GUILD_ID,
    DISCORD_API_URL: env.DISCORD_API_URL,
  });
  if (!result.success) {
    // Our own messages only: they name the variable and never echo its value.
    const problems = result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'environment');
      return issue.message.startsWith(variable) ? issue.message : `${variable} is invalid`;
    });
    throw new DiscordConfigError(problems.join('; '));
  }
  return result.data;
}

function requireToken(token: string | undefined): string {
  if (!token) {
    throw new DiscordConfigError(
      'DISCORD_TOKEN is not set: copy the bot token from the Developer Portal (your application → Bot → Reset Token)',
    );
  }
  if (/^Bot\s/i.test(token)) {
    throw new DiscordConfigError('DISCORD_TOKEN must be the bare token, without the "Bot " prefix');
  }
  if (/\s/.test(token)) throw new DiscordConfigError('DISCORD_TOKEN must not contain spaces');
  return token;
}

/** The bot's settings: DISCORD_TOKEN is required, the rest optional. */
export function loadDiscordConfig(env: NodeJS.ProcessEnv): DiscordConfig {
  const data = parse(env);
  return Object.freeze({
    token: requireToken(data.DISCORD_TOKEN),
    applicationId: data.DISCORD_APPLICATION_ID,
    guildId: data.DISCORD_GUILD_ID,
    apiUrl: data.DISCORD_API_URL,
  });
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
