/**
 * The real process, observed from outside: `node dist/adapters/main.js` in
 * console mode with HEALTH_PORT set. A question typed on standard input shows
 * up in /metrics (the same observers Slack and Discord feed), /readyz says 200
 * once the knowledge is loaded, and a live edit of the knowledge changes the
 * next answer.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWLEDGE, ROOT } from '../core/helpers.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function until<T>(probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

let dir: string;
let child: ChildProcessWithoutNullStreams;
let port: number;
let out = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hallway-observed-'));
  await cp(KNOWLEDGE, join(dir, 'knowledge'), { recursive: true });
  port = await freePort();
  child = spawn(process.execPath, [join(ROOT, 'dist/adapters/main.js')], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HEALTH_PORT: String(port),
      HEALTH_HOST: '127.0.0.1',
      KNOWLEDGE_DIR: join(dir, 'knowledge'),
      KNOWLEDGE_CACHE_DIR: 'off',
      DATABASE_PATH: join(dir, 'hallway.sqlite'),
      LOG_LEVEL: 'warn',
    },
  });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
}, 30_000);

afterAll(async () => {
  child.stdin.end();
  await new Promise((r) => child.once('exit', r));
  await rm(dir, { recursive: true, force: true });
});

describe('the console bot, observed over HTTP', () => {
  it('is ready once the knowledge is loaded, and counts a question in /metrics', async () => {
    await until(async () => ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200 ? true : undefined));
    child.stdin.write('/talk kuma\n');
    await until(async () => (out.includes('Kuma') ? true : undefined));
    const metrics = await until(async () => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return /hallway_questions_total\{[^}]*platform="console"[^}]*\} [1-9]/.test(text) ? text : undefined;
    });
    expect(metrics).toMatch(/hallway_answer_latency_seconds_count/);
  }, 30_000);

  it('answers from an edited knowledge file within seconds, without a restart', async () => {
    const file = join(dir, 'knowledge', 'devopscon-2023', 'tools.yaml');
    const yaml = await readFile(file, 'utf8');
    await writeFile(file, `${yaml}\n- id: zyxwidget\n  name: Zyxwidget\n  purpose: A made-up gauge added while the bot runs.\n`);
    const before = out.length;
    const answered = await until(async () => {
      child.stdin.write('/tool zyxwidget\n');
      await new Promise((r) => setTimeout(r, 300));
      return out.slice(before).includes('A made-up gauge') ? true : undefined;
    }, 10_000);
    expect(answered).toBe(true);
  }, 30_000);
});
