/**
 * Recording never breaks or slows an answer: a read-only database, a database
 * locked by another connection, and a database that cannot be opened at all
 * still let every question be answered; the failures are logged and counted.
 * Also: the CLI on an empty database, and on a database written before
 * insights existed (migrated first); retention; configuration errors.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../adapters/console/index.js';
import { createInsights } from '../../adapters/insights.js';
import { Hallway } from '../../src/hallway.js';
import { readInsightsConfig } from '../../src/insights/config.js';
import { InsightsRecorder } from '../../src/insights/recorder.js';
import { InsightsStore } from '../../src/insights/store.js';
import { TipStore } from '../../src/tips/store.js';
import { KNOWLEDGE, removeDir, requireBuilt, ROOT, runInsights, silentLogger, tempDir } from './helpers.js';

let dir: string;
let hallway: Hallway;
const dirs: string[] = [];

beforeAll(async () => {
  requireBuilt();
  dir = await tempDir();
  dirs.push(dir);
  hallway = await Hallway.load(KNOWLEDGE);
});

afterAll(async () => {
  for (const d of dirs) await removeDir(d);
});

/** Runs the console adapter over `lines` and returns what it printed. */
async function consoleRun(lines: readonly string[], extra: Partial<Parameters<typeof runConsole>[0]>): Promise<{ out: string; answered: number }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (c: Buffer) => (out += c.toString('utf8')));
  input.end(`${lines.join('\n')}\n`);
  const answered = await runConsole({ hallway, input, output, ...extra });
  return { out, answered };
}

const QUESTIONS = ['kuma', 'wifi password', '/tool heap dump', 'mongodb'];

