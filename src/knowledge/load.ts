/**
 * Loads a knowledge folder: reads each event's YAML files safely, validates
 * them against the schema, checks ids and links, and builds the
 * {@link KnowledgeBase}. Every problem is reported as
 * `file:line:col message`, in words an organiser can act on.
 *
 * Safety: files are read only from inside the knowledge folder (symlinks
 * resolved and checked), each is capped in size, YAML is parsed with the core
 * schema and no custom tags (a tag is an error, never executed or turned into
 * an object), and anchors/aliases are capped so an "alias bomb" cannot expand.
 */
import { createHash } from 'node:crypto';
import { CODE_FINGERPRINT } from './fingerprint.js';
import { constants as fsConstants, type Stats } from 'node:fs';
import { lstat, open, readdir, realpath, stat, type FileHandle } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod';
import type { EntityKind } from '../reply.js';
import {
  entityKey,
  FIELD_KIND,
  KnowledgeBase,
  LINK_FIELD_NAMES,
  type Entity,
  type EventKnowledge,
  type LinkableKind,
  type Tip,
} from './base.js';
import {
  bookSchema,
  boothSchema,
  FILE_SCHEMAS,
  remarkSchema,
  REQUIRED_FILES,
  speakerSchema,
  talkSchema,
  tipSchema,
  toolSchema,
  type EventData,
  type KnowledgeFile,
  type RemarkData,
} from './schema.js';
import { CACHE_FORMAT, type KnowledgeCache } from './snapshot.js';

export interface LoadOptions {
  /** Largest file read, in bytes. Default 1 MiB. */
  readonly maxFileBytes?: number;
  /** Most aliases (`*name`) a file may use. Default 50. */
  readonly maxAliasCount?: number;
}

export const DEFAULT_LOAD_OPTIONS = Object.freeze({ maxFileBytes: 1024 * 1024, maxAliasCount: 50 });

