/**
 * The cache of validated knowledge files: an unchanged folder loads from it
 * without parsing; an edited file is parsed again (its new content is served,
 * or its problems reported with file:line:col); an unsafe cache folder is not
 * trusted; concurrent writers leave whole entries.
 */
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkKnowledge, loadKnowledge } from '../../src/knowledge/load.js';
import { KnowledgeSnapshot } from '../../src/knowledge/snapshot.js';
import { Hallway } from '../../src/hallway.js';
import { cleanupTemp, copyOfKnowledge, editFile, EVENT_ID, positionOf, tempDir } from './helpers.js';

afterAll(cleanupTemp);

const FILES_IN_EVENT = async (event: string) => (await readdir(event)).filter((f) => f.endsWith('.yaml')).length;

describe('knowledge cache', () => {
  it('serves an unchanged folder from the cache and parses only an edited file', async () => {
    const { root, event } = await copyOfKnowledge();
    const cacheDir = join(await tempDir(), 'cache');
    const first = new KnowledgeSnapshot({ cacheDir });
    const kb1 = await loadKnowledge(root, {}, first);
    const files = await FILES_IN_EVENT(event);
    expect(first.misses).toBe(files);
    await first.save();
    expect((await readdir(cacheDir)).filter((f) => f.endsWith('.json'))).toHaveLength(files);

    const second = new KnowledgeSnapshot({ cacheDir });
    const kb2 = await loadKnowledge(root, {}, second);
    expect(second.hits).toBe(files);
    expect(second.misses).toBe(0);
    expect(kb2.all().map((e) => `${e.kind}:${e.id}:${e.label}`)).toEqual(kb1.all().map((e) => `${e.kind}:${e.id}:${e.label}`));

    await editFile(join(event, 'talks.yaml'), (t) => t.replace('title: Kubernetes Operators', 'title: Kubernetes Operators Revisited'));
    const third = new KnowledgeSnapshot({ cacheDir });
    const kb3 = await loadKnowledge(root, {}, third);
    expect(third.misses).toBe(1);
    expect(kb3.get('talk', EVENT_ID, 'kubernetes-operators')?.label).toBe('Kubernetes Operators Revisited');
  });

  it('changes the answers of the next start after one file is edited', async () => {
    const { root, event } = await copyOfKnowledge();
    const cache = { cacheDir: join(await tempDir(), 'cache') };
    const before = await Hallway.load(root, { cache });
    expect(before.ask('/talk kubernetes operators').title).toContain('Kubernetes Operators');
    await editFile(join(event, 'talks.yaml'), (t) => t.replace('title: Kubernetes Operators', 'title: Zebracorn Operators'));
    const after = await Hallway.load(root, { cache });
    expect(after.ask('/talk zebracorn').title).toContain('Zebracorn Operators');
  });

  it('a search index read back from the cache answers exactly as a freshly built one', async () => {
    const { root } = await copyOfKnowledge();
    const cacheDir = join(await tempDir(), 'cache');
    await Hallway.load(root, { cache: { cacheDir } });
    expect((await readdir(cacheDir)).filter((f) => f.endsWith('.index'))).toHaveLength(1);
    const fromCache = await Hallway.load(root, { cache: { cacheDir } });
    const fresh = new Hallway(await loadKnowledge(root));
    for (const q of ['/talk kuma', '/tool heap dump', 'kuberntes securty', 'why did Sofascore leave MongoDB?', '/talk istoi', 'grafna']) {
      expect(fromCache.ask(q)).toEqual(fresh.ask(q));
    }
    expect(fromCache.complete('talk', 'kub')).toEqual(fresh.complete('talk', 'kub'));
  });

  it('holds the same data whether a file was parsed or read from the cache', async () => {
    const { root } = await copyOfKnowledge();
    const cacheDir = join(await tempDir(), 'cache');
    const first = new KnowledgeSnapshot({ cacheDir });
    const parsed = await loadKnowledge(root, {}, first);
    await first.save();
    const second = new KnowledgeSnapshot({ cacheDir });
    const cached = await loadKnowledge(root, {}, second);
    expect(second.hits).toBeGreaterThan(0);
    expect(second.misses).toBe(0);
    const shape = (kb: typeof parsed) => kb.all().map((e) => ({ kind: e.kind, id: e.id, links: e.links, remarks: e.remarks, data: e.data }));
    expect(shape(cached)).toEqual(shape(parsed));
    // Empty lists are shared between entries, so none of them can be added to.
    const talk = parsed.all('talk').find((t) => t.links.booth.length === 0)!;
    expect(() => (talk.links.booth as string[]).push('x')).toThrow(TypeError);
  });

  it('a damaged index file is not used: the index is built again and answers as a fresh one', async () => {
    const { root } = await copyOfKnowledge();
    const cacheDir = join(await tempDir(), 'cache');
    await Hallway.load(root, { cache: { cacheDir } });
    const [indexFile] = (await readdir(cacheDir)).filter((f) => f.endsWith('.index'));
    const bytes = await readFile(join(cacheDir, indexFile!));
    await writeFile(join(cacheDir, indexFile!), bytes.subarray(0, bytes.length - 100));
    const fromCache = await Hallway.load(root, { cache: { cacheDir } });
    const fresh = new Hallway(await loadKnowledge(root));
    for (const q of ['/talk kuma', '/tool heap dump', 'kuberntes securty']) expect(fromCache.ask(q)).toEqual(fresh.ask(q));
    // and the next start finds a whole index file again
    expect((await readFile(join(cacheDir, indexFile!))).length).toBe(bytes.length);
  });

  it('never hides a broken edit: the problem is reported with file:line:col', async () => {
    const { root, event } = await copyOfKnowledge();
    const cache = new KnowledgeSnapshot({ cacheDir: join(await tempDir(), 'cache') });
    await loadKnowledge(root, {}, cache);
    await cache.save();
    const text = await editFile(join(event, 'talks.yaml'), (t) => t.replace('title: Kubernetes Operators', 'titel: Kubernetes Operators'));
    const { problems, knowledge } = await checkKnowledge(root, {}, new KnowledgeSnapshot({ cacheDir: cache['dir'] as string }));
    expect(knowledge).toBeUndefined();
    const at = positionOf(text, 'titel');
    expect(problems.some((p) => p.file.endsWith('talks.yaml') && p.line === at.line && p.col === at.col && /titel/.test(p.message))).toBe(true);
  });

  it('does not trust a cache folder other users can write to', async () => {
    const { root } = await copyOfKnowledge();
    const cacheDir = join(await tempDir(), 'shared');
    await mkdir(cacheDir);
    await chmod(cacheDir, 0o777);
    const warnings: string[] = [];
    const snapshot = new KnowledgeSnapshot({ cacheDir, onWarning: (m) => warnings.push(m) });
    await loadKnowledge(root, {}, snapshot);
    await snapshot.save();
    expect(await readdir(cacheDir)).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^hallway\/knowledge: .*writable by other users/);
  });

  it('leaves whole entries when several writers save at once', async () => {
    const { root } = await copyOfKnowledge();
    const cacheDir = join(await tempDir(), 'cache');
    const writers = [1, 2, 3].map(() => new KnowledgeSnapshot({ cacheDir }));
    await Promise.all(writers.map((w) => loadKnowledge(root, {}, w)));
    await Promise.all(writers.map((w) => w.save()));
    const names = await readdir(cacheDir);
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    for (const name of names) {
      const entry = JSON.parse(await readFile(join(cacheDir, name), 'utf8')) as { format: string };
      expect(entry.format).toMatch(/^hallway-knowledge-cache\//);
    }
  });
});
