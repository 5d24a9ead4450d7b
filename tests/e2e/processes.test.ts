/**
 * The commands a person or a scheduler runs, as separate processes from the
 * built dist/ (npm test builds it first): `npm start` in console mode, and
 * `npm run tip -- post` twice against a local fake of the Slack Web API.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, FakeSlack } from '../slack/helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a built script without blocking the event loop (the fakes live in this process). */
function run(script: string, args: string[], env: NodeJS.ProcessEnv, input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, script), ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

/** The environment without any platform credentials from the machine running the tests. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn' };
  return { ...env, ...extra };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hallway-e2e-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm start without credentials', () => {
  it('answers /talk kuma in the console and exits 0 at end of input', async () => {
    const r = await run('dist/adapters/main.js', [], cleanEnv({ DATABASE_PATH: join(dir, 'console.sqlite') }), '/talk kuma\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Service Mesh/);
    expect(r.stdout).toMatch(/Kuma/);
    expect(r.stdout).toMatch(/SLACK_BOT_TOKEN/);
  });

  it('still answers when the tips database cannot be opened, saying daily tips are off', async () => {
    const r = await run('dist/adapters/main.js', [], cleanEnv({ DATABASE_PATH: '/dev/null/hallway.sqlite' }), '/talk kuma\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Service Mesh/);
    expect(r.stderr).toMatch(/daily tips are off/);
  });

  it('refuses to start on a malformed TIP_CHANNELS, naming it', async () => {
    const r = await run('dist/adapters/main.js', [], cleanEnv({ DATABASE_PATH: join(dir, 'bad.sqlite'), TIP_CHANNELS: 'telegram:1' }), '');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hallway\/config: TIP_CHANNELS entry 1 .*platform must be slack or discord$/m);
    expect(r.stderr).not.toMatch(/\n\s+at |"level"/);
  });

  it('refuses to start on broken knowledge, saying where', async () => {
    const r = await run('dist/adapters/main.js', [], cleanEnv({ KNOWLEDGE_DIR: join(dir, 'nowhere') }), '/talk kuma\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/knowledge folder not found/);
  });
});

describe('npm run tip -- post against a fake Slack Web API', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await new FakeSlack().start();
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('posts once when run twice for the same date, creating the database on first use', async () => {
    const env = cleanEnv({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: fake.apiUrl,
      DATABASE_PATH: join(dir, 'fresh', 'tips.sqlite'),
      TIP_CHANNELS: 'slack:C0TIPS01@09:00 Europe/Berlin daily',
    });
    const first = await run('dist/adapters/tip.js', ['post', '--date', '2026-11-25'], env);
    const second = await run('dist/adapters/tip.js', ['post', '--date', '2026-11-25'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    const posts = fake.recorded.filter((r) => r.kind === 'api' && r.method === 'chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.channel).toBe('C0TIPS01');
    expect(String(posts[0]!.body.text ?? '').trim()).not.toBe('');
    expect(first.stdout + first.stderr + second.stdout + second.stderr).not.toContain(BOT_TOKEN);
  });
});