export interface Problem {
  /** The file, relative to the working directory. */
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col} ${p.message}`;
}

export class KnowledgeError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    super(
      `hallway/knowledge: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the knowledge files:\n` +
        problems.map(formatProblem).join('\n'),
    );
    this.name = 'KnowledgeError';
    this.problems = problems;
  }
}

/** The YAML tags plain data may carry; anything else is a custom tag and refused. */
const ALLOWED_TAGS = new Set([
  'tag:yaml.org,2002:str',
  'tag:yaml.org,2002:int',
  'tag:yaml.org,2002:float',
  'tag:yaml.org,2002:bool',
  'tag:yaml.org,2002:null',
  'tag:yaml.org,2002:map',
  'tag:yaml.org,2002:seq',
]);

const KIND_FILE: Record<LinkableKind, KnowledgeFile> = {
  talk: 'talks.yaml',
  speaker: 'speakers.yaml',
  tool: 'tools.yaml',
  booth: 'booths.yaml',
  book: 'books.yaml',
};

const FILE_KIND: Partial<Record<KnowledgeFile, LinkableKind>> = Object.fromEntries(
  Object.entries(KIND_FILE).map(([k, f]) => [f, k]),
) as Partial<Record<KnowledgeFile, LinkableKind>>;

/** One parsed file: its data (when valid) and a way to locate a path in it. */
interface ParsedFile {
  readonly name: KnowledgeFile;
  readonly display: string;
  readonly data: unknown;
  readonly locate: (path: readonly PropertyKey[]) => { line: number; col: number };
  readonly locateKey: (path: readonly PropertyKey[], key: string) => { line: number; col: number };
}

/**
 * How many event folders are read at the same time: enough to overlap reading
 * one with parsing another, few enough that parse trees in flight stay small
 * (at 10,000 talks, 8 at once peaked ~15 MB higher than 3, and no faster).
 */
const EVENT_CONCURRENCY = 4;

/** `work` over `items`, at most `limit` at a time; results in the order of `items`. */
async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

class ProblemList {
  readonly items: Problem[] = [];
  add(file: string, pos: { line: number; col: number }, message: string): void {
    this.items.push({ file, line: pos.line, col: pos.col, message });
  }
}

const display = (path: string) => relative(process.cwd(), path) || path;

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Finds the event folders: `dir` itself when it holds event.yaml, else its sub-folders that do. */
async function findEventDirs(root: string, problems: ProblemList): Promise<string[]> {
  const hasEvent = async (dir: string) => {
    try {
      await lstat(join(dir, 'event.yaml'));
      return true;
    } catch {
      return false;
    }
  };
  if (await hasEvent(root)) return [root];
  const dirs: string[] = [];
  for (const entry of (await readdir(root, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(root, entry.name);
    if (entry.isSymbolicLink()) {
      const real = await realpath(path).catch(() => undefined);
      if (!real || !isInside(root, real)) {
        problems.add(display(path), { line: 1, col: 1 }, 'this link points outside the knowledge folder; it is not read');
        continue;
      }
      if (!(await stat(real)).isDirectory()) continue;
    } else if (!entry.isDirectory()) continue;
    if (await hasEvent(path)) dirs.push(path);
    else if ((await readdir(path)).some((f) => /\.ya?ml$/i.test(f))) {
      problems.add(display(join(path, 'event.yaml')), { line: 1, col: 1 }, 'event.yaml is missing: every event folder needs one (see knowledge/README.md)');
    }
  }
  if (dirs.length === 0) {
    problems.add(display(root), { line: 1, col: 1 }, 'no event found: expected event.yaml here or in a sub-folder per event');
  }
  return dirs;
}

/** Offset of the first byte that is not part of valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (need === 0 || i + need >= n) return i;
    for (let k = 1; k <= need; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    const c = bytes[i + 1]!;
    if ((b === 0xe0 && c < 0xa0) || (b === 0xed && c > 0x9f) || (b === 0xf0 && c < 0x90) || (b === 0xf4 && c > 0x8f)) return i;
    i += need + 1;
  }
  return -1;
}

function positionOf(lc: LineCounter, offset: number) {
  const pos = lc.linePos(offset);
  return { line: pos.line, col: pos.col };
}

/** Locates a data path in a document: the node itself, or the closest ancestor that exists. */
function locator(doc: Document, lc: LineCounter) {
  return (path: readonly PropertyKey[]) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return positionOf(lc, node.range[0]);
    }
    return { line: 1, col: 1 };
  };
}

/** Where a key of a map stands, for "unknown field" messages. */
function locateKey(doc: Document, lc: LineCounter, path: readonly PropertyKey[], keyName: string) {
  const map = doc.getIn(path as unknown[], true);
  if (isMap(map)) {
    for (const pair of map.items) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === keyName && pair.key.range) {
        return positionOf(lc, pair.key.range[0]);
      }
    }
  }
  return locator(doc, lc)(path);
}

function describePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p + 1}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

function zodMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}; check the spelling against knowledge/README.md`;
  }
  if (issue.code === 'invalid_type' && issue.expected === 'array') {
    return `${describePath(issue.path) || 'this'} must be a list (entries starting with "- ")`;
  }
  if (issue.code === 'invalid_type' && issue.expected === 'object') {
    return `${describePath(issue.path) || 'this'} must be a set of "field: value" lines`;
  }
  const where = describePath(issue.path);
  return where && !issue.message.includes(' must ') && !issue.message.includes(' is missing')
    ? `${where}: ${issue.message}`
    : issue.message;
}

/** A knowledge file as read from disk: its text, and the hash of its bytes that keys the cache. */
interface SourceFile {
  readonly name: KnowledgeFile;
  readonly display: string;
  readonly bytes: Buffer;
  readonly hash: string;
}

const FILE_TYPES: ReadonlyArray<[keyof Stats & `is${string}`, string]> = [
  ['isDirectory', 'a folder'],
  ['isFIFO', 'a named pipe (FIFO)'],
  ['isCharacterDevice', 'a character device'],
  ['isBlockDevice', 'a block device'],
  ['isSocket', 'a socket'],
];

