/**
 * The knowledge cache: the validated content of each knowledge file, keyed by
 * the SHA-256 of the file's exact bytes (plus the file's name and the cache
 * format). A file whose bytes are unchanged skips YAML parsing and schema
 * validation; a changed file has another hash, so it is never served from the
 * cache — it is parsed and validated again, and its problems are reported with
 * `file:line:col` as usual. Links between files are always checked afresh.
 *
 * On disk (the snapshot) each entry is one JSON file `<hash>.json` in the
 * cache folder, written to a temporary name and renamed into place, so
 * concurrent writers (two replicas, a reload racing a start) never leave a
 * torn entry: both write the same content under the same name. The folder
 * lives apart from the knowledge (which may be read-only, e.g. a Kubernetes
 * ConfigMap); it is used only when it is a folder owned by this user that
 * nobody else can write to, since whatever it holds is trusted as validated.
 * Any failure to read or write it only costs speed: the file is parsed.
 *
 * The loader asks for entries in memory first, so a reload in a running
 * process re-reads only the files that changed.
 */
import { CODE_FINGERPRINT } from './fingerprint.js';
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SearchIndex, type IndexSnapshot } from '../search/index.js';
import type { KnowledgeBase } from './base.js';
import type { SearchOptions } from '../search/options.js';

/** Changes whenever the schema or the shape of validated data changes, so old entries no longer match. */
export const CACHE_FORMAT = 'hallway-knowledge-cache/1';

export interface CacheOptions {
  /**
   * Folder of the on-disk snapshot, or `false` for memory only. Default
   * `<os temp folder>/hallway-cache`. Example: `{ cacheDir: '/var/cache/hallway' }`
   * (env KNOWLEDGE_CACHE_DIR; `off` disables it).
   */
  readonly cacheDir?: string | false;
  /** Entries unused for this long are removed after a load. Default 7 days. */
  readonly maxAgeMs?: number;
  /** Told once why the snapshot folder is not used (e.g. not writable); nothing else fails. */
  readonly onWarning?: (message: string) => void;
}

export const DEFAULT_CACHE_OPTIONS = Object.freeze({
  cacheDir: join(tmpdir(), 'hallway-cache'),
  maxAgeMs: 7 * 24 * 3600 * 1000,
});

const HASH = /^[0-9a-f]{64}$/;
const INDEX_FORMAT = 'hallway-index/2';
const INDEX_MAGIC = 0x58495748; // "HWIX"
const ARRAY_NAMES = ['wordIds', 'offsets', 'postDocs', 'impacts', 'nameOffsets', 'nameDocs', 'sortedOrder', 'gramOffsets', 'gramWords'] as const;

/** The key of a search index: the code that built it, the knowledge's content digest and the search options. */
export function indexKey(digest: string, options: SearchOptions): string {
  return createHash('sha256').update(`${INDEX_FORMAT}\u0000${CODE_FINGERPRINT}\u0000${digest}\u0000${JSON.stringify(options)}`).digest('hex');
}

/**
 * The index file: magic, header length, a JSON header (the string lists and
 * the arrays' lengths), then each typed array, 8-byte aligned, as it is in
 * memory. Returned as pieces (views of the arrays, no copy) to be written in
 * order, so saving a large index never holds a second copy of it.
 */
function encodeIndex(key: string, snap: IndexSnapshot): Buffer[] {
  const header = Buffer.from(
    JSON.stringify({
      format: INDEX_FORMAT,
      key,
      docCount: snap.docCount,
      terms: snap.terms,
      words: snap.words,
      grams: snap.grams,
      lengths: ARRAY_NAMES.map((n) => snap.arrays[n].length),
    }),
  );
  const start = Math.ceil((8 + header.length) / 8) * 8;
  const head = Buffer.alloc(start);
  head.writeUInt32LE(INDEX_MAGIC, 0);
  head.writeUInt32LE(header.length, 4);
  header.copy(head, 8);
  const pieces: Buffer[] = [head];
  for (const n of ARRAY_NAMES) {
    const a = snap.arrays[n];
    pieces.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    if (a.byteLength % 8 !== 0) pieces.push(Buffer.alloc(8 - (a.byteLength % 8)));
  }
  return pieces;
}

