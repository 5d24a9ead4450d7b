/** Shared helpers for the daily-tip tests: the real knowledge, temp database files, a fake clock and a recording poster. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KnowledgeBase } from '../../src/knowledge/base.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { TipTarget } from '../../src/tips/content.js';
import type { PostedTip, TipPoster } from '../../src/tips/schedule.js';
import { TipStore, type Days } from '../../src/tips/store.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/[\\/]$/, '');

let kb: Promise<KnowledgeBase> | undefined;
export function knowledge(): Promise<KnowledgeBase> {
  kb ??= loadKnowledge(join(ROOT, 'knowledge'));
  return kb;
}

const dirs: string[] = [];
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hallway-tips-'));
  dirs.push(dir);
  return dir;
}
export function tempDbPath(): string {
  return join(tempDir(), 'nested', 'hallway.sqlite');
}
export function cleanup(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export class FakeClock {
  t: number;
  constructor(iso: string) {
    this.t = Date.parse(iso);
  }
  now = (): Date => new Date(this.t);
  set(iso: string): Date {
    this.t = Date.parse(iso);
    return this.now();
  }
}

export interface RecordedPost {
  readonly target: TipTarget;
  readonly tip: PostedTip;
}

/** A poster that records every successful post; `fail` may throw for a call to simulate a platform error. */
export function recordingPoster(fail?: (target: TipTarget, tip: PostedTip, call: number) => unknown) {
  const posts: RecordedPost[] = [];
  const calls: RecordedPost[] = [];
  const poster: TipPoster = async (target, tip) => {
    calls.push({ target, tip });
    await new Promise((r) => setTimeout(r, 1));
    const error = fail?.(target, tip, calls.length);
    if (error) throw error;
    posts.push({ target, tip });
    return { messageId: `m${posts.length}` };
  };
  return { poster, posts, calls };
}

export const SLACK_A: TipTarget = { platform: 'slack', channelId: 'C0A' };
export const SLACK_B: TipTarget = { platform: 'slack', channelId: 'C0B' };
export const DISCORD_C: TipTarget = { platform: 'discord', channelId: '123456789012345678' };

export function subscribe(
  store: TipStore,
  target: TipTarget,
  time = '09:00',
  timezone = 'Europe/Berlin',
  days: Days = 'weekdays',
  createdAt = '2026-01-01T00:00:00Z',
) {
  return store.subscribe({ ...target, time, timezone, days, createdBy: 'U1', createdAt });
}

/** Calls `tick` for every minute from `fromIso` (inclusive) to `toIso` (exclusive), moving `clock` along. */
export async function everyMinute(
  fromIso: string,
  toIso: string,
  tick: (now: Date) => Promise<unknown>,
  clock?: FakeClock,
): Promise<void> {
  for (let t = Date.parse(fromIso); t < Date.parse(toIso); t += 60_000) {
    if (clock) clock.t = t;
    await tick(new Date(t));
  }
}

/** A second process holding the write lock of a database file (see {@link holdLock}). */
export interface LockHolder {
  /** Commits and lets the process end; resolves once it has exited. */
  release(): Promise<void>;
}

/**
 * Starts a separate Node process that opens the SQLite file at `dbPath` with
 * better-sqlite3, begins an IMMEDIATE transaction, writes nothing and holds
 * the write lock until {@link LockHolder.release} (or `maxMs`, a safety net).
 * Resolves once the lock is held.
 */
export async function holdLock(dbPath: string, maxMs = 20_000): Promise<LockHolder> {
  const { spawn } = await import('node:child_process');
  const script = `
    const Database = require(${JSON.stringify(join(ROOT, 'node_modules', 'better-sqlite3'))});
    const db = new Database(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    const done = () => { db.exec('COMMIT'); db.close(); process.exit(0); };
    process.stdin.on('data', done);
    setTimeout(done, ${maxMs});
  `;
  const child = spawn(process.execPath, ['-e', script, dbPath], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`lock holder exited ${code}: ${stderr}`)));
  });
  return {
    async release() {
      if (child.exitCode === null) child.stdin.write('release\n');
      await exited;
    },
  };
}

/** Measures the longest gap between 5 ms timer ticks: how long the event loop was blocked at most. */
export function loopWatch(): { stop(): number } {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(worst, performance.now() - last);
    },
  };
}