function typeOf(info: Stats): string {
  for (const [test, name] of FILE_TYPES) if ((info[test] as () => boolean).call(info)) return name;
  return 'not a regular file';
}

/** Line and column (1-based, in characters) of a byte offset in a buffer that is valid UTF-8 before it. */
function bytePosition(bytes: Uint8Array, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: Buffer.from(bytes.subarray(lineStart, offset)).toString('utf8').length + 1 };
}

/** Reads one knowledge file: only a regular file inside the folder, capped in size, strictly UTF-8. */
async function readSource(
  root: string,
  path: string,
  name: KnowledgeFile,
  options: Required<LoadOptions>,
  problems: ProblemList,
): Promise<SourceFile | undefined> {
  const shown = display(path);
  const start = { line: 1, col: 1 };
  const real = await realpath(path).catch(() => undefined);
  if (!real || !isInside(root, real)) {
    problems.add(shown, start, 'this file is a link to outside the knowledge folder (or a broken link); it is not read');
    return undefined;
  }
  let bytes: Buffer;
  let handle: FileHandle | undefined;
  try {
    // O_NONBLOCK: opening a named pipe must not wait for a writer; regular files read as usual.
    handle = await open(real, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    const info = await handle.stat();
    if (!info.isFile()) {
      problems.add(shown, start, `this is ${typeOf(info)}, not a regular file; a knowledge file must be a plain text file`);
      return undefined;
    }
    if (info.size > options.maxFileBytes) {
      problems.add(shown, start, `file is too large (${info.size} bytes; at most ${options.maxFileBytes}); split it or shorten it`);
      return undefined;
    }
    bytes = await handle.readFile();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    problems.add(shown, start, `file cannot be read (${code}); check that it exists and is readable`);
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
  if (bytes.length > options.maxFileBytes) {
    problems.add(shown, start, `file is too large (${bytes.length} bytes; at most ${options.maxFileBytes}); split it or shorten it`);
    return undefined;
  }
  const hash = createHash('sha256').update(`${CACHE_FORMAT}\u0000${CODE_FINGERPRINT}\u0000${name}\u0000`).update(bytes).digest('hex');
  return { name, display: shown, bytes, hash };
}

/** The file's text; bytes that are not UTF-8 are reported at the first bad byte. */
function decodeSource(src: SourceFile, problems: ProblemList): string | undefined {
  const { bytes } = src;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = Math.max(0, firstInvalidUtf8(bytes));
    problems.add(
      src.display,
      bytePosition(bytes, bad),
      `file is not valid UTF-8 text (byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')}); save it with UTF-8 encoding`,
    );
    return undefined;
  }
}

/**
 * Anchors (`&a`), aliases (`*a`) and tags (`!t`) where a node starts. A file
 * with any of these (or prose that looks like them) takes the full parser,
 * which caps aliases and refuses tags; others take the fast one.
 */
const NODE_PROPERTY = /(?:^(?:---)?[ \t]*(?:-[ \t]+)*|[:?,[{][ \t]*)[&*!]/m;

const NOT_PARSED = Symbol('not parsed');

/**
 * The fast path: js-yaml with the core schema (plain data only; duplicate
 * keys, unknown tags and syntax errors throw). It keeps no positions, so any
 * failure here sends the file to the full parser, which reports them.
 */
function fastParse(source: string): unknown {
  if (NODE_PROPERTY.test(source)) return NOT_PARSED;
  try {
    return loadYaml(source, { schema: CORE_SCHEMA, json: false });
  } catch {
    return NOT_PARSED;
  }
}

const yamlOptions = (lineCounter: LineCounter) =>
  ({
    version: '1.2',
    schema: 'core',
    customTags: [],
    merge: false,
    uniqueKeys: true,
    prettyErrors: false,
    lineCounter,
  }) as const satisfies Parameters<typeof parseDocument>[1];

/** The document and line index of a file, built once and only when a position is needed. */
function lazyDocument(bytes: Buffer): () => { doc: Document; lc: LineCounter } {
  let built: { doc: Document; lc: LineCounter } | undefined;
  return () => {
    if (!built) {
      const lc = new LineCounter();
      built = { doc: parseDocument(new TextDecoder().decode(bytes), yamlOptions(lc)), lc };
    }
    return built;
  };
}

function parsedFile(src: SourceFile, data: unknown, document = lazyDocument(src.bytes)): ParsedFile {
  return {
    name: src.name,
    display: src.display,
    data,
    locate: (path) => {
      const { doc, lc } = document();
      return locator(doc, lc)(path);
    },
    locateKey: (path, key) => {
      const { doc, lc } = document();
      return locateKey(doc, lc, path, key);
    },
  };
}

/**
 * The full parser (`yaml`): positions for every node, aliases counted and
 * capped, custom tags refused. Used for files the fast path did not accept.
 */
function slowParse(src: SourceFile, source: string, options: Required<LoadOptions>, problems: ProblemList): ParsedFile | undefined {
  const shown = src.display;
  const lc = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(source, yamlOptions(lc));
  } catch (err) {
    problems.add(shown, { line: 1, col: 1 }, `YAML could not be parsed (${(err as Error).message.split('\n')[0]}); simplify the file`);
    return undefined;
  }
  let ok = true;
  for (const err of doc.errors) {
    ok = false;
    problems.add(shown, positionOf(lc, err.pos[0]), `YAML syntax error: ${err.message.split('\n')[0]}`);
  }
  if (!ok) return undefined;

  let aliases = 0;
  let firstAlias = 0;
  try {
    visit(doc, {
      Alias(_, node) {
        if (aliases++ === 0) firstAlias = node.range?.[0] ?? 0;
      },
      Node(_, node) {
        if ('tag' in node && node.tag && !ALLOWED_TAGS.has(node.tag) && node.range) {
          ok = false;
          problems.add(shown, positionOf(lc, node.range[0]), `custom tag '${node.tag}' is not allowed; write plain text, lists and fields only`);
        }
      },
    });
  } catch (err) {
    problems.add(shown, { line: 1, col: 1 }, `YAML is nested too deeply (${(err as Error).message.split('\n')[0]}); simplify the file`);
    return undefined;
  }
  if (aliases > options.maxAliasCount) {
    problems.add(shown, positionOf(lc, firstAlias), `too many YAML aliases (${aliases}; at most ${options.maxAliasCount}); write the text out instead of repeating *anchors`);
    return undefined;
  }
  if (!ok) return undefined;

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: options.maxAliasCount });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    problems.add(shown, positionOf(lc, firstAlias), `YAML aliases expand too far (${message}); write the text out instead`);
    return undefined;
  }
  const built = { doc, lc };
  return parsedFile(src, data, () => built);
}

