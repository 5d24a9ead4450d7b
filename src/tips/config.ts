/**
 * Daily-tip settings, read from the environment once into a frozen object.
 *
 * - `TIP_CHANNELS`: channels subscribed by configuration, comma-separated,
 *   each `platform:channelId[@HH:MM[ timezone][ weekdays|daily]]`, e.g.
 *   `slack:C123@09:00 Europe/Berlin,discord:456@07:30 daily`. Missing parts
 *   take the defaults: 09:00, the default time zone, weekdays.
 * - `DATABASE_PATH`: the SQLite file; default `data/hallway.sqlite`.
 * - `TIP_GRACE_MINUTES`: how late a missed tip may still be posted; default 120 (0–1439).
 * - `TZ`: the default time zone (IANA name) for subscriptions that give none; default UTC.
 */
import { z } from 'zod';
import { envText, formatProblems, parseEnv, problem } from '../config.js';
import { PLATFORMS, type Platform } from './content.js';
import type { Days } from './store.js';
import { DEFAULT_DATABASE_PATH } from './store.js';
import { DEFAULT_GRACE_MINUTES } from './schedule.js';
import { canonicalTimeZone, parseTimeOfDay } from './time.js';

export const DEFAULT_TIP_TIME = '09:00';
export const DEFAULT_TIP_DAYS: Days = 'weekdays';

export interface ConfiguredChannel {
  readonly platform: Platform;
  readonly channelId: string;
  readonly time: string;
  readonly timezone: string;
  readonly days: Days;
}

export interface TipsConfig {
  readonly channels: readonly ConfiguredChannel[];
  readonly databasePath: string;
  readonly graceMinutes: number;
  readonly defaultTimezone: string;
}

export interface ScheduleWords {
  time?: string;
  timezone?: string;
  days?: Days;
}

/**
 * Reads `[HH:MM] [timezone] [weekdays|daily]` in any order, as both
 * `/tip subscribe` and `TIP_CHANNELS` write them. Returns the parts found, or
 * an error message naming the word it could not read.
 */
export function parseScheduleWords(words: readonly string[]): { ok: true; value: ScheduleWords } | { ok: false; error: string } {
  const value: ScheduleWords = {};
  for (const word of words) {
    if (!word) continue;
    const lower = word.toLowerCase();
    if (/^\d{1,2}:\d{2}$/.test(word)) {
      const time = parseTimeOfDay(word);
      if (!time) return { ok: false, error: `"${word}" is not a time of day; use HH:MM, 00:00 to 23:59` };
      if (value.time) return { ok: false, error: `two times given ("${value.time}" and "${word}")` };
      value.time = time;
    } else if (lower === 'weekdays' || lower === 'weekday' || lower === 'daily') {
      if (value.days) return { ok: false, error: 'give either "weekdays" or "daily", once' };
      value.days = lower === 'daily' ? 'daily' : 'weekdays';
    } else {
      const zone = canonicalTimeZone(word);
      if (!zone) {
        return {
          ok: false,
          error: `"${word}" is not a time zone, time (HH:MM) or "weekdays"/"daily"; time zones are IANA names such as Europe/Berlin or UTC`,
        };
      }
      if (value.timezone) return { ok: false, error: `two time zones given ("${value.timezone}" and "${word}")` };
      value.timezone = zone;
    }
  }
  return { ok: true, value };
}

