/**
 * The console (`npm start` with no platform) on a tips database that cannot be
 * written: `/tip` and `/tip status` answer (today's tip is shown without
 * recording the pick), nothing ends in an uncaught error or a stack.
 * Runs the built dist/ (npm test builds it first).
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { TipStore } from '../../src/tips/store.js';
import { cleanup, ROOT, tempDir } from './helpers.js';

const undo: (() => void)[] = [];
afterEach(() => {
  for (const f of undo.splice(0)) f();
  cleanup();
});

/** Makes the file read-only for this user (chattr +i when running as root); false when that is impossible here. */
function makeReadOnly(file: string): boolean {
  if (process.getuid?.() === 0) {
    try {
      execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
      undo.push(() => execFileSync('chattr', ['-i', file], { stdio: 'ignore' }));
    } catch {
      return false;
    }
  } else {
    chmodSync(file, 0o444);
    undo.push(() => chmodSync(file, 0o644));
  }
  // Only a database that really refuses writes makes this test mean anything.
  const probe = new Database(file);
  try {
    probe.exec('CREATE TABLE probe (x)');
    return false;
  } catch {
    return true;
  } finally {
    probe.close();
  }
}

function run(env: NodeJS.ProcessEnv, input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/adapters/main.js')], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('console /tip on a read-only tips database', () => {
  it('shows the tip and the status, with no uncaught error', async (ctx) => {
    if (!existsSync(join(ROOT, 'dist/adapters/main.js'))) ctx.skip();
    const db = join(tempDir(), 'hallway.sqlite');
    TipStore.open(db).close();
    if (!makeReadOnly(db)) ctx.skip();
    const r = await run({ PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', DATABASE_PATH: db }, '/tip\n/tip status\n/tip subscribe\n/talk kuma\n');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).not.toMatch(/readonly database|SQLITE_/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Tip of the day');
    expect(r.stdout).toMatch(/Tips left in this cycle/);
    expect(r.stdout).toContain('The console has no channel to subscribe');
    // The chat went on to the next question.
    expect(r.stdout.toLowerCase()).toContain('kuma');
  });
});