/** The schema of one entry of each list file: the fast path validates entry by entry. */
const ITEM_SCHEMAS: Partial<Record<KnowledgeFile, { safeParse(v: unknown): { success: boolean; data?: unknown } }>> = {
  'talks.yaml': talkSchema,
  'speakers.yaml': speakerSchema,
  'tools.yaml': toolSchema,
  'booths.yaml': boothSchema,
  'books.yaml': bookSchema,
  'remarks.yaml': remarkSchema,
  'tips.yaml': tipSchema,
};

/**
 * Validates fast-parsed data; undefined when it does not match (the full
 * parser then reports where). Lists are checked entry by entry, pausing every
 * few milliseconds, so a reload of a large file never holds up answers.
 */
async function validateFast(name: KnowledgeFile, value: unknown): Promise<unknown> {
  const item = ITEM_SCHEMAS[name];
  if (!item || !Array.isArray(value)) {
    const result = FILE_SCHEMAS[name].safeParse(value);
    return result.success ? result.data : undefined;
  }
  const out: unknown[] = [];
  let last = performance.now();
  for (const entry of value) {
    const result = item.safeParse(entry);
    if (!result.success) return undefined;
    out.push(result.data);
    if (performance.now() - last > 8) {
      await new Promise((resolve) => setImmediate(resolve));
      last = performance.now();
    }
  }
  return out;
}

