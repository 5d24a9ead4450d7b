/**
 * Two real processes on one database file, both ticking over 09:00: each
 * channel gets exactly one post. The children run the tips modules
 * transpiled to plain JavaScript (no build step needed) with the real
 * better-sqlite3 and croner from the project's node_modules.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { TipStore } from '../../src/tips/store.js';
import { cleanup, ROOT, SLACK_A, SLACK_B, DISCORD_C, subscribe, tempDir } from './helpers.js';

afterEach(cleanup);

const SOURCES = [
  'src/tips/store.ts',
  'src/tips/busy.ts',
  'src/tips/rotation.ts',
  'src/tips/content.ts',
  'src/tips/schedule.ts',
  'src/tips/time.ts',
  'src/knowledge/base.ts',
];

const CHILD = `
import { TipStore } from './src/tips/store.js';
import { TipScheduler } from './src/tips/schedule.js';
const [path, name] = process.argv.slice(2);
const store = TipStore.open(path);
const tips = Array.from({ length: 40 }, (_, i) => ({ tipId: 't' + i, text: 'tip ' + i, source: 'Tool: x' }));
const posts = [];
const s = new TipScheduler({
  store,
  tips: () => tips,
  sleep: async () => {},
  poster: async (target, tip) => {
    await new Promise((r) => setTimeout(r, 3));
    posts.push({ channel: target.channelId, tipId: tip.tipId, by: name });
    return { messageId: name + posts.length };
  },
});
const start = Date.parse('2026-03-02T07:58:00Z');
for (let i = 0; i < 8; i++) {
  await s.runDue(new Date(start + i * 60000));
  await s.runDue(new Date(start + i * 60000 + 5));
}
store.close();
process.stdout.write(JSON.stringify(posts));
`;

function build(): string {
  const dir = tempDir();
  for (const file of SOURCES) {
    const out = ts.transpileModule(readFileSync(join(ROOT, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    const target = join(dir, file.replace(/\.ts$/, '.js'));
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, out);
  }
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  writeFileSync(join(dir, 'child.js'), CHILD);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function runChild(dir: string, dbPath: string, name: string): Promise<{ channel: string; tipId: string; by: string }[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(dir, 'child.js'), dbPath, name], { cwd: dir });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`child ${name} exited ${code}: ${err}`))));
  });
}

describe('two processes on one database file', () => {
  it('post exactly once per channel', async () => {
    const dir = build();
    const dbPath = join(tempDir(), 'data', 'hallway.sqlite');
    const store = TipStore.open(dbPath);
    for (const t of [SLACK_A, SLACK_B, DISCORD_C]) subscribe(store, t);
    store.close();
    const results = await Promise.all([runChild(dir, dbPath, 'p1'), runChild(dir, dbPath, 'p2'), runChild(dir, dbPath, 'p3')]);
    const posts = results.flat();
    expect(posts).toHaveLength(3);
    expect(new Set(posts.map((p) => p.channel))).toEqual(new Set([SLACK_A.channelId, SLACK_B.channelId, DISCORD_C.channelId]));
    const check = TipStore.open(dbPath);
    expect(check.listClaims().filter((c) => c.postedAt !== null)).toHaveLength(3);
    check.close();
  });

  it('two fresh processes racing to create and migrate a new database both succeed', async () => {
    const dir = build();
    const dbPath = join(tempDir(), 'fresh', 'hallway.sqlite');
    const results = await Promise.all([runChild(dir, dbPath, 'p1'), runChild(dir, dbPath, 'p2')]);
    expect(results.flat()).toEqual([]);
    const check = TipStore.open(dbPath);
    expect(check.schemaVersion()).toBeGreaterThan(0);
    check.close();
  });
});
