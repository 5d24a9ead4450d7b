/**
 * Readiness of the real process, from outside: `node dist/adapters/main.js`
 * in console mode with HEALTH_PORT set, over a generated knowledge folder of
 * 1,500 talks and an empty knowledge cache, so the first load parses every
 * file and takes long enough to watch. The health server listens before the
 * knowledge loads: /readyz answers 503 (not "connection refused") while it
 * loads, then 200 for good; a question typed afterwards is counted in /metrics.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKnowledge } from '../../bench/generate.js';
import { cleanupTemp, ROOT, tempDir } from '../core/helpers.js';

/** Large enough that a cold load takes a second or more here; small enough to generate in about a second. */
const TALKS = 1500;

let child: ChildProcessWithoutNullStreams | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
  }
  await cleanupTemp();
});

type Probe = 'refused' | number;

async function readyz(port: number): Promise<{ status: Probe; body: string }> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: await res.text() };
  } catch {
    return { status: 'refused', body: '' };
  }
}

describe('readiness while the knowledge loads', () => {
  it('/readyz says 503 while a slow knowledge folder loads, then 200, and /metrics counts a question', async () => {
    const dir = await tempDir('hallway-readyz-');
    const knowledge = join(dir, 'knowledge');
    await generateKnowledge(knowledge, TALKS);
    
    const cacheDir = join(dir, 'cache');
    await mkdir(cacheDir, { mode: 0o700 });
    const proc = spawn(process.execPath, [join(ROOT, 'dist/adapters/main.js')], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        HEALTH_PORT: '0',
        HEALTH_HOST: '127.0.0.1',
        KNOWLEDGE_DIR: knowledge,
        KNOWLEDGE_CACHE_DIR: cacheDir,
        DATABASE_PATH: join(dir, 'hallway.sqlite'),
        LOG_LEVEL: 'info',
      },
    });
    child = proc;
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));

    // The port is logged once the server listens (HEALTH_PORT=0 takes a free one).
    const end = Date.now() + 15_000;
    let port: number | undefined;
    while (port === undefined) {
      const line = out.split('\n').find((l) => l.includes('health and metrics'));
      if (line) port = (JSON.parse(line) as { port: number }).port;
      else if (Date.now() > end || proc.exitCode !== null) throw new Error(`no health server: ${out.slice(-500)}`);
      else await new Promise((r) => setTimeout(r, 10));
    }

    const seen: Probe[] = [];
    const loaded = Date.now() + 15_000;
    let last = await readyz(port);
    seen.push(last.status);
    const notReady = last;
    while (last.status !== 200 && Date.now() < loaded) {
      await new Promise((r) => setTimeout(r, 20));
      last = await readyz(port);
      seen.push(last.status);
    }
    // A few more probes: once ready, it stays ready.
    for (let i = 0; i < 3; i++) seen.push((await readyz(port)).status);

    expect(seen[0]).toBe(503);
    expect(JSON.parse(notReady.body)).toEqual({ ready: false, parts: { knowledge: false } });
    expect(seen).not.toContain('refused');
    const firstReady = seen.indexOf(200);
    expect(firstReady).toBeGreaterThan(0);
    expect(seen.slice(firstReady).every((s) => s === 200)).toBe(true);
    expect(JSON.parse(last.body)).toEqual({ ready: true, parts: { knowledge: true } });

    proc.stdin.write('/talk kubernetes\n');
    let metrics = '';
    const until = Date.now() + 10_000;
    while (!/^hallway_questions_total\{[^}]*platform="console"[^}]*\} 1$/m.test(metrics)) {
      if (Date.now() > until) throw new Error(`the question was not counted: ${metrics.slice(0, 2000)}`);
      await new Promise((r) => setTimeout(r, 50));
      metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    }
    expect(metrics).toMatch(/^hallway_answer_latency_seconds_count\{[^}]*platform="console"[^}]*\} 1$/m);

    proc.stdin.end();
    const code = await new Promise<number | null>((r) => proc.once('exit', r));
    expect(code).toBe(0);
  }, 30_000);
});