/** The one empty list every validated file shares: frozen, so nothing can add to it. */
const EMPTY: readonly never[] = Object.freeze([]);

/**
 * Replaces every empty list in validated data with {@link EMPTY}. Most link
 * lists are empty (a point that names no talk, speaker, booth or book has
 * four), and each empty array is an object of its own: at 10,000 talks that
 * is hundreds of thousands of objects and ~20 MB for nothing.
 */
function shareEmptyLists(value: unknown): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (Array.isArray(v) && v.length === 0) value[i] = EMPTY;
      else if (v !== null && typeof v === 'object') shareEmptyLists(v);
    }
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const v = record[key];
      if (Array.isArray(v) && v.length === 0) record[key] = EMPTY;
      else if (v !== null && typeof v === 'object') shareEmptyLists(v);
    }
  }
}

/**
 * Parsed data as the cache would give it back: a copy through JSON, with
 * empty lists shared. The parsers' strings are slices of the file's text, so
 * keeping any of them keeps the whole text (at 10,000 talks, ~30 MB more than
 * the same knowledge read from the cache); the copy lets the text go, and a
 * start from files and one from the cache hold exactly the same data.
 */
function detached(value: unknown): unknown {
  const copy: unknown = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  shareEmptyLists(copy);
  return copy;
}

/** What the schema gets for an empty file. */
const emptyValue = (name: KnowledgeFile) => (name === 'event.yaml' ? undefined : []);

/**
 * Reads, parses and validates one file. Returns undefined when it could not be
 * parsed; `data` is undefined when it parsed but does not match the schema.
 * A file whose exact bytes passed before is taken from `cache` (validated data,
 * keyed by the hash of the bytes), so a changed file is always parsed again.
 */
async function loadFile(
  root: string,
  path: string,
  name: KnowledgeFile,
  options: Required<LoadOptions>,
  problems: ProblemList,
  cache: KnowledgeCache | undefined,
  hashes: string[],
): Promise<{ file: ParsedFile; data: unknown } | undefined> {
  const src = await readSource(root, path, name, options, problems);
  if (!src) return undefined;
  hashes.push(`${relative(root, path)}\u0000${src.hash}`);
  const cached = await cache?.get(src.hash);
  if (cached !== undefined) {
    shareEmptyLists(cached);
    return { file: parsedFile(src, cached), data: cached };
  }
  const source = decodeSource(src, problems);
  if (source === undefined) return undefined;
  const schema = FILE_SCHEMAS[name];
  const fast = fastParse(source);
  if (fast !== NOT_PARSED) {
    const valid = await validateFast(name, fast ?? emptyValue(name));
    if (valid !== undefined) {
      const data = detached(valid);
      cache?.set(src.hash, data);
      return { file: parsedFile(src, data), data };
    }
  }
  const file = slowParse(src, source, options, problems);
  if (!file) return undefined;
  const result = schema.safeParse(file.data ?? emptyValue(name));
  if (!result.success) {
    for (const issue of result.error.issues) {
      const pos =
        issue.code === 'unrecognized_keys' && issue.keys[0] ? file.locateKey(issue.path, issue.keys[0]) : file.locate(issue.path);
      problems.add(file.display, pos, zodMessage(issue));
    }
    return { file, data: undefined };
  }
  const data = detached(result.data);
  cache?.set(src.hash, data);
  return { file, data };
}

interface Written {
  readonly kind: LinkableKind;
  readonly id: string;
  readonly data: Record<string, unknown> & { id: string };
  readonly file: ParsedFile;
  readonly index: number;
}

