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
import { stem, tokenize } from '../text/normalize.js';
import type { SearchOptions } from './options.js';
import { BASE_LANGUAGE, type Language } from '../language/language.js';

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
        [e.data.points.map((p) => p.text).join(' '), W.detail],
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
  readonly impact: Float64Array;
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

/** A text's words, plus hyphenated compounds joined ("re-watch" also as "rewatch"). */
function indexWords(text: string): string[] {
  const words = tokenize(text);
  if (!text.includes('-')) return words;
  for (const compound of text.match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu) ?? []) {
    words.push(tokenize(compound).join(''));
  }
  return words;
}

/** Words of five to eight letters may differ from a known word by one letter only. */
const SHORT_WORD_THRESHOLD = 0.21;

/** True when `b` is `a` with two neighbouring letters swapped. */
function isOneSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

export class SearchIndex {
  readonly docs: readonly SearchDoc[];
  private readonly postings = new Map<string, Posting>();
  private readonly typeCode: Uint8Array;
  /**
   * Scratch space for one query, allocated once: `search` is synchronous and
   * resets every entry it touched before returning.
   */
  private readonly scratch: {
    readonly scores: Float64Array;
    readonly matched: Float64Array;
    readonly slotSeen: Int32Array;
    readonly touched: Int32Array;
  };
  /** Surface words (folded, unstemmed) → their stem, for typo correction. */
  private readonly vocabulary: string[] = [];
  private readonly vocabStem = new Map<string, string>();
  private readonly vocabTrigrams = new Map<string, number[]>();
  private readonly sortedVocabulary: readonly string[];
  private readonly options: SearchOptions;
  private readonly maxIdf: number;
  private readonly language: Language;

