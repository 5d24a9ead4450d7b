/**
 * The bot as an operator runs it: `node dist/adapters/main.js` as a separate
 * process (npm test builds dist/ first) against the loopback fakes of Slack and
 * Discord, checked for what issue 9 found broken: a signed `null` body killed
 * it, unsigned big bodies ate memory, SIGTERM hung, a refused token left a dead
 * bot running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_TOKEN,
  BOT_TOKEN,
  FakeSlack,
  RESPONSE_URL_SECRET,
  SIGNING_SECRET,
  httpModeEnv,
  postToApp,
  slashCommandBody,
} from '../slack/helpers.js';
import { BOT_TOKEN as DISCORD_BOT_TOKEN, FakeDiscord } from '../discord/fake-discord.js';

const ROOT = join(import.meta.dirname, '..', '..');

interface Bot {
  readonly child: ChildProcess;
  stderr(): string;
  /** Resolves with the first stderr JSON log line whose msg matches. */
  waitForLog(msg: RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves with the exit code and how long after `since` it came. */
  exited(): Promise<{ code: number | null; at: number }>;
}

let bots: ChildProcess[] = [];
let dir: string;

function startBot(env: NodeJS.ProcessEnv): Bot {
  const child = spawn(process.execPath, [join(ROOT, 'dist/adapters/main.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', DATABASE_PATH: join(dir, `${bots.length}.sqlite`), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  bots.push(child);
  let err = '';
  const listeners = new Set<() => void>();
  child.stderr!.on('data', (d) => {
    err += d;
    for (const l of listeners) l();
  });
  child.stdout!.resume();
  const exit = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.on('exit', (code) => {
      resolve({ code, at: Date.now() });
      for (const l of listeners) l();
    }),
  );
  return {
    child,
    stderr: () => err,
    exited: () => exit,
    waitForLog(msg, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (const line of err.split('\n')) {
            if (!line.startsWith('{')) continue;
            const parsed = JSON.parse(line) as Record<string, unknown>;
            if (typeof parsed.msg === 'string' && msg.test(parsed.msg)) {
              listeners.delete(check);
              clearTimeout(timer);
              resolve(parsed);
              return;
            }
          }
          if (child.exitCode !== null) {
            listeners.delete(check);
            clearTimeout(timer);
            reject(new Error(`bot exited (${child.exitCode}) before logging ${msg}: ${err}`));
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no log line ${msg} within ${timeoutMs} ms: ${err}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
}

/** Runs node with `args` and a clean environment plus `extra`. */
function runNode(args: string[], input: string, extra: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...extra } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return fetch(`http://127.0.0.1:${port}${path}`).then(async (r) => ({ status: r.status, body: await r.text() }));
}

/** Resident memory of a process in bytes (Linux). */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** A raw POST that declares `declared` bytes, sends `send` of them, and resolves with the status (or the error). */
function rawPost(port: number, headers: Record<string, string | number>, send: Buffer | undefined): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (e) => resolve((e as NodeJS.ErrnoException).code ?? 'error'));
    if (send) req.write(send);
    // Deliberately not ended when the declared length is larger: the server must answer anyway.
    if (!headers['content-length'] || Number(headers['content-length']) === (send?.length ?? 0)) req.end();
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hallway-ops-'));
});
afterEach(() => {
  for (const b of bots) if (b.exitCode === null) b.kill('SIGKILL');
  bots = [];
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Slack HTTP mode, as a process', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await new FakeSlack().start();
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('survives signed null bodies, keeps memory flat under 200 unsigned 4 MB bodies, answers a huge declared length at once', async () => {
    const bot = startBot(httpModeEnv(fake));
    const { port } = (await bot.waitForLog(/health and metrics/)) as { port: number };
    await bot.waitForLog(/slack connected/);

    // Validly signed bodies that are not objects: 400, and the process lives on.
    for (const [body, contentType] of [
      ['null', 'application/json'],
      ['[1]', 'application/json'],
      ['payload=null', 'application/x-www-form-urlencoded'],
      ['payload=%5B%5D', 'application/x-www-form-urlencoded'],
    ] as const) {
      const r = await postToApp(port, body, { contentType });
      expect(r.status, body).toBe(400);
    }
    expect(bot.child.exitCode).toBeNull();

    // And still answers a real command.
    const before = fake.responses().length;
    const ok = await postToApp(port, slashCommandBody(fake, '/talk', 'kuma'), { contentType: 'application/x-www-form-urlencoded' });
    expect(ok.status).toBe(200);
    await fake.waitFor(() => fake.responses().length > before, 5000, 'the /talk answer');

    // 200 unsigned 4 MB bodies, 20 at a time: refused before they are read.
    const rssBefore = rssOf(bot.child.pid!);
    const big = Buffer.alloc(4 * 1024 * 1024, 'a');
    const statuses: (number | string)[] = [];
    for (let round = 0; round < 10; round++) {
      statuses.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, () => rawPost(port, { 'content-type': 'application/json', 'content-length': big.length }, big)),
        )),
      );
    }
    const rssAfter = rssOf(bot.child.pid!);
    expect(statuses.filter((s) => s === 401 || s === 'EPIPE' || s === 'ECONNRESET')).toHaveLength(200);
    expect(statuses).toContain(401);
    console.info(`200 unsigned 4 MB bodies: RSS ${(rssBefore / 2 ** 20).toFixed(0)} MB -> ${(rssAfter / 2 ** 20).toFixed(0)} MB`);
    expect(rssAfter - rssBefore).toBeLessThan(100 * 1024 * 1024);

    // A signed request declaring 100 MB: answered promptly, without waiting for the body.
    const started = Date.now();
    const status = await rawPost(
      port,
      {
        'content-type': 'application/json',
        'content-length': 100 * 1024 * 1024,
        'x-slack-signature': 'v0=00',
        'x-slack-request-timestamp': Math.floor(Date.now() / 1000),
      },
      Buffer.from('{'),
    );
    expect(status).toBe(413);
    expect(Date.now() - started).toBeLessThan(2000);

    // Health and metrics on the same port.
    expect((await get(port, '/healthz')).status).toBe(200);
    const ready = await get(port, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ ready: true, parts: { knowledge: true, slack: true } });
    const metrics = await get(port, '/metrics');
    expect(metrics.body).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(metrics.body).toMatch(/^hallway_platform_connected\{platform="slack"\} 1$/m);
    expect(bot.child.exitCode).toBeNull();
    expect(bot.stderr()).not.toContain(SIGNING_SECRET);
  }, 60_000);

  it('exits 0 within 10 s of SIGTERM while a response_url never answers', async () => {
    const bot = startBot(httpModeEnv(fake, { SHUTDOWN_TIMEOUT_MS: '3000' }));
    const { port } = (await bot.waitForLog(/health and metrics/)) as { port: number };
    await bot.waitForLog(/slack connected/);
    fake.hanging.add('response_url');
    try {
      const before = fake.responses().length;
      const r = await postToApp(port, slashCommandBody(fake, '/talk', 'kuma'), { contentType: 'application/x-www-form-urlencoded' });
      expect(r.status).toBe(200);
      await fake.waitFor(() => fake.responses().length > before, 5000, 'the hanging response_url post');
      const signalled = Date.now();
      bot.child.kill('SIGTERM');
      const { code, at } = await bot.exited();
      console.info(`SIGTERM with a hanging response_url: exit ${code} after ${at - signalled} ms`);
      expect(code).toBe(0);
      expect(at - signalled).toBeLessThan(10_000);
      // Not ready from the signal on: nothing new is taken.
      expect(bot.stderr()).toMatch(/"msg":"shutting down"/);
      expect(bot.stderr()).not.toContain(RESPONSE_URL_SECRET);
    } finally {
      fake.hanging.delete('response_url');
    }
  }, 30_000);
});