/** Loads and validates one event folder; returns its entities and extras. */
async function loadEvent(
  root: string,
  dir: string,
  options: Required<LoadOptions>,
  problems: ProblemList,
  cache: KnowledgeCache | undefined,
  hashes: string[],
) {
  const files = new Map<KnowledgeFile, ParsedFile>();
  const unreadable = new Set<KnowledgeFile>();
  const valid = new Map<KnowledgeFile, { file: ParsedFile; data: unknown }>();
  const known = Object.keys(FILE_SCHEMAS) as KnowledgeFile[];
  for (const entry of (await readdir(dir)).sort()) {
    if (!/\.ya?ml$/i.test(entry)) continue;
    const name = entry as KnowledgeFile;
    if (!known.includes(name)) {
      problems.add(display(join(dir, entry)), { line: 1, col: 1 }, `unknown knowledge file '${entry}'; expected one of ${known.join(', ')}`);
      continue;
    }
    const loaded = await loadFile(root, join(dir, entry), name, options, problems, cache, hashes);
    if (!loaded) {
      unreadable.add(name);
      continue;
    }
    files.set(name, loaded.file);
    if (loaded.data !== undefined) valid.set(name, { file: loaded.file, data: loaded.data });
  }
  for (const required of REQUIRED_FILES) {
    if (!files.has(required) && !problems.items.some((p) => basename(p.file) === required && p.file.startsWith(display(dir)))) {
      problems.add(display(join(dir, required)), { line: 1, col: 1 }, `${required} is missing`);
    }
  }

  const eventFile = valid.get('event.yaml');
  if (!eventFile) return undefined;
  const eventData = eventFile.data as EventData;

  // Unique ids per kind.
  const written: Written[] = [];
  const seen = new Map<string, Written>();
  for (const [name, { file, data }] of valid) {
    const kind = FILE_KIND[name];
    if (!kind) continue;
    (data as Array<Record<string, unknown> & { id: string }>).forEach((item, index) => {
      const w: Written = { kind, id: item.id, data: item, file, index };
      const k = `${kind}:${item.id}`;
      const first = seen.get(k);
      if (first) {
        const at = first.file.locate([first.index, 'id']);
        problems.add(file.display, file.locate([index, 'id']), `${kind} id '${item.id}' is already defined at ${first.file.display}:${at.line}:${at.col}`);
        return;
      }
      seen.set(k, w);
      written.push(w);
    });
  }
  // A file that did not load is reported once; links into it are not checked, so
  // one broken file does not bury the report under "not defined" lines.
  const failed = new Set<LinkableKind>();
  for (const f of [...files.keys(), ...unreadable]) {
    const kind = FILE_KIND[f];
    if (kind && !valid.has(f)) failed.add(kind);
  }
  const exists = (kind: LinkableKind, id: string) => failed.has(kind) || seen.has(`${kind}:${id}`);

  // Every link resolves.
  const checkLinks = (file: ParsedFile, path: PropertyKey[], item: Record<string, unknown>) => {
    for (const field of LINK_FIELD_NAMES) {
      const ids = item[field] as string[] | undefined;
      if (!ids || ids.length === 0) continue;
      const kind = FIELD_KIND[field];
      ids.forEach((id, j) => {
        if (!exists(kind, id)) {
          problems.add(file.display, file.locate([...path, field, j]), `${kind} '${id}' is not defined in ${KIND_FILE[kind]}`);
        }
      });
    }
  };
  const pointPath: [number, 'points', number] = [0, 'points', 0];
  for (const w of written) {
    checkLinks(w.file, [w.index], w.data);
    const points = (w.data.points as Array<Record<string, unknown>> | undefined) ?? [];
    pointPath[0] = w.index;
    for (let j = 0; j < points.length; j++) {
      pointPath[2] = j;
      checkLinks(w.file, pointPath, points[j]!);
    }
  }
  eventData.facts.forEach((f, j) => checkLinks(eventFile.file, ['facts', j], f));
  const remarks = (valid.get('remarks.yaml')?.data as RemarkData[] | undefined) ?? [];
  const remarksFile = valid.get('remarks.yaml')?.file;
  const tipsData = (valid.get('tips.yaml')?.data as Tip[] | undefined) ?? [];
  const tipsFile = valid.get('tips.yaml')?.file;
  if (remarksFile) remarks.forEach((r, i) => checkLinks(remarksFile, [i], r as unknown as Record<string, unknown>));
  if (tipsFile) {
    const tipIds = new Map<string, number>();
    tipsData.forEach((t, i) => {
      checkLinks(tipsFile, [i], t as unknown as Record<string, unknown>);
      if (tipIds.has(t.id)) problems.add(tipsFile.display, tipsFile.locate([i, 'id']), `tip id '${t.id}' is already defined`);
      tipIds.set(t.id, i);
    });
  }
  if (remarksFile) {
    const remarkIds = new Set<string>();
    remarks.forEach((r, i) => {
      if (remarkIds.has(r.id)) problems.add(remarksFile.display, remarksFile.locate([i, 'id']), `remark id '${r.id}' is already defined`);
      remarkIds.add(r.id);
    });
  }

  // Only the data goes on: the files (and the bytes kept to locate problems in them) are let go
  // now, so a large folder never holds every file's text at once.
  const entries = written.map(({ kind, id, data }) => ({ kind, id, data }));
  return { dir, eventData, written: entries, remarks, tips: tipsData };
}

