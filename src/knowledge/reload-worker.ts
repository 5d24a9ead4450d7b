/**
 * The reload worker (a `node:worker_threads` Worker started by
 * src/knowledge/reload.ts for each reload): reads, parses and validates the
 * whole knowledge folder and builds its search index off the main thread, so
 * answers keep flowing while a large knowledge base reloads.
 *
 * It sends the main thread, one message at a time (the next only after the
 * previous one is acknowledged, so the main thread never has to deserialise a
 * pile of messages in one go):
 * - `file`: the validated content of each file the main thread does not hold
 *   yet (keyed by the hash of its bytes, as the knowledge cache is), so that
 *   the main thread's own load then finds every file in its cache. It travels
 *   as JSON text, as in the snapshot folder: V8 allocates what `JSON.parse`
 *   builds from a large text straight in the old generation, so the main
 *   thread's young-generation collections do not have to copy it (with
 *   structured clone they did, in pauses of 50–100 ms at 10,000 talks);
 * - `done`: every problem found, or the knowledge's digest and its search
 *   index as typed arrays (transferred, not copied).
 * After `done` it writes new cache entries to the snapshot folder and exits.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { checkKnowledge, type LoadOptions, type Problem } from './load.js';
import { cachedIndex, KnowledgeSnapshot, type CacheOptions } from './snapshot.js';
import type { IndexSnapshot } from '../search/index.js';
import type { SearchOptions } from '../search/options.js';

/** What the main thread gives the worker (as `workerData`). */
export interface ReloadWorkerInput {
  readonly dir: string;
  readonly load: LoadOptions;
  readonly cache: Omit<CacheOptions, 'onWarning'>;
  readonly search: SearchOptions;
  /** Hashes of the files whose validated content the main thread already holds: not sent again. */
  readonly known: readonly string[];
}

/** What the worker sends; the main thread answers every message with `'ack'`. */
export type ReloadWorkerMessage =
  | { readonly type: 'file'; readonly hash: string; readonly json: string }
  | { readonly type: 'warning'; readonly message: string }
  | {
      readonly type: 'done';
      readonly problems: readonly Problem[];
      /** Files parsed and validated here, and files taken from the snapshot folder. */
      readonly parsed: number;
      readonly cached: number;
      readonly digest?: string;
      readonly index?: IndexSnapshot;
    }
  | { readonly type: 'failed'; readonly message: string };

/** The nice value of the worker thread (19 is the lowest priority). */
const BACKGROUND_PRIORITY = 19;

const port = parentPort;
if (!port) throw new Error('hallway/knowledge: reload-worker.js runs only as a worker thread');

/**
 * This thread is background work: on Linux it lowers its own priority (a
 * thread's id is the last part of /proc/thread-self), so that on a small
 * machine the thread that answers, and its garbage collector, get the CPU
 * first. Elsewhere, or if not allowed, it runs at normal priority.
 */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, BACKGROUND_PRIORITY);
  } catch {
    // not Linux, or not permitted: normal priority
  }
}
lowerPriority();

const input = workerData as ReloadWorkerInput;
const known = new Set(input.known);
const outbox: Array<{ message: ReloadWorkerMessage; transfer: ArrayBuffer[] }> = [];
let waiting = false;
let drained: (() => void) | undefined;

function flush(): void {
  if (waiting) return;
  const next = outbox.shift();
  if (!next) {
    drained?.();
    return;
  }
  waiting = true;
  port!.postMessage(next.message, next.transfer);
}

port.on('message', (m) => {
  if (m !== 'ack') return;
  waiting = false;
  flush();
  while (resumes.length > 0 && outbox.length < MAX_QUEUED) resumes.shift()!();
});

function send(message: ReloadWorkerMessage, transfer: ArrayBuffer[] = []): void {
  outbox.push({ message, transfer });
  flush();
}

/** Resolves once every message was sent and acknowledged. */
function allSent(): Promise<void> {
  return new Promise((resolve) => {
    drained = resolve;
    if (!waiting && outbox.length === 0) resolve();
  });
}

/** Most files waiting to be sent before reading more: bounds the memory held by texts the main thread has not taken yet. */
const MAX_QUEUED = 4;
const resumes: Array<() => void> = [];

/** Waits while the main thread is behind (it acknowledges each file once it has it). */
function roomInOutbox(): Promise<void> {
  if (outbox.length < MAX_QUEUED) return Promise.resolve();
  return new Promise((resolve) => resumes.push(resolve));
}

const snapshot = new KnowledgeSnapshot({ ...input.cache, onWarning: (message) => send({ type: 'warning', message }) });
const sent = new Set<string>();
/** The worker's cache: the snapshot folder, and every validated file passed on to the main thread. */
const cache = {
  async get(hash: string): Promise<unknown> {
    await roomInOutbox();
    const data = await snapshot.get(hash);
    if (data !== undefined && !known.has(hash) && !sent.has(hash)) {
      sent.add(hash);
      send({ type: 'file', hash, json: JSON.stringify(data) });
    }
    return data;
  },
  set(hash: string, data: unknown): void {
    snapshot.set(hash, data);
    if (!known.has(hash) && !sent.has(hash)) {
      sent.add(hash);
      send({ type: 'file', hash, json: JSON.stringify(data) });
    }
  },
};

try {
  const { problems, knowledge } = await checkKnowledge(input.dir, input.load, cache);
  const parsed = snapshot.misses;
  const cached = snapshot.hits;
  if (!knowledge) {
    send({ type: 'done', problems, parsed, cached });
  } else {
    // Built at once (this thread answers nobody) and saved to the snapshot folder before its arrays are transferred.
    const index = (await cachedIndex(knowledge, input.search, snapshot)).snapshot();
    const buffers = [...new Set(Object.values(index.arrays).map((a) => a.buffer as ArrayBuffer))];
    send({ type: 'done', problems: [], parsed, cached, ...(knowledge.digest ? { digest: knowledge.digest } : {}), index }, buffers);
  }
  await allSent();
  await snapshot.save();
} catch (err) {
  send({ type: 'failed', message: (err as Error).message });
  await allSent();
}
port.close();
