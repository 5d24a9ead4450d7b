/**
 * Live reload through the real watcher: a valid edit changes the answers
 * within 2 s; an invalid one keeps the old knowledge and reports every problem
 * with file:line:col; a removed entity's card is gone (adapters then say so);
 * hostile files reloaded many times leave the bot answering; SIGHUP reloads a
 * running process. The compiled code (dist/) reloads through a worker thread:
 * the same behaviour is checked there, through the real worker file.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Hallway } from '../../src/hallway.js';
import { formatProblem } from '../../src/knowledge/load.js';
import { KnowledgeReloader, watchKnowledge, type ReloadResult } from '../../src/knowledge/reload.js';
import { cleanupTemp, copyOfKnowledge, editFile, EVENT_ID, positionOf, ROOT, tempDir } from './helpers.js';

afterAll(cleanupTemp);

async function until<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function setup() {
  const { root, event } = await copyOfKnowledge();
  const cache = { cacheDir: join(await tempDir(), 'cache') };
  const hallway = await Hallway.load(root, { cache });
  const results: ReloadResult[] = [];
  const logged: string[] = [];
  const logger = { info: () => undefined, warn: () => undefined, error: (_: object, msg: string) => void logged.push(msg) };
  const reloader = watchKnowledge({ dir: root, target: hallway, cache, logger, debounceMs: 100, onReload: (r) => results.push(r) });
  return { root, event, hallway, reloader, results, logged };
}

describe('live reload', () => {
  it('a valid edit changes the answers within 2 s, keeping the same Hallway object', async () => {
    const { event, hallway, reloader, results } = await setup();
    try {
      expect(hallway.ask('/talk zebracorn').title).not.toContain('Zebracorn');
      await editFile(join(event, 'talks.yaml'), (t) => t.replace('title: Kubernetes Operators', 'title: Zebracorn Operators'));
      const started = Date.now();
      await until('the new title', () => (hallway.ask('/talk zebracorn').title.includes('Zebracorn') ? true : undefined), 2000);
      expect(Date.now() - started).toBeLessThan(2000);
      await until('the reload result', () => results.at(-1), 2000);
      expect(results.at(-1)).toMatchObject({ ok: true, parsed: 1 });
      expect(reloader.reloads).toBeGreaterThanOrEqual(1);
    } finally {
      reloader.stop();
    }
  });

  it('an invalid edit keeps the old knowledge and logs every problem with file:line:col', async () => {
    const { event, hallway, reloader, results, logged } = await setup();
    try {
      const before = hallway.ask('/talk kubernetes operators');
      const text = await editFile(join(event, 'talks.yaml'), (t) =>
        t.replace('title: Kubernetes Operators', 'titel: Kubernetes Operators').replace('- id: istio-kafka-challenges', '- id: Istio Kafka'),
      );
      const result = await until('a rejected reload', () => results.find((r) => !r.ok), 3000);
      expect(result.problems.length).toBeGreaterThanOrEqual(2);
      const titel = positionOf(text, 'titel');
      expect(result.problems.some((p) => p.line === titel.line && p.col === titel.col)).toBe(true);
      for (const p of result.problems) expect(logged.some((l) => l.includes(formatProblem(p)))).toBe(true);
      expect(hallway.ask('/talk kubernetes operators')).toEqual(before);
      expect(reloader.failures).toBe(1);
    } finally {
      reloader.stop();
    }
  });

  it('an entity removed by a reload has no card any more (open returns undefined)', async () => {
    const { event, hallway, reloader } = await setup();
    try {
      const ref = { kind: 'tool' as const, event: EVENT_ID, id: 'kuma' };
      expect(hallway.open(ref)).toBeDefined();
      await editFile(join(event, 'tools.yaml'), (t) => t.replace(/\n- id: kuma\n/, '\n- id: kuma-mesh\n'));
      const relink = (t: string) => t.replace(/- kuma\n/g, '- kuma-mesh\n').replace(/([[ ])kuma([,\]])/g, '$1kuma-mesh$2');
      await editFile(join(event, 'talks.yaml'), relink);
      await editFile(join(event, 'tips.yaml'), relink);
      const r = await reloader.reload('test');
      expect(r.problems.map(formatProblem)).toEqual([]);
      expect(hallway.open(ref)).toBeUndefined();
      expect(hallway.open({ ...ref, id: 'kuma-mesh' })?.title).toContain('Kuma');
    } finally {
      reloader.stop();
    }
  });

  it('20 reloads of a 100-level nested file and an alias bomb leave it answering', async () => {
    const { event, hallway, reloader } = await setup();
    reloader.stop(); // reload by hand, as SIGHUP does
    const manual = new KnowledgeReloader({ dir: join(event, '..'), target: hallway, watch: false, cache: { cacheDir: false } });
    const nested = `${'- '.repeat(1)}${'['.repeat(100)}x${']'.repeat(100)}\n`;
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');
    const answer = hallway.ask('/talk kubernetes operators');
    for (let i = 0; i < 20; i++) {
      await writeFile(join(event, 'books.yaml'), i % 2 === 0 ? nested : bomb);
      const r = await manual.reload('test');
      expect(r.ok).toBe(false);
      expect(r.problems[0]!.file).toMatch(/books\.yaml$/);
      expect(hallway.ask('/talk kubernetes operators')).toEqual(answer);
    }
    expect(manual.failures).toBe(20);
  });

  it('SIGHUP reloads a running process', async () => {
    const { root, event } = await copyOfKnowledge();
    const env: NodeJS.ProcessEnv = { ...process.env, KNOWLEDGE_DIR: root, KNOWLEDGE_CACHE_DIR: join(await tempDir(), 'c'), LOG_LEVEL: 'info' };
    delete env.SLACK_BOT_TOKEN;
    delete env.DISCORD_TOKEN;
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'adapters', 'main.js')], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await until('the console prompt', () => (out.includes('Ctrl-D') ? true : undefined), 15_000);
      await editFile(join(event, 'talks.yaml'), (t) => t.replace('title: Kubernetes Operators', 'title: Quokkaware Operators'));
      child.kill('SIGHUP');
      await until('a reload', () => (out.includes('knowledge reloaded') ? true : undefined), 10_000);
      child.stdin.write('/talk quokkaware\n');
      await until('the new title', () => (out.includes('Quokkaware Operators') ? true : undefined), 10_000);
      child.stdin.end();
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      expect(code).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 40_000);

  describe('through the worker thread (compiled code, as in production)', () => {
    /** The compiled modules (dist/, built by `npm test`), typed as their sources. */
    async function compiled() {
      const load = async <T>(path: string) => (await import(pathToFileURL(join(ROOT, 'dist', path)).href)) as T;
      return {
        Hallway: (await load<typeof import('../../src/hallway.js')>('src/hallway.js')).Hallway,
        KnowledgeReloader: (await load<typeof import('../../src/knowledge/reload.js')>('src/knowledge/reload.js')).KnowledgeReloader,
      };
    }

    it('swaps in new knowledge, and rejects a broken file with file:line:col while the old knowledge serves', async () => {
      const { Hallway: CompiledHallway, KnowledgeReloader: CompiledReloader } = await compiled();
      const { root, event } = await copyOfKnowledge();
      const cache = { cacheDir: join(await tempDir(), 'cache') };
      const hallway = await CompiledHallway.load(root, { cache });
      const logged: string[] = [];
      const logger = { info: () => undefined, warn: () => undefined, error: (_: object, msg: string) => void logged.push(msg) };
      const reloader = new CompiledReloader({ dir: root, target: hallway, watch: false, cache, logger });
      try {
        expect(hallway.ask('/talk zebracorn').title).not.toContain('Zebracorn');
        await editFile(join(event, 'talks.yaml'), (t) => t.replace('title: Kubernetes Operators', 'title: Zebracorn Operators'));
        const ok = await reloader.reload('test');
        expect(ok).toMatchObject({ ok: true, via: 'worker', parsed: 1, problems: [] });
        expect(hallway.ask('/talk zebracorn').title).toContain('Zebracorn Operators');

        const before = hallway.ask('/talk zebracorn');
        const text = await editFile(join(event, 'talks.yaml'), (t) => t.replace('title: Zebracorn Operators', 'titel: Zebracorn Operators'));
        const bad = await reloader.reload('test');
        expect(bad).toMatchObject({ ok: false, via: 'worker' });
        const titel = positionOf(text, 'titel');
        const problem = bad.problems.find((p) => p.line === titel.line && p.col === titel.col);
        expect(problem?.file).toMatch(/talks\.yaml$/);
        expect(logged.some((l) => l.includes(formatProblem(problem!)))).toBe(true);
        expect(hallway.ask('/talk zebracorn')).toEqual(before);
        expect([reloader.reloads, reloader.failures]).toEqual([1, 1]);
      } finally {
        reloader.stop();
      }
    });

    it('stop() during a reload ends the worker and swaps nothing in', async () => {
      const { Hallway: CompiledHallway, KnowledgeReloader: CompiledReloader } = await compiled();
      const { root, event } = await copyOfKnowledge();
      const hallway = await CompiledHallway.load(root, { cache: { cacheDir: false } });
      const reloader = new CompiledReloader({ dir: root, target: hallway, watch: false, cache: { cacheDir: false } });
      await editFile(join(event, 'talks.yaml'), (t) => t.replace('title: Kubernetes Operators', 'title: Zebracorn Operators'));
      const reloading = reloader.reload('test');
      reloader.stop();
      const result = await reloading;
      expect(result.ok).toBe(false);
      expect(hallway.ask('/talk zebracorn').title).not.toContain('Zebracorn');
    });
  });
});
