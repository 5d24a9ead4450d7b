/**
 * Shared helpers for the core's tests: temporary knowledge folders built from
 * the real knowledge base (then broken in one place), positions in a text, and
 * paths to the built CLI.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (vitest runs from it). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/[\\/]$/, '');
/** The shipped knowledge folder and its one event. */
export const KNOWLEDGE = join(ROOT, 'knowledge');
export const EVENT_ID = 'devopscon-2023';
export const EVENT_DIR = join(KNOWLEDGE, EVENT_ID);

/** A line of `file:line:col message`, as `check` prints one per problem. */
export const PROBLEM_LINE = /^\S+:\d+:\d+ .+/;

const made: string[] = [];

/** A fresh, empty temporary folder, removed by {@link cleanupTemp}. */
export async function tempDir(prefix = 'hallway-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder made by {@link tempDir}. */
export async function cleanupTemp(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/**
 * A knowledge root holding a copy of the real event folder, ready to break.
 * Returns the root (what `--knowledge` points to) and the event folder in it.
 */
export async function copyOfKnowledge(): Promise<{ root: string; event: string }> {
  const root = await tempDir();
  const event = join(root, EVENT_ID);
  await cp(EVENT_DIR, event, { recursive: true });
  return { root, event };
}

/** Rewrites a file with `edit`; fails loudly when the edit changed nothing. */
export async function editFile(path: string, edit: (text: string) => string): Promise<string> {
  const before = await readFile(path, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`test setup: the edit of ${path} changed nothing`);
  await writeFile(path, after);
  return after;
}

/** Writes a minimal valid event folder `root/<id>/event.yaml` and returns the folder. */
export async function writeMinimalEvent(root: string, id = 'mini-2024', name = 'MiniCon 2024'): Promise<string> {
  const dir = join(root, id);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'event.yaml'), `id: ${id}\nname: ${name}\nsummary: A small test event.\n`);
  return dir;
}

/** 1-based line and column of the `nth` (0-based) occurrence of `needle` in `text`. */
export function positionOf(text: string, needle: string, nth = 0): { line: number; col: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`test setup: '${needle}' occurs fewer than ${nth + 1} times`);
  }
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const col = at - before.lastIndexOf('\n');
  return { line, col };
}

/** The built CLI scripts (`npm test` builds dist first through `pretest`). */
export const ASK_JS = join(ROOT, 'dist', 'src', 'cli', 'ask.js');
export const CHECK_JS = join(ROOT, 'dist', 'src', 'cli', 'check.js');

export function requireBuilt(): void {
  for (const f of [ASK_JS, CHECK_JS]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` (npm test does it through pretest)`);
  }
}

/** Runs a built script with node, from the project root, with a time limit (a hang guard, not a benchmark). */
export function runNode(script: string, args: readonly string[], input?: string): SpawnSyncReturns<string> {
  const env = { ...process.env };
  delete env.KNOWLEDGE_DIR;
  delete env.SLACK_BOT_TOKEN;
  delete env.DISCORD_TOKEN;
  const result = spawnSync(process.execPath, [script, ...args], {
    cwd: ROOT,
    env,
    input: input ?? '',
    encoding: 'utf8',
    timeout: 30_000,
    maxBuffer: 32 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return result;
}

/** Non-empty lines of a text. */
export function linesOf(text: string): string[] {
  return text.split('\n').filter((l) => l.length > 0);
}
