/**
 * Time-zone arithmetic for daily tips, on top of Intl only (no Date local-time
 * methods, so the server's own TZ never leaks in).
 *
 * A subscription's "slot" on a local date is the first instant at or after
 * which the channel's wall clock reads that date at or after HH:MM:
 * - in a spring-forward gap (Europe/Berlin 2026-03-29, 02:00–03:00 does not
 *   exist) a 02:30 slot is the transition instant, 03:00 local;
 * - in a fall-back overlap (America/New_York 2026-11-01, 01:00–02:00 happens
 *   twice) a 01:30 slot is the first 01:30 (EDT); the second one is covered by
 *   the claim for that date.
 */

/** A calendar date as written in claims: `YYYY-MM-DD`. */
export type LocalDate = string;

export interface LocalParts {
  readonly date: LocalDate;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The canonical IANA name of a time zone ("europe/berlin" → "Europe/Berlin"), or undefined when Intl does not know it. */
export function canonicalTimeZone(name: string): string | undefined {
  const trimmed = name.trim();
  if (!trimmed || !/^[A-Za-z0-9_+\-/]+$/.test(trimmed)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export function isValidTimeZone(name: string): boolean {
  return canonicalTimeZone(name) !== undefined;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The wall-clock date and time of `instant` in `timeZone`. */
export function localParts(instant: Date | number, timeZone: string): LocalParts {
  const t = typeof instant === 'number' ? instant : instant.getTime();
  const parts = formatter(timeZone).formatToParts(new Date(t));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  const year = get('year');
  const month = get('month');
  const day = get('day');
  const hour = get('hour') % 24;
  const minute = get('minute');
  const second = get('second');
  return { date: `${pad(year, 4)}-${pad(month)}-${pad(day)}`, year, month, day, hour, minute, second };
}

/** The wall-clock reading of `t` in `timeZone`, encoded as if it were a UTC instant (milliseconds kept). */
function wallMs(t: number, timeZone: string): number {
  const p = localParts(t, timeZone);
  const ms = ((t % 1000) + 1000) % 1000;
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) + ms;
}

/** UTC offset of `timeZone` at instant `t`, in milliseconds (Berlin in summer: +7 200 000). */
export function offsetMs(t: number, timeZone: string): number {
  return wallMs(t, timeZone) - t;
}

/** `YYYY-MM-DD` → [year, month, day], or undefined when it is not a real date. */
export function parseLocalDate(value: string): [number, number, number] | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return undefined;
  return [y, mo, d];
}

function mustParseDate(value: LocalDate): [number, number, number] {
  const parsed = parseLocalDate(value);
  if (!parsed) throw new Error(`hallway/tips: not a date (YYYY-MM-DD): "${value}"`);
  return parsed;
}

/** `HH:MM` or `H:MM` (00:00–23:59) → normalised `HH:MM`, or undefined. */
export function parseTimeOfDay(value: string): string | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return undefined;
  return `${pad(h)}:${pad(min)}`;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = mustParseDate(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** Day of the week of a calendar date: 0 Sunday … 6 Saturday (independent of any time zone). */
export function weekdayOf(date: LocalDate): number {
  const [y, m, d] = mustParseDate(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function isWeekday(date: LocalDate): boolean {
  const wd = weekdayOf(date);
  return wd >= 1 && wd <= 5;
}

/**
 * The first instant at or after which the wall clock in `timeZone` reads
 * `date` at `time` (HH:MM) or later. See the module comment for DST days.
 */
export function slotInstant(date: LocalDate, time: string, timeZone: string): Date {
  const [y, mo, d] = mustParseDate(date);
  const hm = parseTimeOfDay(time);
  if (!hm) throw new Error(`hallway/tips: not a time of day (HH:MM): "${time}"`);
  const naive = Date.UTC(y, mo - 1, d, Number(hm.slice(0, 2)), Number(hm.slice(3, 5)));
  const day = 86_400_000;
  const offsets = [...new Set([naive - day, naive, naive + day].map((t) => offsetMs(t, timeZone)))];
  const exact = offsets
    .map((o) => naive - o)
    .filter((t) => wallMs(t, timeZone) === naive)
    .sort((a, b) => a - b);
  if (exact[0] !== undefined) return new Date(exact[0]);
  // In a gap: the wall clock jumps over `time`. Find the transition by bisection,
  // between reading the clock with the larger offset (before the target) and the smaller one (after it).
  let lo = naive - Math.max(...offsets);
  let hi = naive - Math.min(...offsets);
  if (wallMs(lo, timeZone) >= naive || wallMs(hi, timeZone) < naive) {
    throw new Error(`hallway/tips: cannot place ${date} ${hm} in ${timeZone}`);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallMs(mid, timeZone) >= naive) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** "Mon 2 Mar 2026, 09:00" in `timeZone`. */
export function formatLocal(instant: Date, timeZone: string): string {
  const p = localParts(instant, timeZone);
  const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][weekdayOf(p.date)];
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][p.month - 1];
  return `${wd} ${p.day} ${mon} ${p.year}, ${pad(p.hour)}:${pad(p.minute)}`;
}
