/**
 * The search index: BM25 with field weights over an inverted index of
 * entities and their passages (a talk's key points, the event's facts, the
 * author's remarks), plus fuse.js over the vocabulary of known words for typo
 * tolerance. Fuse only ever sees short strings (words), found through a
 * trigram pre-filter, so a query costs the same at 30 talks and at 10,000.
 *
 * The index knows nothing of platforms or replies: it returns documents with
 * scores and how much of the query each one matched.
 */
import Fuse from 'fuse.js';
import type { Entity, KnowledgeBase, RemarkData } from '../knowledge/base.js';
import { isOneSwap } from '../text/edits.js';
import { stem } from '../text/normalize.js';
import { Chunked, Growable, WordIds } from './words.js';
import type { SearchOptions } from './options.js';
import { BASE_LANGUAGE } from '../language/language.js';

/** Weight of a synonym relative to the word typed. */
const SYNONYM_WEIGHT = 0.7;

export type DocType = Entity['kind'] | 'point' | 'fact' | 'remark';

/** One searchable unit: an entity, or a passage that belongs to one. */
export interface SearchDoc {
  readonly type: DocType;
  /** The entity the document is, or the passage belongs to. */
  readonly owner: Entity;
  /** For passages: the passage's text. */
  readonly text?: string;
  /** For points: the position in the talk's points; for facts, in the event's facts. */
  readonly index?: number;
  /** For remarks. */
  readonly remark?: RemarkData;
}

export interface Match {
  readonly doc: SearchDoc;
  readonly score: number;
  /** Share of the query's weight this document matched, 0–1. */
  readonly coverage: number;
  /** How many of the query's words (itself, a synonym or a correction) this document matched. */
  readonly matchedWords: number;
  /** How many of the query's words this document matched as typed or corrected, not through a synonym. */
  readonly directWords: number;
}

export interface SearchResult {
  readonly matches: readonly Match[];
  /** Each query word as understood: itself when known, else its best correction. */
  readonly resolved: readonly string[];
  /** Query words the notes never use and that could not be corrected. */
  readonly unknown: readonly string[];
}

/** Field weights: a word in a name counts more than one in a paragraph. */
const W = Object.freeze({ name: 4, tag: 2, short: 1.5, body: 1, linked: 1, detail: 0.5 });
// The build stores twice a term's weighted frequency as a 16-bit whole number (see buildIndex).
if (Object.values(W).some((w) => !Number.isInteger(w * 2))) throw new Error('hallway/search: field weights must be multiples of 0.5');

type Field = readonly [text: string | undefined, weight: number];

function fieldsOf(kb: KnowledgeBase, e: Entity): Field[] {
  const names = (list: readonly string[]) => list.join(' ');
  const base: Field[] = [
    [e.label, W.name],
    [names(e.aliases), W.name],
    [names(e.tags), W.tag],
  ];
  switch (e.kind) {
    case 'talk': {
      const speakers = kb.linked(e, 'speaker');
      return [
        ...base,
        [e.data.summary, W.body],
        [speakers.map((s) => `${s.label} ${s.aliases.join(' ')} ${s.data.company ?? ''}`).join(' '), W.short],
        [kb.linked(e, 'tool').map((t) => t.label).join(' '), W.linked],
        // and the points' text, W.detail (added by buildIndex, which reads each point once)
      ];
    }
    case 'speaker':
      return [
        ...base,
        [e.data.company, W.short],
        [names(e.data.company_aliases), W.short],
        [e.data.bio, W.body],
        [kb.linked(e, 'talk').map((t) => t.label).join(' '), W.linked],
      ];
    case 'tool':
      return [
        ...base,
        [e.data.purpose, W.short],
        [names(e.data.problems), W.short],
        [e.data.command, W.short],
        [e.data.category, W.body],
      ];
    case 'booth':
      return [...base, [e.data.description, W.short], [kb.linked(e, 'tool').map((t) => t.label).join(' '), W.linked]];
    case 'book':
      return [...base, [names(e.data.authors), W.short], [e.data.about, W.body], [e.data.note, W.detail]];
    case 'event': {
      const d = e.data;
      return [
        ...base,
        [d.summary, W.body],
        [d.city, W.short],
        [d.format, W.body],
        [d.venue ? `${d.venue.name} ${d.venue.aliases.join(' ')}` : undefined, W.tag],
        [d.venue ? `${d.venue.location ?? ''} ${d.venue.getting_there ?? ''}` : undefined, W.body],
        [d.tickets.map((t) => `${t.name} ${t.aliases.join(' ')} ${t.details}`).join(' '), W.body],
      ];
    }
  }
}

/** A term's documents and, per document, its BM25 term weight (before idf), computed once at build time. */
interface Posting {
  readonly docs: Int32Array;
  readonly impact: Float32Array;
}

/** Document types as small integers, so the scoring loop reads a typed array instead of objects. */
const DOC_TYPES: readonly DocType[] = ['talk', 'speaker', 'tool', 'booth', 'book', 'event', 'point', 'fact', 'remark'];
const TYPE_CODE = new Map(DOC_TYPES.map((t, i) => [t, i]));

/**
 * Adds one term's postings to the accumulators. Kept apart from `search` and
 * touching only typed arrays, so that it stays optimised whatever else the
 * query does. Returns the new count of touched documents.
 */