function decodeIndex(key: string, file: Buffer): IndexSnapshot | undefined {
  if (file.length < 8 || file.readUInt32LE(0) !== INDEX_MAGIC) return undefined;
  const headerLength = file.readUInt32LE(4);
  const header = JSON.parse(file.subarray(8, 8 + headerLength).toString('utf8')) as {
    format: string;
    key: string;
    docCount: number;
    terms: string[];
    words: string[];
    grams: string[];
    lengths: number[];
  };
  if (header.format !== INDEX_FORMAT || header.key !== key || header.lengths.length !== ARRAY_NAMES.length) return undefined;
  // The arrays are views of the file's bytes where those are aligned (as a
  // file read whole normally is), else of one aligned copy.
  const start = Math.ceil((8 + headerLength) / 8) * 8;
  const body = file.byteOffset % 8 === 0 ? file.subarray(start) : Buffer.from(file.subarray(start));
  let at = body.byteOffset;
  const end = body.byteOffset + body.byteLength;
  const arrays: Record<string, Int32Array | Float32Array> = {};
  for (const [i, n] of ARRAY_NAMES.entries()) {
    const length = header.lengths[i]!;
    if (at + length * 4 > end) return undefined;
    arrays[n] = n === 'impacts' ? new Float32Array(body.buffer, at, length) : new Int32Array(body.buffer, at, length);
    at += Math.ceil((length * 4) / 8) * 8;
  }
  return {
    docCount: header.docCount,
    terms: header.terms,
    words: header.words,
    grams: header.grams,
    arrays: arrays as unknown as IndexSnapshot['arrays'],
  };
}

/** Writes `pieces` one after the other into a new file. */
async function writePieces(path: string, pieces: readonly Buffer[]): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    for (const piece of pieces) {
      for (let done = 0; done < piece.length; ) done += (await handle.write(piece, done, piece.length - done)).bytesWritten;
    }
  } finally {
    await handle.close();
  }
}

/** Where the loader looks up a file's validated content by the hash of its bytes. */
export interface KnowledgeCache {
  get(hash: string): Promise<unknown>;
  set(hash: string, data: unknown): void;
}

/** A cache of validated files in memory, backed by a snapshot folder on disk when one is usable. */
export class KnowledgeSnapshot implements KnowledgeCache {
  private readonly memory = new Map<string, unknown>();
  private readonly used = new Set<string>();
  private readonly added = new Set<string>();
  private readonly usedIndex = new Set<string>();
  private readonly dir: string | false;
  private readonly maxAgeMs: number;
  private readonly onWarning: (message: string) => void;
  private usable: Promise<boolean> | undefined;
  private warned = false;
  /** Entries taken from memory or disk since the last {@link save}. */
  hits = 0;
  /** Entries parsed and validated since the last {@link save}. */
  misses = 0;

  constructor(options: CacheOptions = {}) {
    this.dir = options.cacheDir === undefined ? DEFAULT_CACHE_OPTIONS.cacheDir : options.cacheDir;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_CACHE_OPTIONS.maxAgeMs;
    this.onWarning = options.onWarning ?? (() => undefined);
  }

  async get(hash: string): Promise<unknown> {
    this.used.add(hash);
    let data = this.memory.get(hash);
    if (data === undefined && HASH.test(hash) && (await this.diskUsable())) {
      data = await readFile(join(this.dir as string, `${hash}.json`), 'utf8')
        .then((text) => {
          const entry = JSON.parse(text) as { format?: unknown; data?: unknown };
          return entry.format === CACHE_FORMAT ? entry.data : undefined;
        })
        .catch(() => undefined);
      if (data !== undefined) this.memory.set(hash, data);
    }
    if (data === undefined) this.misses++;
    else this.hits++;
    return data;
  }

  /** A search index saved for exactly this key (see {@link indexKey}), or undefined. */
  async loadIndex(key: string): Promise<IndexSnapshot | undefined> {
    this.usedIndex.add(key);
    if (!HASH.test(key) || !(await this.diskUsable())) return undefined;
    try {
      return decodeIndex(key, await readFile(join(this.dir as string, `${key}.index`)));
    } catch {
      return undefined;
    }
  }

  /** Saves a search index under its key (temporary file + rename). */
  async saveIndex(key: string, snap: IndexSnapshot): Promise<void> {
    this.usedIndex.add(key);
    if (!HASH.test(key) || !(await this.diskUsable())) return;
    await this.writeAtomically(`${key}.index`, encodeIndex(key, snap));
  }