describe('Slack Socket Mode, as a process', () => {
  let fake: FakeSlack;
  afterEach(async () => {
    await fake.stop();
  });

  const env = () => ({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl });

  it('exits 1 with one clear line when a reconnect is refused with invalid_auth', async () => {
    fake = await new FakeSlack().start({ socketMode: true });
    const bot = startBot(env());
    await bot.waitForLog(/slack connected/);
    fake.refusedTokens.add(APP_TOKEN);
    fake.sendWs({ type: 'disconnect', reason: 'refresh_requested' });
    const { code } = await bot.exited();
    expect(code).toBe(1);
    expect(bot.stderr()).toMatch(/^hallway: fatal: Slack refused the token \(invalid_auth\); check SLACK_APP_TOKEN/m);
    expect(bot.stderr()).not.toContain(APP_TOKEN);
  }, 30_000);

  it('exits 0 within 10 s of SIGTERM while a reconnect hangs', async () => {
    fake = await new FakeSlack().start({ socketMode: true });
    const bot = startBot({ ...env(), SHUTDOWN_TIMEOUT_MS: '3000' });
    await bot.waitForLog(/slack connected/);
    fake.hanging.add('apps.connections.open');
    fake.sendWs({ type: 'disconnect', reason: 'refresh_requested' });
    await fake.waitFor(() => fake.api('apps.connections.open').length >= 2, 15_000, 'the reconnect');
    const signalled = Date.now();
    bot.child.kill('SIGTERM');
    const { code, at } = await bot.exited();
    console.info(`SIGTERM with a hanging Socket Mode reconnect: exit ${code} after ${at - signalled} ms`);
    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(10_000);
  }, 40_000);
});