/** Reads `TIP_CHANNELS`; every problem is returned, one sentence each, none thrown. */
export function readTipChannels(value: string, defaultTimezone: string): { channels: ConfiguredChannel[]; problems: string[] } {
  const problems: string[] = [];
  const out: ConfiguredChannel[] = [];
  const seen = new Set<string>();
  value
    .split(',')
    .map((s) => s.trim())
    .forEach((entry, i) => {
      const where = `TIP_CHANNELS entry ${i + 1} ("${entry.slice(0, 80)}")`;
      if (!entry) {
        problems.push(`${where}: empty entry`);
        return;
      }
      const m = /^([a-z]+):([A-Za-z0-9_-]{1,64})(?:@(.*))?$/.exec(entry);
      if (!m) {
        problems.push(`${where}: write platform:channelId[@HH:MM[ timezone][ weekdays|daily]], e.g. slack:C123@09:00 Europe/Berlin`);
        return;
      }
      const platform = m[1] as Platform;
      if (!PLATFORMS.includes(platform)) {
        problems.push(`${where}: the platform must be slack or discord`);
        return;
      }
      const words = (m[3] ?? '').trim().split(/\s+/).filter(Boolean);
      if (m[3] !== undefined && words.length === 0) {
        problems.push(`${where}: nothing after "@"; give a time such as 09:00`);
        return;
      }
      const parsed = parseScheduleWords(words);
      if (!parsed.ok) {
        problems.push(`${where}: ${parsed.error}`);
        return;
      }
      const key = `${platform}:${m[2]}`;
      if (seen.has(key)) {
        problems.push(`${where}: ${key} is listed twice`);
        return;
      }
      seen.add(key);
      out.push(
        Object.freeze({
          platform,
          channelId: m[2]!,
          time: parsed.value.time ?? DEFAULT_TIP_TIME,
          timezone: parsed.value.timezone ?? defaultTimezone,
          days: parsed.value.days ?? DEFAULT_TIP_DAYS,
        }),
      );
    });
  return { channels: out, problems };
}

/** Parses `TIP_CHANNELS`; throws with every problem, one per line. */
export function parseTipChannels(value: string, defaultTimezone: string): ConfiguredChannel[] {
  const { channels, problems } = readTipChannels(value, defaultTimezone);
  if (problems.length > 0) throw new Error(formatProblems(problems, 'hallway/tips:'));
  return channels;
}

function timeZoneOf(value: string | undefined): string | undefined {
  return value === undefined ? undefined : canonicalTimeZone(value.replace(/^:/, ''));
}

/**
 * The tips section of the configuration (see adapters/config.ts): an environment
 * in, a {@link TipsConfig} out, every problem named.
 */
export const tipsEnvSchema = z
  .object({ TIP_CHANNELS: envText, DATABASE_PATH: envText, TIP_GRACE_MINUTES: envText, TZ: envText })
  .superRefine((env, ctx) => {
    if (env.TIP_GRACE_MINUTES !== undefined) {
      if (!/^\d+$/.test(env.TIP_GRACE_MINUTES)) {
        problem(ctx, 'TIP_GRACE_MINUTES', 'TIP_GRACE_MINUTES must be a whole number of minutes, e.g. TIP_GRACE_MINUTES=120');
      } else if (Number(env.TIP_GRACE_MINUTES) > 1439) {
        problem(ctx, 'TIP_GRACE_MINUTES', 'TIP_GRACE_MINUTES must be at most 1439 (under a day)');
      }
    }
    if (env.TZ !== undefined && timeZoneOf(env.TZ) === undefined) {
      problem(ctx, 'TZ', 'TZ must be an IANA time zone such as Europe/Berlin or UTC');
    }
    if (env.TIP_CHANNELS !== undefined) {
      for (const p of readTipChannels(env.TIP_CHANNELS, timeZoneOf(env.TZ) ?? 'UTC').problems) problem(ctx, 'TIP_CHANNELS', p);
    }
  })
  .transform((env): TipsConfig => {
    const defaultTimezone = timeZoneOf(env.TZ) ?? 'UTC';
    const channels = env.TIP_CHANNELS ? readTipChannels(env.TIP_CHANNELS, defaultTimezone).channels : [];
    return Object.freeze({
      channels: Object.freeze(channels),
      databasePath: env.DATABASE_PATH ?? DEFAULT_DATABASE_PATH,
      graceMinutes: env.TIP_GRACE_MINUTES === undefined ? DEFAULT_GRACE_MINUTES : Number(env.TIP_GRACE_MINUTES),
      defaultTimezone,
    });
  });

/** Reads the tips settings; throws with every problem, one "hallway/tips: …" line each. */
export function readTipsConfig(env: NodeJS.ProcessEnv = process.env): TipsConfig {
  return parseEnv(tipsEnvSchema, env, 'hallway/tips:');
}

/** Writes the configured channels into the store (see {@link TipStore.applyConfigured}). */
export function applyConfiguredChannels(
  store: { applyConfigured(sub: ConfiguredChannel & { createdAt: string }): void },
  channels: readonly ConfiguredChannel[],
  now: Date,
): void {
  for (const ch of channels) store.applyConfigured({ ...ch, createdAt: now.toISOString() });
}