type Loaded = NonNullable<Awaited<ReturnType<typeof loadEvent>>>;

/** Builds the entities of one event with links in both directions. */
function buildEvent(loaded: Loaded): { knowledge: EventKnowledge; entities: Entity[] } {
  const eventId = loaded.eventData.id;
  // Per entity, the ids it links to per kind, in the order first written; lists
  // are made only where there is a link (most entities have few).
  const links = new Map<string, Partial<Record<LinkableKind, string[]>>>();
  const remarksOf = new Map<string, RemarkData[]>();
  const k = (kind: EntityKind, id: string) => `${kind}:${id}`;
  const addLink = (fromKind: LinkableKind, fromId: string, toKind: LinkableKind, toId: string) => {
    const key = k(fromKind, fromId);
    let s = links.get(key);
    if (!s) links.set(key, (s = {}));
    const list = (s[toKind] ??= []);
    if (!list.includes(toId)) list.push(toId);
  };
  const link = (fromKind: LinkableKind, fromId: string, item: Record<string, unknown>) => {
    for (const field of LINK_FIELD_NAMES) {
      const ids = item[field] as string[] | undefined;
      if (!ids || ids.length === 0) continue;
      const toKind = FIELD_KIND[field];
      for (const toId of ids) {
        if (toKind === fromKind && toId === fromId) continue;
        addLink(fromKind, fromId, toKind, toId);
        addLink(toKind, toId, fromKind, fromId);
      }
    }
  };
  for (const w of loaded.written) {
    link(w.kind, w.id, w.data);
    for (const p of (w.data.points as Array<Record<string, unknown>> | undefined) ?? []) link(w.kind, w.id, p);
  }
  for (const r of loaded.remarks) {
    for (const field of LINK_FIELD_NAMES) {
      for (const id of r[field]) {
        const list = remarksOf.get(k(FIELD_KIND[field], id)) ?? [];
        list.push(r);
        remarksOf.set(k(FIELD_KIND[field], id), list);
      }
    }
  }
  const frozenLinks = (kind: EntityKind, id: string) => {
    const s = links.get(k(kind, id));
    return Object.freeze({
      talk: s?.talk ?? EMPTY,
      speaker: s?.speaker ?? EMPTY,
      tool: s?.tool ?? EMPTY,
      booth: s?.booth ?? EMPTY,
      book: s?.book ?? EMPTY,
    });
  };
  const eventRemarks = loaded.remarks.filter((r) => LINK_FIELD_NAMES.every((f) => r[f].length === 0));
  const ev = loaded.eventData;
  const eventEntity: Entity = Object.freeze({
    kind: 'event',
    event: eventId,
    id: eventId,
    label: ev.name,
    aliases: [...ev.aliases, ...(ev.venue ? [ev.venue.name, ...ev.venue.aliases] : []), ...(ev.city ? [ev.city] : [])],
    tags: ev.tags,
    links: frozenLinks('event', eventId),
    remarks: eventRemarks,
    data: ev,
  });
  const entities: Entity[] = [eventEntity];
  for (const w of loaded.written) {
    const d = w.data as unknown as Record<string, unknown> & { aliases: string[]; tags: string[] };
    const label = (d.title ?? d.name) as string;
    entities.push(
      Object.freeze({
        kind: w.kind,
        event: eventId,
        id: w.id,
        label,
        aliases: d.aliases,
        tags: d.tags,
        links: frozenLinks(w.kind, w.id),
        remarks: remarksOf.get(k(w.kind, w.id)) ?? EMPTY,
        data: d,
      }) as unknown as Entity,
    );
  }
  const knowledge: EventKnowledge = Object.freeze({
    id: eventId,
    dir: loaded.dir,
    event: eventEntity as Extract<Entity, { kind: 'event' }>,
    tips: loaded.tips.map((t) => Object.freeze({ ...t, event: eventId })),
    remarks: loaded.remarks,
  });
  return { knowledge, entities };
}