function accumulate(
  posting: Posting,
  weight: number,
  bit: number,
  matchedWeight: number,
  typeCode: Uint8Array,
  typeBoost: Float64Array,
  scores: Float64Array,
  matched: Float64Array,
  slotSeen: Int32Array,
  touched: Int32Array,
  touchedCount: number,
): number {
  const { docs, impact } = posting;
  let nt = touchedCount;
  for (let j = 0; j < docs.length; j++) {
    const d = docs[j]!;
    if (typeBoost[typeCode[d]!] === 0) continue;
    if (scores[d] === 0) touched[nt++] = d;
    scores[d] = scores[d]! + weight * impact[j]!;
    if ((slotSeen[d]! & bit) === 0) {
      slotSeen[d] = slotSeen[d]! | bit;
      matched[d] = matched[d]! + matchedWeight;
    }
  }
  return nt;
}

/** A fixed-size min-heap of the best (score, doc) pairs, in preallocated typed arrays. */
class TopK {
  private readonly scores: Float64Array;
  private readonly docs: Int32Array;
  private size = 0;
  constructor(private readonly k: number) {
    this.scores = new Float64Array(k);
    this.docs = new Int32Array(k);
  }
  push(score: number, doc: number): void {
    if (this.size < this.k) {
      this.scores[this.size] = score;
      this.docs[this.size] = doc;
      this.up(this.size++);
    } else if (score > this.scores[0]!) {
      this.scores[0] = score;
      this.docs[0] = doc;
      this.down(0);
    }
  }
  /** Best first; ties by document order, so results are stable. */
  sorted(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let i = 0; i < this.size; i++) out.push([this.scores[i]!, this.docs[i]!]);
    return out.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  }
  private swap(i: number, j: number) {
    const s = this.scores[i]!;
    this.scores[i] = this.scores[j]!;
    this.scores[j] = s;
    const d = this.docs[i]!;
    this.docs[i] = this.docs[j]!;
    this.docs[j] = d;
  }
  private up(i: number) {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.scores[p]! <= this.scores[i]!) return;
      this.swap(i, p);
      i = p;
    }
  }
  private down(i: number) {
    const n = this.size;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.scores[l]! < this.scores[m]!) m = l;
      if (r < n && this.scores[r]! < this.scores[m]!) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}

const trigrams = (word: string): string[] => {
  const w = `^${word}$`;
  const out: string[] = [];
  for (let i = 0; i + 3 <= w.length; i++) out.push(w.slice(i, i + 3));
  return out;
};

/** Words of five to eight letters may differ from a known word by one letter only. */
const SHORT_WORD_THRESHOLD = 0.21;

/** Longest stretch of an incremental build between two pauses, in ms. */
const SLICE_MS = 8;

/** Tells a long loop when its time slice is used up. */
class Slicer {
  private start = performance.now();
  due(): boolean {
    return performance.now() - this.start > SLICE_MS;
  }
  reset(): void {
    this.start = performance.now();
  }
}

/** Term ids grouped into compressed rows: the documents of term t are `docs[offsets[t]..offsets[t+1]]`. */
function* compressRows(termCount: number, terms: Int32Array, count: number, slicer: Slicer): Generator<void, { offsets: Int32Array; order: Int32Array }> {
  const offsets = new Int32Array(termCount + 1);
  for (let i = 0; i < count; i++) {
    offsets[terms[i]! + 1]!++;
    if ((i & 0xffff) === 0 && slicer.due()) {
      yield;
      slicer.reset();
    }
  }
  for (let t = 0; t < termCount; t++) offsets[t + 1]! += offsets[t]!;
  const fill = offsets.slice(0, termCount);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    order[fill[terms[i]!]!++] = i;
    if ((i & 0xffff) === 0 && slicer.due()) {
      yield;
      slicer.reset();
    }
  }
  return { offsets, order };
}

/** Everything a {@link SearchIndex} holds, built once (synchronously, or in slices that let other work run). */
interface IndexData {
  readonly docs: readonly SearchDoc[];
  readonly typeCode: Uint8Array;
  /** Stem → term id, and back. */
  readonly termIds: ReadonlyMap<string, number>;
  readonly terms: readonly string[];
  readonly offsets: Int32Array;
  readonly postDocs: Int32Array;
  readonly impacts: Float32Array;
  /** Per term, the talks whose title or aliases contain it. */
  readonly nameOffsets: Int32Array;
  readonly nameDocs: Int32Array;
  /** Surface word (folded, unstemmed) → term id. */
  readonly wordTerm: ReadonlyMap<string, number>;
  readonly vocabulary: readonly string[];
  /** Letter trigrams of the vocabulary: the words (vocabulary positions) of `grams[k]` are `gramWords[gramOffsets[k]..gramOffsets[k+1]]`. */
  readonly grams: readonly string[];
  readonly gramOffsets: Int32Array;
  readonly gramWords: Int32Array;
  readonly vocabTrigrams: ReadonlyMap<string, Int32Array>;
  /** Vocabulary positions in alphabetical order, and the words in that order. */
  readonly sortedOrder: Int32Array;
  readonly sortedVocabulary: readonly string[];
}