describe('Discord, as a process', () => {
  let fake: FakeDiscord;
  afterEach(async () => {
    await fake.close();
  });

  it('exits 1 with one clear line when the gateway closes with 4004 after start-up', async () => {
    fake = await FakeDiscord.start();
    const bot = startBot({ DISCORD_TOKEN: DISCORD_BOT_TOKEN, DISCORD_API_URL: fake.apiUrl });
    await bot.waitForLog(/discord connected/);
    fake.closeGateway(4004, 'Authentication failed.');
    const { code } = await bot.exited();
    expect(code).toBe(1);
    expect(bot.stderr()).toMatch(/^hallway: fatal: Discord refused the bot token \(close code 4004/m);
    expect(bot.stderr()).not.toContain(DISCORD_BOT_TOKEN);
  }, 30_000);

  it('exits 1 at start-up when the gateway answers IDENTIFY with 4004, saying so in a plain line', async () => {
    fake = await FakeDiscord.start();
    fake.identifyCloseCode = 4004;
    const bot = startBot({ DISCORD_TOKEN: DISCORD_BOT_TOKEN, DISCORD_API_URL: fake.apiUrl });
    const { code } = await bot.exited();
    expect(code).toBe(1);
    expect(bot.stderr()).toMatch(/^hallway\/discord: could not connect to Discord: Discord refused the bot token \(close code 4004/m);
  }, 30_000);

  it('exits 0 within 10 s of SIGTERM', async () => {
    fake = await FakeDiscord.start();
    const bot = startBot({ DISCORD_TOKEN: DISCORD_BOT_TOKEN, DISCORD_API_URL: fake.apiUrl });
    await bot.waitForLog(/discord connected/);
    const signalled = Date.now();
    bot.child.kill('SIGTERM');
    const { code, at } = await bot.exited();
    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(10_000);
  }, 30_000);
});

describe('configuration errors, as a process', () => {
  it('PORT=abc and a bad Discord id come out as plain lines, all at once, exit 1', async () => {
    const bot = startBot({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      PORT: 'abc',
      DISCORD_TOKEN: DISCORD_BOT_TOKEN,
      DISCORD_GUILD_ID: 'my-guild',
      LOG_LEVEL: 'garbage',
    });
    const { code } = await bot.exited();
    expect(code).toBe(1);
    const lines = bot.stderr().trim().split('\n');
    expect(lines.filter((l) => l.startsWith('hallway/config: '))).toHaveLength(lines.length);
    expect(bot.stderr()).toMatch(/PORT must be a port number/);
    expect(bot.stderr()).toMatch(/DISCORD_GUILD_ID must be a Discord id/);
    expect(bot.stderr()).toMatch(/LOG_LEVEL must be one of/);
    expect(bot.stderr()).not.toMatch(/\n\s+at |"level"|garbage|my-guild/);
  });

  it('reads a .env file through node --env-file, values and mistakes alike', async () => {
    const file = join(dir, 'test.env');
    await writeFile(file, `# comment\nKNOWLEDGE_DIR=${join(ROOT, 'knowledge')}\nLOG_LEVEL=warn\nDATABASE_PATH=${join(dir, 'envfile.sqlite')}\n`);
    const ok = await runNode(['--env-file', file, join(ROOT, 'dist/adapters/main.js')], '/talk kuma\n');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Kuma/);
    await writeFile(file, 'LOG_LEVEL=garbage\nTIP_GRACE_MINUTES=soon\n');
    const bad = await runNode(['--env-file', file, join(ROOT, 'dist/adapters/main.js')], '');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^hallway\/config: LOG_LEVEL must be one of/m);
    expect(bad.stderr).toMatch(/^hallway\/config: TIP_GRACE_MINUTES must be a whole number/m);
  }, 30_000);

  it('LOG_LEVEL=garbage is one plain message in check and tip too', async () => {
    for (const script of ['dist/src/cli/check.js', 'dist/adapters/tip.js']) {
      const r = await runNode([join(ROOT, script), ...(script.includes('tip') ? ['preview'] : [])], '', { LOG_LEVEL: 'garbage' });
      expect(r.code, script).toBe(2);
      expect(r.stderr, script).toMatch(/^hallway\/config: LOG_LEVEL must be one of/);
      expect(r.stderr, script).not.toMatch(/\n\s+at |"level"/);
    }
  }, 30_000);

  it('npm start passes SIGTERM on to the bot (the script execs node), so no bot is left orphaned', async () => {
    const npm = spawn('npm', ['start'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', HEALTH_PORT: '0', DATABASE_PATH: join(dir, 'npm.sqlite') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    bots.push(npm);
    let err = '';
    npm.stderr.on('data', (d) => (err += d));
    npm.stdout.resume();
    await expect.poll(() => /"msg":"health and metrics/.test(err), { timeout: 15_000 }).toBe(true);
    const botPid = Number(/"pid":(\d+)/.exec(err)![1]);
    expect(botPid).not.toBe(npm.pid);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive(botPid)).toBe(true);
    npm.kill('SIGTERM');
    try {
      await expect.poll(() => alive(botPid), { timeout: 10_000 }).toBe(false);
    } finally {
      if (alive(botPid)) process.kill(botPid, 'SIGKILL');
    }
    expect(err).toMatch(/"msg":"shutting down"/);
  }, 30_000);

  it('serves /readyz on HEALTH_PORT in console mode', async () => {
    const bot = startBot({ HEALTH_PORT: '0' });
    const { port } = (await bot.waitForLog(/health and metrics/)) as { port: number };
    await expect.poll(async () => (await get(port, '/readyz')).status, { timeout: 10_000 }).toBe(200);
    bot.child.stdin!.end();
    const { code } = await bot.exited();
    expect(code).toBe(0);
  }, 30_000);
});
