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