describe('recording that fails', () => {
  it('a read-only database: every question is answered, the failure is logged and counted', async () => {
    const path = join(dir, 'readonly.sqlite');
    const store = InsightsStore.open(path);
    // SQLite refuses every write on this connection from now on, as on a read-only file.
    store.db.pragma('query_only = ON');
    const { logger, lines } = silentLogger();
    const dropped: number[] = [];
    const recorder = new InsightsRecorder({ store, salt: 'a-test-salt-of-some-length', retentionDays: 90, logger, flushDelayMs: 1, onDropped: (n) => dropped.push(n) });
    const { out, answered } = await consoleRun(QUESTIONS, { observers: [recorder.observer] });
    expect(answered).toBe(QUESTIONS.length);
    expect(out).toMatch(/Kuma/);
    expect(out).toMatch(/Heap dump/);
    await recorder.settled();
    expect(recorder.stats()).toMatchObject({ recorded: 0, dropped: QUESTIONS.length, pending: 0 });
    expect(dropped.reduce((a, b) => a + b, 0)).toBe(QUESTIONS.length);
    const warn = lines.map((l) => JSON.parse(l) as { level: number; msg: string; err?: { message?: string } }).find((l) => l.msg.startsWith('insights: could not record'));
    expect(warn?.level).toBe(40);
    expect(warn?.err?.message).toMatch(/readonly/i);
    recorder.stop();
    store.close();
  });

  it('a database locked by another writer: the answer goes out at once, the rows wait and are written once the lock is gone', async () => {
    const path = join(dir, 'locked.sqlite');
    const store = InsightsStore.open(path);
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    const { logger, lines } = silentLogger();
    const recorder = new InsightsRecorder({ store, salt: 'a-test-salt-of-some-length', retentionDays: 90, logger, flushDelayMs: 1, retryDelayMs: 20, maxAttempts: 50 });
    const { answered } = await consoleRun(QUESTIONS, { observers: [recorder.observer] });
    expect(answered).toBe(QUESTIONS.length);
    // The recorder found the database busy and is waiting to retry, without having blocked anything.
    await new Promise((r) => setTimeout(r, 100));
    expect(recorder.stats().pending).toBe(QUESTIONS.length);
    expect(lines.some((l) => l.includes('database busy, will retry'))).toBe(true);
    other.exec('COMMIT');
    other.close();
    await recorder.settled();
    expect(recorder.stats()).toMatchObject({ recorded: QUESTIONS.length, dropped: 0 });
    expect(store.questions().map((q) => q.query).sort()).toEqual(['heap dump', 'kuma', 'mongodb', 'wifi password']);
    recorder.stop();
    store.close();
  });

  it('a lock held for good: the rows are dropped after the retries, with a warning', async () => {
    const path = join(dir, 'stuck.sqlite');
    const store = InsightsStore.open(path);
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    const { logger, lines } = silentLogger();
    const recorder = new InsightsRecorder({ store, salt: 'a-test-salt-of-some-length', retentionDays: 90, logger, flushDelayMs: 1, retryDelayMs: 5, maxAttempts: 3 });
    await consoleRun(['kuma'], { observers: [recorder.observer] });
    await recorder.settled();
    expect(recorder.stats()).toMatchObject({ recorded: 0, dropped: 1 });
    expect(lines.some((l) => l.includes('the database stayed busy'))).toBe(true);
    other.exec('ROLLBACK');
    other.close();
    recorder.stop();
    store.close();
  });

  it('npm start with a read-only database file: insights and tips are off, the console still answers', async () => {
    // Prepare a migrated database in rollback-journal mode, then make it and its folder read-only
    // for the (non-root) user the bot runs as.
    const ro = await tempDir();
    dirs.push(ro);
    const path = join(ro, 'hallway.sqlite');
    TipStore.open(path).close();
    InsightsStore.open(path).close();
    const db = new Database(path);
    db.pragma('journal_mode = DELETE');
    db.close();
    chmodSync(path, 0o444);
    chmodSync(ro, 0o555);
    const asRoot = process.getuid?.() === 0;
    const env: NodeJS.ProcessEnv = { ...process.env, KNOWLEDGE_DIR: KNOWLEDGE, DATABASE_PATH: path, LOG_LEVEL: 'warn' };
    delete env.SLACK_BOT_TOKEN;
    delete env.DISCORD_TOKEN;
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'adapters', 'main.js')], {
      cwd: ROOT,
      env,
      input: 'kuma\nwifi password\n',
      encoding: 'utf8',
      timeout: 30_000,
      // root may write any file; run as nobody so the read-only bits hold.
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Kuma/);
    expect(r.stderr).toMatch(/insights are off/);
    chmodSync(ro, 0o755);
  });
});

describe('npm run insights on a fresh or old database', () => {
  it('prints an empty report for an empty database, exit 0', async () => {
    const fresh = join(await tempDir().then((d) => (dirs.push(d), d)), 'empty.sqlite');
    const r = spawnSync('npm', ['run', '--silent', 'insights', '--', '--format', 'json'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_PATH: fresh, KNOWLEDGE_DIR: KNOWLEDGE },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(report.totals).toEqual({ questions: 0, answered: 0, unanswered: 0, weak: 0, votesUp: 0, votesDown: 0, askers: 0 });
    for (const k of ['perPlatform', 'perDay', 'unanswered', 'weak', 'disliked', 'entities']) expect(report[k]).toEqual([]);
  });

  it('migrates a database written by the tips-only version first, keeping its data', async () => {
    const d = await tempDir();
    dirs.push(d);
    const path = join(d, 'old.sqlite');
    const tips = TipStore.open(path);
    tips.subscribe({ platform: 'slack', channelId: 'C0OLD', time: '09:00', timezone: 'UTC', days: 'weekdays', createdBy: 'U0ADMIN', createdAt: '2026-01-01T00:00:00Z' });
    const tipsVersion = tips.schemaVersion();
    tips.close();
    const before = new Database(path, { readonly: true });
    expect(before.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'insights%'").all()).toEqual([]);
    before.close();

    const r = runInsights(['--format', 'json'], { DATABASE_PATH: path, KNOWLEDGE_DIR: KNOWLEDGE });
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { totals: { questions: number } }).totals.questions).toBe(0);

    const after = new Database(path, { readonly: true });
    expect(after.prepare('SELECT MAX(version) AS v FROM insights_migrations').get()).toEqual({ v: 1 });
    after.close();
    // The tips side is untouched and still opens.
    const again = TipStore.open(path);
    expect(again.schemaVersion()).toBe(tipsVersion);
    expect(again.listSubscriptions().map((s) => s.channelId)).toEqual(['C0OLD']);
    again.close();
  });

  it('refuses an insights schema newer than it knows, with a clear error', async () => {
    const d = await tempDir();
    dirs.push(d);
    const path = join(d, 'newer.sqlite');
    InsightsStore.open(path).close();
    const db = new Database(path);
    db.prepare("INSERT INTO insights_migrations (version, name, applied_at) VALUES (99, 'future', '2030-01-01')").run();
    db.close();
    const r = runInsights(['--format', 'json'], { DATABASE_PATH: path });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^hallway\/insights: cannot open the database .*newer than this Hallway knows/);
  });
});

