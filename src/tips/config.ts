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

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const envSchema = z.object({
  TIP_CHANNELS: optionalText,
  DATABASE_PATH: optionalText,
  TIP_GRACE_MINUTES: optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, { message: 'TIP_GRACE_MINUTES must be a whole number of minutes' })
      .transform(Number)
      .pipe(z.number().int().min(0).max(1439, { message: 'TIP_GRACE_MINUTES must be at most 1439 (under a day)' }))
      .optional(),
  ),
  TZ: optionalText.pipe(
    z
      .string()
      .refine((v) => canonicalTimeZone(v.replace(/^:/, '')) !== undefined, {
        message: 'TZ must be an IANA time zone such as Europe/Berlin or UTC',
      })
      .transform((v) => canonicalTimeZone(v.replace(/^:/, ''))!)
      .optional(),
  ),
});

/** Parses `TIP_CHANNELS`; throws with every problem, one per line. */
export function parseTipChannels(value: string, defaultTimezone: string): ConfiguredChannel[] {
  const problems: string[] = [];
  const out: ConfiguredChannel[] = [];
  const seen = new Set<string>();
  value
    .split(',')
    .map((s) => s.trim())
    .forEach((entry, i) => {
      const where = `TIP_CHANNELS entry ${i + 1} ("${entry}")`;
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
  if (problems.length > 0) throw new Error(`hallway/tips: ${problems.join('\nhallway/tips: ')}`);
  return out;
}

export function readTipsConfig(env: NodeJS.ProcessEnv = process.env): TipsConfig {
  const parsed = envSchema.safeParse({
    TIP_CHANNELS: env.TIP_CHANNELS,
    DATABASE_PATH: env.DATABASE_PATH,
    TIP_GRACE_MINUTES: env.TIP_GRACE_MINUTES,
    TZ: env.TZ,
  });
  if (!parsed.success) {
    throw new Error(
      parsed.error.issues
        .map((i) => {
          const name = i.path.join('.');
          return `hallway/tips: ${name && !i.message.includes(name) ? `${name}: ` : ''}${i.message}`;
        })
        .join('\n'),
    );
  }
  const defaultTimezone = parsed.data.TZ ?? 'UTC';
  const channels = parsed.data.TIP_CHANNELS ? parseTipChannels(parsed.data.TIP_CHANNELS, defaultTimezone) : [];
  return Object.freeze({
    channels: Object.freeze(channels),
    databasePath: parsed.data.DATABASE_PATH ?? DEFAULT_DATABASE_PATH,
    graceMinutes: parsed.data.TIP_GRACE_MINUTES ?? DEFAULT_GRACE_MINUTES,
    defaultTimezone,
  });
}

/** Writes the configured channels into the store (see {@link TipStore.applyConfigured}). */
export function applyConfiguredChannels(
  store: { applyConfigured(sub: ConfiguredChannel & { createdAt: string }): void },
  channels: readonly ConfiguredChannel[],
  now: Date,
): void {
  for (const ch of channels) store.applyConfigured({ ...ch, createdAt: now.toISOString() });
}