/** The entity a remark is filed under: the first thing it links to, else its event. */
function remarkOwner(kb: KnowledgeBase, ev: KnowledgeBase['events'][number], r: RemarkData): Entity {
  return (
    (r.talks[0] && kb.get('talk', ev.id, r.talks[0])) ||
    (r.tools[0] && kb.get('tool', ev.id, r.tools[0])) ||
    (r.booths[0] && kb.get('booth', ev.id, r.booths[0])) ||
    (r.books[0] && kb.get('book', ev.id, r.books[0])) ||
    (r.speakers[0] && kb.get('speaker', ev.id, r.speakers[0])) ||
    ev.event
  );
}

/** The search documents of a knowledge base, in the order {@link buildIndex} numbers them. */
function* docsOf(kb: KnowledgeBase, slicer: Slicer): Generator<void, SearchDoc[]> {
  const docs: SearchDoc[] = [];
  let step = 0;
  for (const e of kb.all()) {
    if ((++step & 255) === 0 && slicer.due()) {
      yield;
      slicer.reset();
    }
    docs.push({ type: e.kind, owner: e });
    if (e.kind === 'talk') e.data.points.forEach((p, index) => docs.push({ type: 'point', owner: e, text: p.text, index }));
    if (e.kind === 'event') e.data.facts.forEach((f, index) => docs.push({ type: 'fact', owner: e, text: f.text, index }));
  }
  for (const ev of kb.events) for (const r of ev.remarks) docs.push({ type: 'remark', owner: remarkOwner(kb, ev, r), text: r.text, remark: r });
  return docs;
}

/**
 * An index in a form that can be written to disk and read back: strings as
 * lists, everything else as typed arrays. Only valid for the very knowledge
 * and options it was built from (the knowledge cache keys it by both).
 */
export interface IndexSnapshot {
  readonly docCount: number;
  readonly terms: readonly string[];
  readonly words: readonly string[];
  readonly grams: readonly string[];
  readonly arrays: {
    readonly wordIds: Int32Array;
    readonly offsets: Int32Array;
    readonly postDocs: Int32Array;
    readonly impacts: Float32Array;
    readonly nameOffsets: Int32Array;
    readonly nameDocs: Int32Array;
    readonly sortedOrder: Int32Array;
    readonly gramOffsets: Int32Array;
    readonly gramWords: Int32Array;
  };
}


/**
 * Builds the index: every document's fields are read once, straight into term
 * ids (see {@link WordIds}), and its postings appended to chunked typed
 * arrays; nothing per document is kept but its length, so the build's peak
 * memory is the knowledge plus the finished index and one copy of the postings.
 */