describe('retention and settings', () => {
  it('prunes questions and their votes older than INSIGHTS_RETENTION_DAYS', async () => {
    const path = join(dir, 'retention.sqlite');
    const store = InsightsStore.open(path);
    const { logger } = silentLogger();
    let now = new Date('2026-01-01T12:00:00Z');
    const recorder = new InsightsRecorder({ store, salt: 'a-test-salt-of-some-length', retentionDays: 30, logger, flushDelayMs: 1, pruneEveryMs: 0, now: () => now });
    const event = (at: string, questionId: string) => ({
      at: new Date(at), platform: 'slack' as const, command: 'ask' as const, via: 'message' as const, query: 'kuma', status: 'answer' as const, latencyMs: 1, askerId: 'U0X', questionId,
    });
    recorder.record(event('2026-01-01T10:00:00Z', 'AAAAAAAAAAAAAAAA'));
    recorder.vote({ questionId: 'AAAAAAAAAAAAAAAA', platform: 'slack', voterId: 'U0Y', vote: -1 });
    await recorder.settled();
    expect(store.questions()).toHaveLength(1);
    now = new Date('2026-02-15T12:00:00Z');
    recorder.record(event('2026-02-15T11:00:00Z', 'BBBBBBBBBBBBBBBB'));
    await recorder.settled();
    expect(store.questions().map((q) => q.id)).toEqual(['BBBBBBBBBBBBBBBB']);
    expect(store.votes()).toEqual([]);
    recorder.stop();
    store.close();
  });

  it('reads its settings with defaults, 0 turns recording off, a wrong value is a clear error', async () => {
    expect(readInsightsConfig({})).toMatchObject({ retentionDays: 90, weakScore: 0.5, databasePath: 'data/hallway.sqlite' });
    expect(readInsightsConfig({})).not.toHaveProperty('salt');
    expect(() => readInsightsConfig({ INSIGHTS_RETENTION_DAYS: 'ninety' })).toThrow(/^hallway\/insights: INSIGHTS_RETENTION_DAYS/);
    expect(() => readInsightsConfig({ INSIGHTS_SALT: 'short' })).toThrow(/^hallway\/insights: INSIGHTS_SALT/);
    const { logger } = silentLogger();
    expect(createInsights({ hallway, env: { INSIGHTS_RETENTION_DAYS: '0', DATABASE_PATH: join(dir, 'off.sqlite') }, logger })).toBeUndefined();
    expect(existsSync(join(dir, 'off.sqlite'))).toBe(false);
  });

  it('keeps one generated salt in the database, or uses INSIGHTS_SALT', () => {
    const path = join(dir, 'salt.sqlite');
    const a = InsightsStore.open(path);
    const salt = a.salt();
    a.close();
    const b = InsightsStore.open(path);
    expect(b.salt()).toBe(salt);
    expect(salt).toMatch(/^[0-9a-f]{64}$/);
    expect(b.salt('configured-salt-value')).toBe('configured-salt-value');
    b.close();
  });
});
