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
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

  set(hash: string, data: unknown): void {
    this.memory.set(hash, data);
    this.added.add(hash);
  }

  /**
   * After a load: forgets in memory what the load did not use, writes the new
   * entries to disk (temporary file + rename), and removes old unused ones.
   */
  async save(): Promise<void> {
    for (const hash of this.memory.keys()) if (!this.used.has(hash)) this.memory.delete(hash);
    const added = [...this.added].filter((h) => this.used.has(h));
    const used = new Set(this.used);
    this.added.clear();
    this.used.clear();
    this.hits = 0;
    this.misses = 0;
    if (!(await this.diskUsable())) return;
    const dir = this.dir as string;
    for (const hash of added) {
      const tmp = join(dir, `.${hash}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      try {
        await writeFile(tmp, JSON.stringify({ format: CACHE_FORMAT, data: this.memory.get(hash) }), { mode: 0o600 });
        await rename(tmp, join(dir, `${hash}.json`));
      } catch (err) {
        await unlink(tmp).catch(() => undefined);
        this.warn(`could not write to the knowledge cache ${dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
        return;
      }
    }
    const now = Date.now();
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const hash = name.replace(/\.json$/, '');
      const stale = name.endsWith('.tmp') || (HASH.test(hash) && !used.has(hash));
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