  constructor(kb: KnowledgeBase, options: SearchOptions, language: Language = BASE_LANGUAGE) {
    this.options = options;
    this.language = language;
    const docs: SearchDoc[] = [];
    const fieldLists: Field[][] = [];
    const add = (doc: SearchDoc, fields: Field[]) => {
      docs.push(doc);
      fieldLists.push(fields);
    };
    for (const e of kb.all()) {
      add({ type: e.kind, owner: e }, fieldsOf(kb, e));
      if (e.kind === 'talk') {
        e.data.points.forEach((p, index) => {
          const tools = kb.linked({ ...e, links: { ...e.links, tool: p.tools } } as Entity, 'tool');
          add({ type: 'point', owner: e, text: p.text, index }, [
            [p.text, W.body],
            [p.tags.join(' '), W.tag],
            [tools.map((t) => `${t.label} ${t.aliases.join(' ')}`).join(' '), W.short],
            [e.label, W.detail],
            [e.tags.join(' '), W.detail],
          ]);
        });
      }
      if (e.kind === 'event') {
        e.data.facts.forEach((f, index) => {
          add({ type: 'fact', owner: e, text: f.text, index }, [
            [f.text, W.body],
            [f.tags.join(' '), W.tag],
            [e.label, W.detail],
          ]);
        });
      }
    }
    for (const ev of kb.events) {
      for (const r of ev.remarks) {
        const owner =
          (r.talks[0] && kb.get('talk', ev.id, r.talks[0])) ||
          (r.tools[0] && kb.get('tool', ev.id, r.tools[0])) ||
          (r.booths[0] && kb.get('booth', ev.id, r.booths[0])) ||
          (r.books[0] && kb.get('book', ev.id, r.books[0])) ||
          (r.speakers[0] && kb.get('speaker', ev.id, r.speakers[0])) ||
          ev.event;
        add({ type: 'remark', owner, text: r.text, remark: r }, [
          [r.text, W.body],
          [r.tags.join(' '), W.tag],
        ]);
      }
    }
    this.docs = docs;
    const n = docs.length;
    this.typeCode = Uint8Array.from(docs, (d) => TYPE_CODE.get(d.type)!);
    this.scratch = {
      scores: new Float64Array(n),
      matched: new Float64Array(n),
      slotSeen: new Int32Array(n),
      touched: new Int32Array(n),
    };

    const words = new Set<string>();
    const raw = new Map<string, { docs: number[]; tfs: number[] }>();
    const lengths = new Float64Array(n);
    let total = 0;
    fieldLists.forEach((fields, d) => {
      const tf = new Map<string, number>();
      let length = 0;
      for (const [text, weight] of fields) {
        if (!text) continue;
        for (const word of indexWords(text)) {
          if (this.language.isStopWord(word)) continue;
          words.add(word);
          const term = this.stemOf(word);
          tf.set(term, (tf.get(term) ?? 0) + weight);
          length += weight;
        }
      }
      for (const [term, f] of tf) {
        let p = raw.get(term);
        if (!p) raw.set(term, (p = { docs: [], tfs: [] }));
        p.docs.push(d);
        p.tfs.push(f);
      }
      lengths[d] = length;
      total += length;
    });
    // BM25's term weight depends only on the term's frequency and the document's
    // length, so it is computed here once instead of for every query.
    const avgLength = total / Math.max(1, n);
    const { k1, b } = options;
    for (const [term, p] of raw) {
      const impact = new Float64Array(p.docs.length);
      p.docs.forEach((d, j) => {
        const tf = p.tfs[j]!;
        impact[j] = (tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * lengths[d]!) / avgLength));
      });
      this.postings.set(term, { docs: Int32Array.from(p.docs), impact });
    }
    this.maxIdf = this.idf(0);
    for (const word of words) {
      if (word.length < 3 || /^\d+$/.test(word)) continue;
      const i = this.vocabulary.push(word) - 1;
      for (const g of new Set(trigrams(word))) {
        let list = this.vocabTrigrams.get(g);
        if (!list) this.vocabTrigrams.set(g, (list = []));
        list.push(i);
      }
    }
    this.sortedVocabulary = [...this.vocabulary].sort();
  }

  private stemOf(word: string): string {
    let s = this.vocabStem.get(word);
    if (s === undefined) {
      s = stem(word);
      this.vocabStem.set(word, s);
    }
    return s;
  }

  /** In how many documents a (folded) word occurs, not counting the events' own documents (the event and its facts). */
  documentFrequency(word: string): number {
    const docs = this.postings.get(stem(word))?.docs ?? [];
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
    const grams = trigrams(word);
    const counts = new Map<number, number>();
    for (const g of grams) for (const i of this.vocabTrigrams.get(g) ?? []) counts.set(i, (counts.get(i) ?? 0) + 1);
    const needed = Math.max(1, Math.floor(grams.length / 4));
    // A typo seldom changes a word's first letter; a correction that does
    // ("recipe" → "precise", "undefined" → "defined") is another word.
    const sameStart = (w: string) => w[0] === word[0] || (w[0] === word[1] && w[1] === word[0]);
    const candidates = [...counts]
      .filter(([i, c]) => c >= needed && Math.abs(this.vocabulary[i]!.length - word.length) <= (word.length <= 5 ? 1 : 2) && sameStart(this.vocabulary[i]!))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 40)
      .map(([i]) => this.vocabulary[i]!);
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
    const found = (threshold > 0 ? fuse.search(word, { limit }) : [])
      .map((r) => ({ word: r.item, similarity: 1 - (r.score ?? 1) }))
      .filter((r) => r.similarity > 0);
    if (found.length > 0) return found;
    // Fuse counts a swap of two letters ("istoi") as two errors; allow one swap.
    const swapped = candidates.find((c) => isOneSwap(word, c));
    return swapped ? [{ word: swapped, similarity: 1 - 1 / word.length }] : [];
  }

  /** Words of the vocabulary that start with `prefix`, shortest first (binary search over the sorted vocabulary). */
  completions(prefix: string, limit = 8): string[] {
    const sorted = this.sortedVocabulary;
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
      /** Other words for a query word; default: the language's synonyms. */
      synonyms?: (word: string) => readonly string[];
    } = {},
  ): SearchResult {
    const synonymsOf = opts.synonyms ?? ((w: string) => this.language.synonymsOf(w));
    type QTerm = { word: string; term: string; weight: number; corrected: boolean; synonym?: true; idf: number; slot: number };
    const qterms: QTerm[] = [];
    let queryWeight = 0;
    const unknown: string[] = [];
    const resolved = [...words];
    words.forEach((word, slot) => {
      const term = stem(word);
      const posting = this.postings.get(term);
      const synonyms = (): void => {
        for (const other of synonymsOf(word)) {
          const t = this.stemOf(other);
          const p = this.postings.get(t);
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
      const fixes = expansions.length > 0 ? expansions : forms.length > 0 ? forms : this.correct(word);
      let first = 0;
      for (const fix of fixes) {
        const t = this.stemOf(fix.word);
        const p = this.postings.get(t);
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
    const { scores, matched, slotSeen, touched } = this.scratch;
    let count = 0;
    for (const q of qterms) {
      const matchedWeight = q.idf * Math.min(1, q.weight / this.options.typoWeight);
      count = accumulate(this.postings.get(q.term)!, q.idf * q.weight, 1 << q.slot, matchedWeight, this.typeCode, typeBoost, scores, matched, slotSeen, touched, count);
    }
    const top = new TopK(this.options.maxCandidates);
    const coverageOf = (d: number) => (queryWeight > 0 ? Math.min(1, matched[d]! / queryWeight) : 0);
    for (let i = 0; i < count; i++) {
      const d = touched[i]!;
      const coverage = coverageOf(d);
      // Coverage squared rewards documents that match the whole question.
      const score = scores[d]! * typeBoost[this.typeCode[d]!]! * (0.25 + coverage * coverage);
      if (score > 0) top.push(score, d);
    }
    const direct = qterms.filter((q) => !q.synonym);
    const directWords = (d: number) => {
      let slots = 0;
      for (const q of direct) if (hasDoc(this.postings.get(q.term)!.docs, d)) slots |= 1 << q.slot;
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