/**
 * Validates a knowledge folder and returns every problem found (empty when valid),
 * with the knowledge base when there were none.
 */
export async function checkKnowledge(
  dir: string,
  options: LoadOptions = {},
  cache?: KnowledgeCache,
): Promise<{ problems: Problem[]; knowledge?: KnowledgeBase }> {
  const opts = { ...DEFAULT_LOAD_OPTIONS, ...options };
  const problems = new ProblemList();
  let root: string;
  try {
    root = await realpath(dir);
    if (!(await stat(root)).isDirectory()) throw new Error('not a folder');
  } catch {
    problems.add(display(dir), { line: 1, col: 1 }, 'knowledge folder not found (set KNOWLEDGE_DIR or --knowledge)');
    return { problems: problems.items };
  }
  const loaded: Loaded[] = [];
  const hashes: string[] = [];
  // Several events are read at once (an archive of a hundred events waits on
  // the disk, not the CPU); each keeps its own problems, reported in folder order.
  const results = await inBatches(await findEventDirs(root, problems), EVENT_CONCURRENCY, async (eventDir) => {
    const own = new ProblemList();
    return { own, result: await loadEvent(root, eventDir, opts, own, cache, hashes) };
  });
  for (const { own, result } of results) {
    problems.items.push(...own.items);
    if (result) loaded.push(result);
  }
  const eventIds = new Map<string, string>();
  for (const l of loaded) {
    const other = eventIds.get(l.eventData.id);
    if (other) problems.add(display(join(l.dir, 'event.yaml')), { line: 1, col: 1 }, `event id '${l.eventData.id}' is already used by ${display(other)}`);
    eventIds.set(l.eventData.id, l.dir);
  }
  if (problems.items.length > 0) return { problems: problems.items };
  // One event at a time, letting other work (answers, during a reload) run in between.
  const built: ReturnType<typeof buildEvent>[] = [];
  const byKey = new Map<string, Entity>();
  for (const l of loaded) {
    const b = buildEvent(l);
    built.push(b);
    for (const e of b.entities) byKey.set(entityKey(e.kind, e.event, e.id), e);
    if (loaded.length > 1) await new Promise((resolve) => setImmediate(resolve));
  }
  const knowledge = new KnowledgeBase(
    built.map((b) => b.knowledge),
    built.flatMap((b) => b.entities),
    createHash('sha256').update(hashes.sort().join('\n')).digest('hex'),
    byKey,
  );
  return { problems: [], knowledge };
}

/** Loads a knowledge folder, throwing a {@link KnowledgeError} that lists every problem. */
export async function loadKnowledge(dir: string, options: LoadOptions = {}, cache?: KnowledgeCache): Promise<KnowledgeBase> {
  const { problems, knowledge } = await checkKnowledge(dir, options, cache);
  if (!knowledge) throw new KnowledgeError(problems);
  return knowledge;
}
