import { describe, expect, it } from 'vitest';
import {
  addDays,
  canonicalTimeZone,
  formatLocal,
  isWeekday,
  localParts,
  parseLocalDate,
  parseTimeOfDay,
  slotInstant,
} from '../../src/tips/time.js';

describe('time zone arithmetic', () => {
  it('places an ordinary slot', () => {
    expect(slotInstant('2026-03-02', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-03-02T08:00:00.000Z');
    expect(slotInstant('2026-07-01', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(slotInstant('2026-03-02', '09:00', 'UTC').toISOString()).toBe('2026-03-02T09:00:00.000Z');
    expect(slotInstant('2026-03-02', '09:00', 'Asia/Kolkata').toISOString()).toBe('2026-03-02T03:30:00.000Z');
  });

  it('moves a slot in the spring-forward gap to the first instant that exists (03:00 CEST)', () => {
    expect(slotInstant('2026-03-29', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(slotInstant('2026-03-29', '02:00', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(slotInstant('2026-03-29', '03:00', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(slotInstant('2026-03-29', '01:59', 'Europe/Berlin').toISOString()).toBe('2026-03-29T00:59:00.000Z');
  });

  it('takes the first of the two 01:30s on the fall-back day', () => {
    expect(slotInstant('2026-11-01', '01:30', 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(slotInstant('2026-11-01', '02:30', 'America/New_York').toISOString()).toBe('2026-11-01T07:30:00.000Z');
    expect(slotInstant('2026-11-01', '00:30', 'America/New_York').toISOString()).toBe('2026-11-01T04:30:00.000Z');
  });

  it('reads local dates, times and weekdays in a zone, not on the server clock', () => {
    const p = localParts(new Date('2026-03-01T23:30:00Z'), 'Europe/Berlin');
    expect(p.date).toBe('2026-03-02');
    expect([p.hour, p.minute]).toEqual([0, 30]);
    expect(isWeekday('2026-03-02')).toBe(true); // Monday
    expect(isWeekday('2026-03-07')).toBe(false); // Saturday
    expect(isWeekday('2026-03-08')).toBe(false); // Sunday
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(formatLocal(new Date('2026-03-02T08:00:00Z'), 'Europe/Berlin')).toBe('Mon 2 Mar 2026, 09:00');
  });

  it('validates inputs', () => {
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('Mars/Olympus')).toBeUndefined();
    expect(canonicalTimeZone('')).toBeUndefined();
    expect(parseTimeOfDay('7:30')).toBe('07:30');
    expect(parseTimeOfDay('24:00')).toBeUndefined();
    expect(parseTimeOfDay('09:60')).toBeUndefined();
    expect(parseLocalDate('2026-02-30')).toBeUndefined();
    expect(parseLocalDate('2026-02-28')).toEqual([2026, 2, 28]);
  });
});
