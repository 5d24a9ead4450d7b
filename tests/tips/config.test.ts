import { describe, expect, it } from 'vitest';
import { readTipsConfig } from '../../src/tips/config.js';

describe('readTipsConfig', () => {
  it('has defaults', () => {
    const c = readTipsConfig({});
    expect(c).toEqual({ channels: [], databasePath: 'data/hallway.sqlite', graceMinutes: 120, defaultTimezone: 'UTC' });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.channels)).toBe(true);
  });

  it('parses TIP_CHANNELS with defaults from TZ', () => {
    const c = readTipsConfig({
      TIP_CHANNELS: 'slack:C123@09:00 Europe/Berlin, discord:456 ,slack:C9@7:30 daily',
      TZ: 'America/New_York',
      DATABASE_PATH: '/var/lib/hallway/db.sqlite',
      TIP_GRACE_MINUTES: '30',
    });
    expect(c.channels).toEqual([
      { platform: 'slack', channelId: 'C123', time: '09:00', timezone: 'Europe/Berlin', days: 'weekdays' },
      { platform: 'discord', channelId: '456', time: '09:00', timezone: 'America/New_York', days: 'weekdays' },
      { platform: 'slack', channelId: 'C9', time: '07:30', timezone: 'America/New_York', days: 'daily' },
    ]);
    expect(c.databasePath).toBe('/var/lib/hallway/db.sqlite');
    expect(c.graceMinutes).toBe(30);
    expect(Object.isFrozen(c.channels[0])).toBe(true);
  });

  it('rejects bad values with hallway/tips: messages', () => {
    expect(() => readTipsConfig({ TIP_CHANNELS: 'teams:C1' })).toThrow(/^hallway\/tips: .*platform must be slack or discord/);
    expect(() => readTipsConfig({ TIP_CHANNELS: 'slack:C1@25:00' })).toThrow(/hallway\/tips: .*not a time of day/);
    expect(() => readTipsConfig({ TIP_CHANNELS: 'slack:C1@09:00 Mars/Olympus' })).toThrow(/not a time zone/);
    expect(() => readTipsConfig({ TIP_CHANNELS: 'slack:C1,slack:C1' })).toThrow(/listed twice/);
    expect(() => readTipsConfig({ TIP_CHANNELS: 'C1' })).toThrow(/platform:channelId/);
    expect(() => readTipsConfig({ TIP_GRACE_MINUTES: 'soon' })).toThrow(/^hallway\/tips: TIP_GRACE_MINUTES must be a whole number/);
    expect(() => readTipsConfig({ TIP_GRACE_MINUTES: '1440' })).toThrow(/at most 1439/);
    expect(() => readTipsConfig({ TZ: 'Nowhere/Land' })).toThrow(/^hallway\/tips: TZ must be an IANA time zone/);
  });
});