function* buildIndex(kb: KnowledgeBase, options: SearchOptions): Generator<void, IndexData> {
  const slicer = new Slicer();
  const docs: SearchDoc[] = [];

  // Surface word → term id (-1 for stop words), so each distinct word is checked and stemmed once.
  const wordTerm = new Map<string, number>();
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  const termOf = (word: string): number => {
    let id = wordTerm.get(word);
    if (id === undefined) {
      if (BASE_LANGUAGE.isStopWord(word)) id = -1;
      else {
        const s = stem(word);
        id = termIds.get(s);
        if (id === undefined) {
          termIds.set(s, (id = terms.length));
          terms.push(s);
        }
      }
      wordTerm.set(word, id);
    }
    return id;
  };
  const words = new WordIds(termOf);
  const ints = (k: number) => new Int32Array(k);

  // Per document, its distinct terms and their weighted frequencies; documents follow each other.
  const postTerm = new Chunked(ints);
  // Field weights are multiples of 0.5, so twice a frequency is a small whole number.
  const postTf = new Chunked((k) => new Uint16Array(k));
  const docEnds = new Growable(ints(1 << 12), ints);
  const lengths: number[] = [];
  const nameTerm = new Growable(ints(1 << 12), ints);
  const nameDoc = new Growable(ints(1 << 12), ints);
  let tf = new Float32Array(1 << 16);
  const seen: number[] = [];
  let length = 0;
  let total = 0;

  const addIds = (ids: Int32Array, from: number, to: number, weight: number) => {
    if (terms.length > tf.length) {
      const next = new Float32Array(Math.max(tf.length * 2, terms.length));
      next.set(tf);
      tf = next;
    }
    for (let i = from; i < to; i++) {
      const id = ids[i]!;
      if (tf[id] === 0) seen.push(id);
      tf[id]! += weight;
      length += weight;
    }
  };
  const tokens = new Growable(ints(1 << 12), ints);
  const addText = (text: string | undefined, weight: number) => {
    if (!text) return;
    tokens.length = 0;
    words.add(text, tokens);
    addIds(tokens.data, 0, tokens.length, weight);
  };
  const endDoc = (doc: SearchDoc) => {
    docs.push(doc);
    for (const id of seen) {
      postTerm.push(id);
      postTf.push(Math.min(0xffff, tf[id]! * 2));
      tf[id] = 0;
    }
    seen.length = 0;
    docEnds.push(postTerm.length);
    lengths.push(length);
    total += length;
    length = 0;
  };
  /** A talk's own title and aliases, for "the talk named by the query". */
  const nameTalk = (e: Entity) => {
    const d = docs.length;
    tokens.length = 0;
    words.add(e.label, tokens);
    words.add(e.aliases.join(' '), tokens);
    const ids = new Set(tokens.data.subarray(0, tokens.length));
    for (const id of ids) {
      nameTerm.push(id);
      nameDoc.push(d);
    }
  };

  // A talk's points are read once, for the talk and for each point itself.
  const pointIds = new Growable(ints(1 << 12), ints);
  const pointEnds: number[] = [];
  const labelIds = new Growable(ints(64), ints);
  const tagIds = new Growable(ints(64), ints);
  let step = 0;
  for (const e of kb.all()) {
    if ((++step & 15) === 0 && slicer.due()) {
      yield;
      slicer.reset();
    }
    for (const [text, weight] of fieldsOf(kb, e)) addText(text, weight);
    if (e.kind !== 'talk') {
      endDoc({ type: e.kind, owner: e });
      if (e.kind === 'event') {
        e.data.facts.forEach((f, index) => {
          addText(f.text, W.body);
          addText(f.tags.join(' '), W.tag);
          addText(e.label, W.detail);
          endDoc({ type: 'fact', owner: e, text: f.text, index });
        });
      }
      continue;
    }
    pointIds.length = 0;
    pointEnds.length = 0;
    for (const p of e.data.points) {
      words.add(p.text, pointIds);
      pointEnds.push(pointIds.length);
    }
    addIds(pointIds.data, 0, pointIds.length, W.detail);
    nameTalk(e);
    endDoc({ type: e.kind, owner: e });
    labelIds.length = 0;
    words.add(e.label, labelIds);
    tagIds.length = 0;
    words.add(e.tags.join(' '), tagIds);
    e.data.points.forEach((p, index) => {
      addIds(pointIds.data, index === 0 ? 0 : pointEnds[index - 1]!, pointEnds[index]!, W.body);
      addText(p.tags.join(' '), W.tag);
      const tools = p.tools.flatMap((id) => {
        const t = kb.get('tool', e.event, id);
        return t ? [`${t.label} ${t.aliases.join(' ')}`] : [];
      });
      addText(tools.join(' '), W.short);
      addIds(labelIds.data, 0, labelIds.length, W.detail);
      addIds(tagIds.data, 0, tagIds.length, W.detail);
      endDoc({ type: 'point', owner: e, text: p.text, index });
    });
  }
  for (const ev of kb.events) {
    for (const r of ev.remarks) {
      addText(r.text, W.body);
      addText(r.tags.join(' '), W.tag);
      endDoc({ type: 'remark', owner: remarkOwner(kb, ev, r), text: r.text, remark: r });
    }
  }
  const n = docs.length;
  const typeCode = Uint8Array.from(docs, (d) => TYPE_CODE.get(d.type)!);
  yield;
  slicer.reset();

  // Postings grouped by term (documents in order within each), with BM25's
  // term weight: it depends only on the term's frequency and the document's
  // length, so it is computed here once instead of for every query.
  const termCount = terms.length;
  const count = postTerm.length;
  const offsets = new Int32Array(termCount + 1);
  for (let i = 0; i < count; i++) offsets[postTerm.at(i) + 1]!++;
  for (let t = 0; t < termCount; t++) offsets[t + 1]! += offsets[t]!;
  const fill = offsets.slice(0, termCount);
  const postDocs = new Int32Array(count);
  const impacts = new Float32Array(count);
  const avgLength = total / Math.max(1, n);
  const { k1, b } = options;
  let i = 0;
  for (let d = 0; d < n; d++) {
    const norm = k1 * (1 - b + (b * lengths[d]!) / avgLength);
    for (const end = docEnds.data[d]!; i < end; i++) {
      const p = fill[postTerm.at(i)]!++;
      const f = postTf.at(i) / 2;
      postDocs[p] = d;
      impacts[p] = (f * (k1 + 1)) / (f + norm);
    }
    if ((d & 1023) === 0 && slicer.due()) {
      yield;
      slicer.reset();
    }
  }
  postTerm.clear();
  postTf.clear();
  const names = yield* compressRows(termCount, nameTerm.data, nameTerm.length, slicer);
  const nameDocs = Int32Array.from(names.order, (j) => nameDoc.data[j]!);
  yield;
  slicer.reset();

  // Letter trigrams of the known words, for typo correction.
  const vocabulary: string[] = [];
  const gramLists = new Map<string, number[]>();
  let w = 0;
  for (const [word, id] of wordTerm) {
    if ((++w & 255) === 0 && slicer.due()) {
      yield;
      slicer.reset();
    }
    if (id < 0 || word.length < 3 || /^\d+$/.test(word)) continue;
    const v = vocabulary.push(word) - 1;
    for (const g of trigrams(word)) {
      let list = gramLists.get(g);
      if (!list) gramLists.set(g, (list = []));
      if (list[list.length - 1] !== v) list.push(v);
    }
  }
  const grams = [...gramLists.keys()];
  const gramOffsets = new Int32Array(grams.length + 1);
  grams.forEach((g, k) => (gramOffsets[k + 1] = gramOffsets[k]! + gramLists.get(g)!.length));
  const gramWords = new Int32Array(gramOffsets[grams.length]!);
  grams.forEach((g, k) => gramWords.set(gramLists.get(g)!, gramOffsets[k]!));
  yield;
  const sortedOrder = Int32Array.from(vocabulary.keys()).sort((x, y) => (vocabulary[x]! < vocabulary[y]! ? -1 : vocabulary[x]! > vocabulary[y]! ? 1 : 0));
  return {
    docs,
    typeCode,
    termIds,
    terms,
    offsets,
    postDocs,
    impacts,
    nameOffsets: names.offsets,
    nameDocs,
    wordTerm,
    vocabulary,
    ...trigramIndex(grams, gramOffsets, gramWords),
    sortedOrder,
    sortedVocabulary: Array.from(sortedOrder, (k) => vocabulary[k]!),
  };
}

