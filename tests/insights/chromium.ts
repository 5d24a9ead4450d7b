/**
 * Headless Chromium for the HTML report test: Debian's `chromium` package,
 * installed with apt-get when it is missing and we are root (as in CI). The
 * install is bounded (apt-get update ≤ 3 min, install ≤ 7 min); when it
 * cannot be done the caller skips with the reason.
 */
import { spawnSync } from 'node:child_process';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export function findChromium(): string | undefined {
  for (const name of CANDIDATES) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    const path = r.stdout.trim();
    if (r.status === 0 && path) return path;
  }
  return undefined;
}

export function ensureChromium(): { path: string } | { reason: string } {
  const found = findChromium();
  if (found) return { path: found };
  if (process.platform !== 'linux') return { reason: `no chromium on PATH, and installing it is only done on Linux (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { reason: 'no chromium on PATH, and not root, so apt-get cannot install it' };
  if (spawnSync('sh', ['-c', 'command -v apt-get']).status !== 0) return { reason: 'no chromium on PATH, and no apt-get to install it' };
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update'], { env, encoding: 'utf8', timeout: 180_000 });
  if (update.status !== 0) return { reason: `apt-get update failed: ${(update.stderr || String(update.error)).slice(-300)}` };
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-dejavu-core'], {
    env,
    encoding: 'utf8',
    timeout: 420_000,
  });
  if (install.status !== 0) return { reason: `apt-get install chromium failed: ${(install.stderr || String(install.error)).slice(-300)}` };
  const path = findChromium();
  return path ? { path } : { reason: 'apt-get installed chromium, but it is not on PATH' };
}

/** The flags every run uses: headless, sandbox off (root in a container), no network chatter. */
export function chromiumArgs(userDataDir: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
    `--user-data-dir=${userDataDir}`,
  ];
}
