/**
 * Organiser-insights settings, read from the environment once into a frozen object.
 *
 * - `INSIGHTS_RETENTION_DAYS`: how many days recorded questions and votes are
 *   kept; default 90; `0` turns recording (and the 👍/👎 buttons) off.
 *   Example: `INSIGHTS_RETENTION_DAYS=30`.
 * - `INSIGHTS_SALT`: the secret mixed into each asker's hash; default: a random
 *   salt generated once and kept in the database. Set it to keep hashes stable
 *   across database files. Example: `INSIGHTS_SALT=$(openssl rand -hex 32)`.
 * - `INSIGHTS_WEAK_SCORE`: an answer whose best hit scored below this (the
 *   core's relative confidence, 0–1) counts as weak in the report; default 0.5.
 * - `DATABASE_PATH`: the SQLite file shared with the daily tips; default `data/hallway.sqlite`.
 */
import { z } from 'zod';
import { envText } from '../config.js';
import { DEFAULT_DATABASE_PATH } from '../tips/store.js';

export interface InsightsConfig {
  readonly databasePath: string;
  /** Days to keep; 0 = recording off. */
  readonly retentionDays: number;
  /** The asker-hash salt from configuration, if set (else one is kept in the database). */
  readonly salt?: string;
  readonly weakScore: number;
}

export const DEFAULT_INSIGHTS_CONFIG: Readonly<Omit<InsightsConfig, 'salt'>> = Object.freeze({
  databasePath: DEFAULT_DATABASE_PATH,
  retentionDays: 90,
  weakScore: 0.5,
});

const PREFIX = 'hallway/insights:';

export function readInsightsConfig(env: NodeJS.ProcessEnv = process.env): InsightsConfig {
  const retentionRaw = env.INSIGHTS_RETENTION_DAYS?.trim();
  let retentionDays = DEFAULT_INSIGHTS_CONFIG.retentionDays;
  if (retentionRaw) {
    if (!/^\d{1,5}$/.test(retentionRaw)) {
      throw new Error(`${PREFIX} INSIGHTS_RETENTION_DAYS must be a whole number of days, 0 to turn recording off (got "${retentionRaw}")`);
    }
    retentionDays = Number(retentionRaw);
  }
  const weakRaw = env.INSIGHTS_WEAK_SCORE?.trim();
  let weakScore = DEFAULT_INSIGHTS_CONFIG.weakScore;
  if (weakRaw) {
    const n = Number(weakRaw);
    if (!Number.isFinite(n) || n < 0 || n > 1) throw new Error(`${PREFIX} INSIGHTS_WEAK_SCORE must be a number from 0 to 1 (got "${weakRaw}")`);
    weakScore = n;
  }
  const salt = env.INSIGHTS_SALT?.trim();
  if (salt !== undefined && salt !== '' && salt.length < 16) {
    throw new Error(`${PREFIX} INSIGHTS_SALT must be at least 16 characters when set`);
  }
  return Object.freeze({
    databasePath: env.DATABASE_PATH?.trim() || DEFAULT_INSIGHTS_CONFIG.databasePath,
    retentionDays,
    weakScore,
    ...(salt ? { salt } : {}),
  });
}

/**
 * The insights section of the one configuration schema (adapters/config.ts):
 * the same rules as {@link readInsightsConfig}, each problem reported against
 * its variable so that one start-up message lists them with the others.
 */
export const insightsEnvSchema = z
  .object({ INSIGHTS_RETENTION_DAYS: envText, INSIGHTS_SALT: envText, INSIGHTS_WEAK_SCORE: envText, DATABASE_PATH: envText })
  .transform((env, ctx): InsightsConfig => {
    try {
      return readInsightsConfig(env as NodeJS.ProcessEnv);
    } catch (err) {
      const message = (err as Error).message.replace(`${PREFIX} `, '');
      const variable = /^[A-Z_]+/.exec(message)?.[0] ?? 'INSIGHTS_RETENTION_DAYS';
      ctx.addIssue({ code: 'custom', path: [variable], message });
      return z.NEVER;
    }
  });