/** The trigram lists of the vocabulary, as one array and a map of views into it. */
function trigramIndex(grams: readonly string[], gramOffsets: Int32Array, gramWords: Int32Array) {
  const vocabTrigrams = new Map<string, Int32Array>();
  grams.forEach((g, k) => vocabTrigrams.set(g, gramWords.subarray(gramOffsets[k]!, gramOffsets[k + 1]!)));
  return { grams, gramOffsets, gramWords, vocabTrigrams };
}

/** Most trigram candidates a typo correction reads: its cost is bounded whatever the vocabulary. */
const MAX_TRIGRAM_READS = 4000;
/** Most words of one query corrected (typos or other forms); further unknown words stay unknown. */
const MAX_CORRECTIONS = 8;
/** First letters that sound alike, so that a typo may change one into the other ("klickhouse", "centry"). */
const SOUNDS_ALIKE = new Set(['ck', 'kc', 'cs', 'sc', 'sz', 'zs']);
/**
 * How much a talk whose title holds all of the query's words is raised over
 * documents that only mention them (x3 at 2). At 10,000 talks the body text of
 * another talk, a key point or a tool's purpose often mentions the same words
 * as often as the talk named by them; the name is what was asked for.
 */
const NAME_BOOST = 2;
/**
 * Among talks named by the query, how much more one whose name is mostly the
 * query's words counts (x1.5 when every word of the title was asked for):
 * "kafka streams" is the talk titled "Kafka Streams" before "Kafka Streams,
 * Flink and Spark at Scale". Title length counts for little in a score that
 * is mostly the talk's body, so it is weighed here.
 */
const TITLE_SHARE = 0.5;

/** The data of an index read back from a snapshot (see {@link SearchIndex.fromSnapshot}); undefined when it cannot belong to `kb`. */
function* restoreIndex(kb: KnowledgeBase, snap: IndexSnapshot): Generator<void, IndexData | undefined> {
  const slicer = new Slicer();
  const due = (i: number) => (i & 1023) === 0 && slicer.due();
  const docs = yield* docsOf(kb, slicer);
  const a = snap.arrays;
  if (
    docs.length !== snap.docCount ||
    a.offsets.length !== snap.terms.length + 1 ||
    a.wordIds.length !== snap.words.length ||
    a.gramOffsets.length !== snap.grams.length + 1
  ) {
    return undefined;
  }
  const wordTerm = new Map<string, number>();
  for (let i = 0; i < snap.words.length; i++) {
    wordTerm.set(snap.words[i]!, a.wordIds[i]!);
    if (due(i)) {
      yield;
      slicer.reset();
    }
  }
  const termIds = new Map<string, number>();
  for (let i = 0; i < snap.terms.length; i++) {
    termIds.set(snap.terms[i]!, i);
    if (due(i)) {
      yield;
      slicer.reset();
    }
  }
  const vocabulary: string[] = [];
  for (const [word, id] of wordTerm) if (id >= 0 && word.length >= 3 && !/^\d+$/.test(word)) vocabulary.push(word);
  if (a.sortedOrder.length !== vocabulary.length) return undefined;
  yield;
  slicer.reset();
  const trigrams = trigramIndex(snap.grams, a.gramOffsets, a.gramWords);
  const sortedVocabulary = Array.from(a.sortedOrder, (i) => vocabulary[i]!);
  yield;
  slicer.reset();
  const typeCode = new Uint8Array(docs.length);
  for (let i = 0; i < docs.length; i++) {
    typeCode[i] = TYPE_CODE.get(docs[i]!.type)!;
    if (due(i)) {
      yield;
      slicer.reset();
    }
  }
  return {
    docs,
    typeCode,
    termIds,
    terms: snap.terms,
    offsets: a.offsets,
    postDocs: a.postDocs,
    impacts: a.impacts,
    nameOffsets: a.nameOffsets,
    nameDocs: a.nameDocs,
    wordTerm,
    vocabulary,
    ...trigrams,
    sortedOrder: a.sortedOrder,
    sortedVocabulary,
  };
}

export class SearchIndex {
  readonly docs: readonly SearchDoc[];
  private readonly data: IndexData;
  private readonly typeCode: Uint8Array;
  /**
   * Scratch space for one query, allocated once: `search` is synchronous and
   * resets every entry it touched before returning.
   */
  private readonly scratch: {
    readonly scores: Float64Array;
    readonly matched: Float64Array;
    readonly named: Float64Array;
    readonly nameSeen: Int32Array;
    readonly slotSeen: Int32Array;
    readonly touched: Int32Array;
    readonly gramCounts: Uint8Array;
  };
  private readonly vocabulary: readonly string[];
  private readonly options: SearchOptions;
  private readonly maxIdf: number;
  /** Per document, how many distinct terms its own name (a talk's title and aliases) has; 0 for others. */
  private readonly nameTerms: Uint16Array;

