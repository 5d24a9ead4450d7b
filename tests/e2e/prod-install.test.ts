/**
 * The Dockerfile's runtime stage, without Docker: the package as `npm pack`
 * makes it, installed with production dependencies only in an empty folder,
 * started in console mode and asked one question. It fails when the running
 * code imports a dev dependency, or needs a file the package leaves out
 * (package.json `files`).
 *
 * Install scripts are skipped and better-sqlite3's compiled binary is copied
 * from this checkout (same version, same Node): compiling SQLite takes minutes
 * on a small machine, and the Docker build stage is where it is compiled for
 * real. Without a compiled copy here, the test compiles it (slow).
 */
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let dir: string;
let pkgDir: string;

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hallway-prod-'));
  // dist/ is built by `npm test`'s pretest; pack what is there.
  await run(NPM, ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT });
  const tarball = (await readdir(dir)).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack made no tarball');
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'hallway-prod-check', private: true }));
  await run(NPM, ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', `./${tarball}`], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  });
  pkgDir = join(dir, 'node_modules', 'hallway');

  const binary = join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  const version = async (base: string) =>
    (JSON.parse(await readFile(join(base, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as { version: string }).version;
  if ((await exists(join(ROOT, binary))) && (await version(ROOT)) === (await version(dir))) {
    await mkdir(join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release'), { recursive: true });
    await copyFile(join(ROOT, binary), join(dir, binary));
  } else {
    await run(NPM, ['rebuild', 'better-sqlite3'], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
  }
}, 280_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function start(script: string, args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: pkgDir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', DATABASE_PATH: join(dir, 'data', 'hallway.sqlite') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

describe('the package, installed for production only', () => {
  it('has no dev dependency installed and ships the knowledge and .env.example', async () => {
    // Our own dev dependencies (a library may bring @types/ws and the like on its own).
    for (const dev of ['vitest', 'typescript', '@types/better-sqlite3']) {
      expect(await exists(join(dir, 'node_modules', dev)), dev).toBe(false);
    }
    expect(await exists(join(pkgDir, 'knowledge'))).toBe(true);
    expect(await exists(join(pkgDir, '.env.example'))).toBe(true);
    expect(await exists(join(pkgDir, 'src'))).toBe(false);
  });

  it('starts in console mode, answers one question, opens the tips database, exits 0', async () => {
    const r = await start('dist/adapters/main.js', [], '/talk kuma\n');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Kuma/);
    expect(r.stderr).not.toMatch(/daily tips are off|Cannot find (module|package)|ERR_MODULE_NOT_FOUND/);
    expect(await exists(join(dir, 'data', 'hallway.sqlite'))).toBe(true);
  }, 60_000);

  it('runs check and the tip preview from the installed package', async () => {
    const check = await start('dist/src/cli/check.js', [], '');
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toMatch(/knowledge ok/);
    const preview = await start('dist/adapters/tip.js', ['preview'], '');
    expect(preview.stderr).not.toMatch(/Cannot find (module|package)|ERR_MODULE_NOT_FOUND/);
    expect(preview.code, preview.stderr).toBe(0);
  }, 60_000);
});