  private async writeAtomically(name: string, content: string | readonly Buffer[]): Promise<boolean> {
    const dir = this.dir as string;
    const tmp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      if (typeof content === 'string') await writeFile(tmp, content, { mode: 0o600 });
      else await writePieces(tmp, content);
      await rename(tmp, join(dir, name));
      return true;
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      this.warn(`could not write to the knowledge cache ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      return false;
    }
  }

  set(hash: string, data: unknown): void {
    this.memory.set(hash, data);
    this.added.add(hash);
  }

  /**
   * An entry validated elsewhere (the reload worker, which writes the
   * snapshot folder itself): kept in memory for the next load, not written again.
   */
  remember(hash: string, data: unknown): void {
    this.memory.set(hash, data);
  }

  /** Holds on to a search index saved elsewhere (by the reload worker), so {@link save} does not count it as unused. */
  keepIndex(key: string): void {
    this.usedIndex.add(key);
  }

  /** Hashes of the entries held in memory. */
  inMemory(): string[] {
    return [...this.memory.keys()];
  }

  /**
   * After a load: forgets in memory what the load did not use, writes the new
   * entries to disk (temporary file + rename), and removes old unused ones.
   */
  async save(): Promise<void> {
    for (const hash of this.memory.keys()) if (!this.used.has(hash)) this.memory.delete(hash);
    const added = [...this.added].filter((h) => this.used.has(h));
    const used = new Set(this.used);
    const usedIndex = new Set(this.usedIndex);
    this.added.clear();
    this.used.clear();
    this.usedIndex.clear();
    this.hits = 0;
    this.misses = 0;
    if (!(await this.diskUsable())) return;
    const dir = this.dir as string;
    for (const hash of added) {
      if (!(await this.writeAtomically(`${hash}.json`, JSON.stringify({ format: CACHE_FORMAT, data: this.memory.get(hash) })))) return;
    }
    const now = Date.now();
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const hash = name.replace(/\.(json|index)$/, '');
      const stale = name.endsWith('.tmp') || (HASH.test(hash) && !used.has(hash) && !usedIndex.has(hash));
      if (!stale) continue;
      const info = await stat(join(dir, name)).catch(() => undefined);
      if (info && now - info.mtimeMs > (name.endsWith('.tmp') ? 3600_000 : this.maxAgeMs)) {
        await unlink(join(dir, name)).catch(() => undefined);
      }
    }
  }

  private warn(message: string): void {
    if (this.warned) return;
    this.warned = true;
    this.onWarning(`hallway/knowledge: ${message}; knowledge files are parsed on every start (slower, nothing else changes)`);
  }

  /** The snapshot folder exists (created if need be), is a folder owned by this user and writable by nobody else. */
  private diskUsable(): Promise<boolean> {
    this.usable ??= (async () => {
      if (this.dir === false) return false;
      const dir = this.dir;
      try {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const info = await lstat(dir);
        const uid = process.getuid?.();
        if (!info.isDirectory()) throw new Error('not a folder');
        if (uid !== undefined && info.uid !== uid) throw new Error('owned by another user');
        if ((info.mode & 0o022) !== 0) throw new Error('writable by other users');
        return true;
      } catch (err) {
        this.warn(`the knowledge cache ${dir} is not used (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
        return false;
      }
    })();
    return this.usable;
  }
}

/**
 * The search index for `kb`: read from the snapshot when one was saved for
 * this very knowledge and these options, else built (at once, or in slices
 * when `sliced`, for a reload) and saved for the next start.
 */
export async function cachedIndex(
  kb: KnowledgeBase,
  options: SearchOptions,
  snapshot: KnowledgeSnapshot,
  sliced = false,
): Promise<SearchIndex> {
  const key = kb.digest ? indexKey(kb.digest, options) : undefined;
  if (key) {
    const saved = await snapshot.loadIndex(key);
    const index = saved && SearchIndex.fromSnapshot(kb, options, saved);
    if (index) return index;
  }
  const index = sliced ? await SearchIndex.build(kb, options) : new SearchIndex(kb, options);
  if (key) await snapshot.saveIndex(key, index.snapshot());
  return index;
}