  /** Builds the index at once; see {@link SearchIndex.build} for a build that lets other work run. */
  constructor(kb: KnowledgeBase, options: SearchOptions, data?: IndexData) {
    if (!data) {
      const steps = buildIndex(kb, options);
      let r = steps.next();
      while (!r.done) r = steps.next();
      data = r.value;
    }
    this.options = options;
    this.data = data;
    this.docs = data.docs;
    this.typeCode = data.typeCode;
    this.vocabulary = data.vocabulary;
    const n = data.docs.length;
    this.scratch = {
      scores: new Float64Array(n),
      matched: new Float64Array(n),
      named: new Float64Array(n),
      nameSeen: new Int32Array(n),
      slotSeen: new Int32Array(n),
      touched: new Int32Array(n),
      gramCounts: new Uint8Array(data.vocabulary.length),
    };
    this.maxIdf = this.idf(0);
    this.nameTerms = new Uint16Array(n);
    for (const d of data.nameDocs) if (this.nameTerms[d]! < 0xffff) this.nameTerms[d]!++;
  }

  /**
   * Builds an index in slices of a few milliseconds, awaiting `pause` between
   * them (by default the next turn of the event loop), so answers keep
   * flowing while a reload builds the next index.
   */
  static async build(
    kb: KnowledgeBase,
    options: SearchOptions,
    pause: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
  ): Promise<SearchIndex> {
    const steps = buildIndex(kb, options);
    let r = steps.next();
    while (!r.done) {
      await pause();
      r = steps.next();
    }
    return new SearchIndex(kb, options, r.value);
  }

  /** The index as lists and typed arrays, to be written to disk (see src/knowledge/snapshot.ts). */
  snapshot(): IndexSnapshot {
    const d = this.data;
    return {
      docCount: d.docs.length,
      terms: d.terms,
      words: [...d.wordTerm.keys()],
      grams: d.grams,
      arrays: {
        wordIds: Int32Array.from(d.wordTerm.values()),
        offsets: d.offsets,
        postDocs: d.postDocs,
        impacts: d.impacts,
        nameOffsets: d.nameOffsets,
        nameDocs: d.nameDocs,
        sortedOrder: d.sortedOrder,
        gramOffsets: d.gramOffsets,
        gramWords: d.gramWords,
      },
    };
  }

  /** An index read back from {@link snapshot}; undefined when it cannot belong to `kb`. */
  static fromSnapshot(kb: KnowledgeBase, options: SearchOptions, snap: IndexSnapshot): SearchIndex | undefined {
    const steps = restoreIndex(kb, snap);
    let r = steps.next();
    while (!r.done) r = steps.next();
    return r.value && new SearchIndex(kb, options, r.value);
  }

  /**
   * {@link fromSnapshot} in slices of a few milliseconds, awaiting `pause`
   * between them, for a reload that received the index from a worker thread.
   */
  static async restore(
    kb: KnowledgeBase,
    options: SearchOptions,
    snap: IndexSnapshot,
    pause: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
  ): Promise<SearchIndex | undefined> {
    const steps = restoreIndex(kb, snap);
    let r = steps.next();
    while (!r.done) {
      await pause();
      r = steps.next();
    }
    return r.value && new SearchIndex(kb, options, r.value);
  }

  /** A term's documents and, per document, its BM25 term weight (before idf). */
  private postingOf(term: string): Posting | undefined {
    const id = this.data.termIds.get(term);
    if (id === undefined) return undefined;
    const { offsets, postDocs, impacts } = this.data;
    return { docs: postDocs.subarray(offsets[id]!, offsets[id + 1]!), impact: impacts.subarray(offsets[id]!, offsets[id + 1]!) };
  }

  private stemOf(word: string): string {
    const id = this.data.wordTerm.get(word);
    return id === undefined || id < 0 ? stem(word) : this.data.terms[id]!;
  }

  /** True when some document uses the word (or another word with its stem). */
  uses(word: string): boolean {
    return this.postingOf(this.stemOf(word)) !== undefined;
  }

  /** In how many documents a (folded) word occurs, not counting the events' own documents (the event and its facts). */
  documentFrequency(word: string): number {
    const docs = this.postingOf(this.stemOf(word))?.docs ?? [];
    let n = 0;
    for (const d of docs) if (this.docs[d]!.owner.kind !== 'event') n++;
    return n;
  }

