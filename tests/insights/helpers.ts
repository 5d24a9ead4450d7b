/**
 * Shared fixtures for the insights tests: fifty questions (twenty spellings
 * and phrasings of one thing the knowledge lacks: the Wi-Fi password), askers
 * with realistic platform ids, a recorder on a temporary database, and runners
 * for the built CLI.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, type Logger } from '../../src/log.js';
import type { Hallway } from '../../src/hallway.js';
import { newQuestionId } from '../../src/insights/ids.js';
import { InsightsRecorder } from '../../src/insights/recorder.js';
import { InsightsStore } from '../../src/insights/store.js';
import type { QuestionEvent, QuestionPlatform } from '../../src/observe.js';
import type { Reply } from '../../src/reply.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/[\\/]$/, '');
export const KNOWLEDGE = join(ROOT, 'knowledge');
export const INSIGHTS_JS = join(ROOT, 'dist', 'src', 'cli', 'insights.js');

/** Twenty ways of asking for the one thing the knowledge lacks. */
export const WIFI = [
  'wifi password',
  'what is the wifi password?',
  'wi-fi pasword',
  'WiFi password please',
  'whats the wifi passwort',
  'password for the wifi?',
  'how do I get the wifi password',
  'wifi pw',
  'wlan password',
  'wireless password?',
  'Wi-Fi Password!!',
  'wifi passwd',
  'the password of the wi-fi',
  'where do I find the wifi password',
  'is there a wifi password',
  'wiif password',
  'wifi login password',
  'guest wifi password',
  'wifi pass',
  'can you tell me the wifi password',
] as const;

/** Twelve other unanswered questions, on several smaller topics. */
export const OTHER_UNANSWERED = [
  'is there a cloakroom',
  'lunch menu',
  'where can I get coffee',
  'where to park',
  'what is argo',
  'cloakroom opening hours',
  'dress code',
  'is there a vegan lunch',
  'babysitting service',
  'hotel discount',
  'coffee break times',
  'badge pickup',
] as const;

/** Eighteen questions the knowledge answers. */
export const ANSWERED = [
  'kuma',
  'heap dump',
  'mongodb',
  'who talked about kubernetes',
  'tetragon',
  '/talk kuma',
  '/tool heap dump',
  'why did Sofascore leave MongoDB?',
  'wolfi',
  'kafka',
  'kuma',
  'prometheus',
  'grafana',
  'docker',
  'heap dump',
  'jenkins',
  'kafka',
  'istio',
] as const;

/** Raw platform ids that must never reach the database file. */
export const SLACK_USERS = ['U0ALICE1234', 'U0BOBBY5678', 'U0CAROL9012'] as const;
export const DISCORD_USERS = ['812345678901234567', '823456789012345678'] as const;

export function silentLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (s: string) => void lines.push(s) } });
  return { logger, lines };
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'hallway-insights-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export function openRecorder(path: string, logger: Logger): { store: InsightsStore; recorder: InsightsRecorder } {
  const store = InsightsStore.open(path);
  const recorder = new InsightsRecorder({ store, salt: store.salt(), retentionDays: 90, logger, flushDelayMs: 5 });
  return { store, recorder };
}

export interface Asked {
  readonly text: string;
  readonly questionId: string;
  readonly reply: Reply;
  readonly platform: QuestionPlatform;
  readonly askerId: string;
}

/**
 * Asks every text through the core, as an adapter does, and tells the
 * recorder afterwards. Questions are ten minutes apart, alternating between
 * Slack and Discord askers, starting `start`.
 */
export function askAll(hallway: Hallway, observe: (e: QuestionEvent) => void, texts: readonly string[], start: Date): Asked[] {
  return texts.map((text, i) => {
    const platform: QuestionPlatform = i % 2 === 0 ? 'slack' : 'discord';
    const n = Math.floor(i / 2);
    const askerId = platform === 'slack' ? SLACK_USERS[n % SLACK_USERS.length]! : DISCORD_USERS[n % DISCORD_USERS.length]!;
    const questionId = newQuestionId();
    const reply = hallway.ask(text);
    observe({
      at: new Date(start.getTime() + i * 600_000),
      platform,
      command: 'ask',
      via: 'message',
      query: reply.query || text,
      status: reply.status,
      ...(reply.hits[0] ? { topHit: reply.hits[0] } : {}),
      latencyMs: 3,
      askerId,
      questionId,
    });
    return { text, questionId, reply, platform, askerId };
  });
}

/** A deterministic shuffle, so the twenty are not asked in a row. */
export function interleave<T>(...lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  const max = Math.max(...lists.map((l) => l.length));
  for (let i = 0; i < max; i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
  return out;
}

export function requireBuilt(): void {
  if (!existsSync(INSIGHTS_JS)) throw new Error(`${INSIGHTS_JS} is missing: run \`npm run build\` (npm test does it through pretest)`);
}

/** Runs the built CLI with a clean environment plus `env`. */
export function runInsights(args: readonly string[], env: Record<string, string>): SpawnSyncReturns<string> {
  const base = { ...process.env };
  for (const k of ['KNOWLEDGE_DIR', 'DATABASE_PATH', 'INSIGHTS_SALT', 'INSIGHTS_RETENTION_DAYS']) delete base[k];
  const result = spawnSync(process.execPath, [INSIGHTS_JS, ...args], {
    cwd: ROOT,
    env: { ...base, ...env },
    encoding: 'utf8',
    timeout: 30_000,
    maxBuffer: 32 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return result;
}

/** Parses CSV as written by toCsv (quoted cells, doubled quotes, CRLF rows). */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r') continue;
    else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
}

/** Polls `check` until it returns a truthy value, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | false, what: string, timeoutMs = 4000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
