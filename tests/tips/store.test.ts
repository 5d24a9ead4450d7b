import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { applyConfiguredChannels } from '../../src/tips/config.js';
import { CONFIG_CREATOR, SCHEMA_VERSION, TipStore } from '../../src/tips/store.js';
import { cleanup, SLACK_A, tempDbPath } from './helpers.js';

afterEach(cleanup);

describe('TipStore', () => {
  it('creates the file and its directory, in WAL mode, migrated, and reopens without re-migrating', () => {
    const path = tempDbPath();
    const a = TipStore.open(path);
    expect(existsSync(path)).toBe(true);
    expect(a.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(Number(a.db.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
    expect(a.schemaVersion()).toBe(SCHEMA_VERSION);
    a.close();
    const b = TipStore.open(path);
    expect(b.db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: SCHEMA_VERSION });
    b.close();
  });

  it('refuses a database from a newer Hallway', () => {
    const path = tempDbPath();
    const a = TipStore.open(path);
    a.db.prepare('INSERT INTO schema_migrations VALUES (999, ?, ?)').run('future', new Date().toISOString());
    a.close();
    expect(() => TipStore.open(path)).toThrow(/hallway\/tips: .*newer than this Hallway knows/);
  });

  it('configured channels are added once; config does not override a command subscription or an unsubscribe', () => {
    const store = TipStore.open(':memory:');
    const now = new Date('2026-03-02T00:00:00Z');
    const ch = { platform: 'slack' as const, channelId: 'C0A', time: '09:00', timezone: 'UTC', days: 'weekdays' as const };
    applyConfiguredChannels(store, [ch], now);
    expect(store.getSubscription(SLACK_A)).toMatchObject({ createdBy: CONFIG_CREATOR, active: true });
    store.deactivate(SLACK_A, 'unsubscribed by U1');
    applyConfiguredChannels(store, [{ ...ch, time: '10:00' }], now);
    expect(store.getSubscription(SLACK_A)).toMatchObject({ time: '10:00', active: false });
    store.subscribe({ ...SLACK_A, time: '07:00', timezone: 'UTC', days: 'daily', createdBy: 'U1', createdAt: now.toISOString() });
    applyConfiguredChannels(store, [ch], now);
    expect(store.getSubscription(SLACK_A)).toMatchObject({ time: '07:00', createdBy: 'U1', active: true });
    expect(store.deactivate(SLACK_A, 'x')).toBe(true);
    expect(store.deactivate(SLACK_A, 'x')).toBe(false);
    store.close();
  });
});