  /** BM25 inverse document frequency for a term found in `df` documents. */
  private idf(df: number): number {
    const n = this.docs.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Known words close to a misspelt one, best first, with their similarity (0–1]. */
  correct(word: string, limit = 2): Array<{ word: string; similarity: number }> {
    if (word.length < this.options.minTypoLength) return [];
    // A short word shares no letter group with itself swapped ("mlil", "dmup"):
    // try its swaps directly, then its letters doubled.
    if (word.length <= 5) {
      for (let i = 0; i < word.length - 1; i++) {
        const swap = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
        if (swap !== word && swap[0] === word[0] && this.postingOf(this.stemOf(swap))) return [{ word: swap, similarity: 1 - 1 / (2 * word.length) }];
      }
      // A doubled letter typed once ("lama" for llama) is as common.
      for (let i = 0; i < word.length; i++) {
        const doubled = word.slice(0, i + 1) + word.slice(i);
        if (this.postingOf(this.stemOf(doubled))) return [{ word: doubled, similarity: 1 - 1 / (2 * word.length) }];
      }
    }
    // Candidates share letter groups with the word. The rarest groups are read
    // first and reading stops after MAX_TRIGRAM_READS entries, so a word made
    // of very common groups costs the same as any other.
    const lists = [...new Set(trigrams(word))]
      .map((g) => this.data.vocabTrigrams.get(g))
      .filter((l): l is Int32Array => l !== undefined)
      .sort((a, b) => a.length - b.length);
    const counts = this.scratch.gramCounts;
    const seen: number[] = [];
    const maxDiff = word.length <= 5 ? 1 : 2;
    let reads = 0;
    let used = 0;
    for (const list of lists) {
      if (reads >= MAX_TRIGRAM_READS) break;
      used++;
      const end = Math.min(list.length, MAX_TRIGRAM_READS - reads);
      reads += end;
      for (let j = 0; j < end; j++) {
        const i = list[j]!;
        if (counts[i] === 0) {
          if (Math.abs(this.vocabulary[i]!.length - word.length) > maxDiff) continue;
          seen.push(i);
        }
        if (counts[i]! < 255) counts[i]!++;
      }
    }
    const needed = Math.max(1, Math.floor(used / 4));
    // A typo seldom changes a word's first letter; a correction that does
    // ("recipe" → "precise", "undefined" → "defined") is another word.
    const sameStart = (w: string) => w[0] === word[0] || (w[0] === word[1] && w[1] === word[0]) || SOUNDS_ALIKE.has(`${w[0]}${word[0]}`);
    const candidates = seen
      .filter((i) => counts[i]! >= needed && sameStart(this.vocabulary[i]!))
      .sort((a, b) => counts[b]! - counts[a]! || a - b)
      .slice(0, 40)
      .map((i) => this.vocabulary[i]!);
    for (const i of seen) counts[i] = 0;
    if (candidates.length === 0) return [];
    // Short words tolerate less: one changed letter turns "love" into "move".
    const threshold =
      word.length <= 4 ? 0 : word.length <= 8 ? Math.min(SHORT_WORD_THRESHOLD, this.options.typoThreshold) : this.options.typoThreshold;
    const fuse = new Fuse(candidates, {
      includeScore: true,
      threshold,
      ignoreLocation: true,
      isCaseSensitive: true,
      minMatchCharLength: Math.min(3, word.length),
    });
    // Two neighbouring letters swapped is the commonest typo ("hotle" is
    // "hotel", not "hole"); Fuse counts it as two errors, so it comes first.
    const swapped = candidates.find((c) => isOneSwap(word, c));
    const found = (threshold > 0 ? fuse.search(word, { limit }) : [])
      .map((r) => ({ word: r.item, similarity: 1 - (r.score ?? 1) }))
      .filter((r) => r.similarity > 0 && r.word !== swapped);
    return swapped ? [{ word: swapped, similarity: 1 - 1 / (2 * word.length) }, ...found].slice(0, limit) : found;
  }

  /** Words of the vocabulary that start with `prefix`, shortest first (binary search over the sorted vocabulary). */
  completions(prefix: string, limit = 8): string[] {
    const sorted = this.data.sortedVocabulary;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix) && out.length < limit * 4; i++) {
      if (sorted[i] !== prefix) out.push(sorted[i]!);
    }
    return out.sort((a, b) => a.length - b.length || (a < b ? -1 : 1)).slice(0, limit);
  }

  /**
   * Scores every document for the query's content words. `accept` filters
   * document types; `boost` weights them (intent).
   */
  search(
    words: readonly string[],
    boost: (type: DocType) => number = () => 1,
    opts: {
      prefixLast?: boolean;
      /** Other words for a query word; default: the English lexicon's synonyms. */
      synonyms?: (word: string) => readonly string[];
      /**
       * True for a word the language knows as a word of its own (a lexicon
       * word): never read as a typo of another ("parking" is not "packing").
       * Default: a word with synonyms.
       */
      isVocabulary?: (word: string) => boolean;
    } = {},
  ): SearchResult {
    const synonymsOf = opts.synonyms ?? ((w: string) => BASE_LANGUAGE.synonymsOf(w));
    const isVocabulary = opts.isVocabulary ?? ((w: string) => synonymsOf(w).length > 0);
    type QTerm = { word: string; term: string; weight: number; corrected: boolean; synonym?: true; idf: number; slot: number };
    const qterms: QTerm[] = [];
    let queryWeight = 0;
    const unknown: string[] = [];
    let corrections = 0;
    const resolved = [...words];
    words.forEach((word, slot) => {
      const term = stem(word);
      const posting = this.postingOf(term);
      const synonyms = (): void => {
        for (const other of synonymsOf(word)) {
          const t = this.stemOf(other);
          const p = this.postingOf(t);
          if (!p || qterms.some((q) => q.term === t && q.slot === slot)) continue;
          qterms.push({ word: other, term: t, weight: SYNONYM_WEIGHT, corrected: true, synonym: true, idf: this.idf(p.docs.length), slot });
        }
      };
      if (posting) {
        const idf = this.idf(posting.docs.length);
        qterms.push({ word, term, weight: 1, corrected: false, idf, slot });
        queryWeight += idf;
        synonyms();
        return;
      }
      const before = qterms.length;
      synonyms();
      if (qterms.length > before) {
        // A word the notes never use, but whose synonym they do: weigh it like that synonym.
        queryWeight += Math.min(...qterms.slice(before).map((q) => q.idf));
        return;
      }
      const isLast = slot === words.length - 1;
      const expansions =
        opts.prefixLast && isLast && word.length >= 2
          ? this.completions(word, 6).map((w) => ({ word: w, similarity: 0.9 }))
          : [];
      // Another form of the same word ("reduce" → "reduction"), else a typo correction.
      const root = stem(word);
      const forms = root.length >= 4 ? this.completions(root, 3).map((w) => ({ word: w, similarity: 0.9 })) : [];
      const fixes =
        expansions.length > 0 ? expansions : forms.length > 0 ? forms : !isVocabulary(word) && corrections++ < MAX_CORRECTIONS ? this.correct(word) : [];
      let first = 0;
      for (const fix of fixes) {
        const t = this.stemOf(fix.word);
        const p = this.postingOf(t);
        if (!p || qterms.some((q) => q.term === t && q.slot === slot)) continue;
        const idf = this.idf(p.docs.length);
        if (first === 0) {
          first = idf;
          resolved[slot] = fix.word;
        }
        qterms.push({ word: fix.word, term: t, weight: this.options.typoWeight * fix.similarity, corrected: true, idf, slot });
      }
      if (first > 0) queryWeight += first;
      else unknown.push(word);
    });
    // A word the notes never use (a filler, a typo nobody can correct) weighs a
    // share of the rarest word of the query they do use, so that it lowers a
    // match without sinking it; when they use none of the words it weighs the
    // most a word can, and nothing matches.
    const rarestKnown = Math.max(0, ...qterms.map((q) => q.idf));
    queryWeight += unknown.length * (rarestKnown > 0 ? this.options.unknownWordWeight * rarestKnown : this.maxIdf);

    const typeBoost = Float64Array.from(DOC_TYPES, (t) => boost(t));
    const { scores, matched, named, nameSeen, slotSeen, touched } = this.scratch;
    const { nameOffsets, nameDocs, termIds } = this.data;
    let count = 0;
    for (const q of qterms) {
      const matchedWeight = q.idf * Math.min(1, q.weight / this.options.typoWeight);
      count = accumulate(this.postingOf(q.term)!, q.idf * q.weight, 1 << q.slot, matchedWeight, this.typeCode, typeBoost, scores, matched, slotSeen, touched, count);
      // Which entities carry the word in their own name or aliases.
      const id = termIds.get(q.term)!;
      const bit = 1 << q.slot;
      for (let j = nameOffsets[id]!; j < nameOffsets[id + 1]!; j++) {
        const d = nameDocs[j]!;
        if ((nameSeen[d]! & bit) !== 0 || typeBoost[this.typeCode[d]!] === 0) continue;
        nameSeen[d] = nameSeen[d]! | bit;
        named[d] = named[d]! + matchedWeight;
      }
    }
    const top = new TopK(this.options.maxCandidates);
    const coverageOf = (d: number) => (queryWeight > 0 ? Math.min(1, matched[d]! / queryWeight) : 0);
    for (let i = 0; i < count; i++) {
      const d = touched[i]!;
      const coverage = coverageOf(d);
      // Coverage squared rewards documents that match the whole question; a
      // talk named by the query's words outranks those that only mention them,
      // the more so the more of its name the query is.
      const inName = queryWeight > 0 ? Math.min(1, named[d]! / queryWeight) : 0;
      const share = inName > 0 ? Math.min(1, bitCount(nameSeen[d]!) / this.nameTerms[d]!) : 0;
      const score =
        scores[d]! * typeBoost[this.typeCode[d]!]! * (0.25 + coverage * coverage) * (1 + NAME_BOOST * inName * inName) * (1 + TITLE_SHARE * inName * inName * share);
      if (score > 0) top.push(score, d);
    }
    const direct = qterms.filter((q) => !q.synonym);
    const directWords = (d: number) => {
      let slots = 0;
      for (const q of direct) if (hasDoc(this.postingOf(q.term)!.docs, d)) slots |= 1 << q.slot;
      return bitCount(slots);
    };
    const matches = top.sorted().map(([score, d]) => ({
      doc: this.docs[d]!,
      score,
      coverage: coverageOf(d),
      matchedWords: bitCount(slotSeen[d]!),
      directWords: directWords(d),
    }));
    for (let i = 0; i < count; i++) {
      const d = touched[i]!;
      scores[d] = 0;
      matched[d] = 0;
      slotSeen[d] = 0;
      named[d] = 0;
      nameSeen[d] = 0;
    }
    return { matches, resolved, unknown };
  }
}

/** True when the sorted `docs` holds `d` (binary search). */
function hasDoc(docs: Int32Array, d: number): boolean {
  let lo = 0;
  let hi = docs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (docs[mid]! < d) lo = mid + 1;
    else hi = mid;
  }
  return lo < docs.length && docs[lo] === d;
}

/** The number of set bits of a 32-bit integer. */
function bitCount(n: number): number {
  let v = n - ((n >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
