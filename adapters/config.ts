/**
 * The one configuration schema `npm start` and `npm run tip` parse at start-up:
 * the core's section (src/config.ts), the tips section (src/tips/config.ts) and,
 * when their token is set, Slack's and Discord's (adapters/<platform>/config.ts).
 * One parse, so one message names every problem at once:
 *
 *   hallway/config: LOG_LEVEL must be one of fatal, error, …
 *   hallway/config: PORT must be a port number between 0 and 65535, e.g. PORT=8080
 *   hallway/config: TIP_GRACE_MINUTES must be a whole number of minutes, …
 *
 * The sections stay with the code that uses them (the core never imports an
 * adapter); this module only joins them.
 */
import { z } from 'zod';
import { ConfigError, coreEnvSchema, issueSentences, type CoreConfig } from '../src/config.js';
import { insightsEnvSchema, type InsightsConfig } from '../src/insights/config.js';
import { tipsEnvSchema, type TipsConfig } from '../src/tips/config.js';
import { discordEnvSchema, wantsDiscord, type DiscordConfig } from './discord/config.js';
import { slackEnvSchema, wantsSlack, type SlackConfig } from './slack/config.js';

export interface HallwayConfig {
  readonly core: CoreConfig;
  readonly tips: TipsConfig;
  readonly insights: InsightsConfig;
  /** Set when SLACK_BOT_TOKEN is. */
  readonly slack: SlackConfig | undefined;
  /** Set when DISCORD_TOKEN is. */
  readonly discord: DiscordConfig | undefined;
}

/** Slack variables that mean nothing without SLACK_BOT_TOKEN: setting one alone is a mistake worth naming. */
const SLACK_ONLY = ['SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET'] as const;

/** Every section of the environment, parsed by one schema. */
export const hallwayEnvSchema = configSchema(true);

/**
 * The schema; `platforms: false` leaves Slack's and Discord's sections out
 * (`npm run tip` only posts, and needs no signing secret or port).
 */
function configSchema(platforms: boolean) {
  return z
    .preprocess(
      (env) => {
        const e = (env ?? {}) as NodeJS.ProcessEnv;
        return {
          core: e,
          tips: e,
          insights: e,
          slack: platforms && wantsSlack(e) ? e : undefined,
          discord: platforms && wantsDiscord(e) ? e : undefined,
          orphans: !platforms || wantsSlack(e) ? [] : SLACK_ONLY.filter((name) => e[name]?.trim()),
        };
      },
      z.object({
        core: coreEnvSchema,
        tips: tipsEnvSchema,
        insights: insightsEnvSchema,
        slack: slackEnvSchema.optional(),
        discord: discordEnvSchema.optional(),
        orphans: z.array(z.string()),
      }),
    )
    .superRefine((value, ctx) => {
      for (const name of value.orphans) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `${name} is set but SLACK_BOT_TOKEN is not: set the bot token (xoxb-…) too, or remove ${name}`,
        });
      }
    })
    .transform(
      (value): HallwayConfig =>
        Object.freeze({ core: value.core, tips: value.tips, insights: value.insights, slack: value.slack, discord: value.discord }),
    );
}

const withoutPlatforms = configSchema(false);

/** Reads the whole configuration; throws a {@link ConfigError} listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv, options: { platforms?: boolean } = {}): HallwayConfig {
  const result = (options.platforms === false ? withoutPlatforms : hallwayEnvSchema).safeParse(env);
  if (!result.success) throw new ConfigError(issueSentences(result.error.issues));
  return result.data;
}

/** Every variable the schema reads, from the sections' own shapes (for docs and the .env.example check). */
export function configVariables(): string[] {
  const sections = [coreEnvSchema.in, tipsEnvSchema.in, insightsEnvSchema.in, slackEnvSchema.in, discordEnvSchema.in];
  return [...new Set(sections.flatMap((s) => Object.keys(s.shape)))];
}
