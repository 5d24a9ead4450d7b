/**
 * The words of index text as term ids, read straight from the text. An index
 * of 10,000 talks reads millions of word occurrences but only tens of
 * thousands of distinct words: for ASCII text (nearly all of it) each
 * occurrence is hashed and compared in place, and a string is made only the
 * first time a word is seen. No string per occurrence means no garbage to
 * collect, which is most of what building the index would otherwise cost in
 * time and peak memory. Other text takes the full Unicode `tokenize`.
 */
import { tokenize } from '../text/normalize.js';

/** A growable typed array, for building postings without arrays of boxed numbers. */
export class Growable<T extends Int32Array | Float32Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;

/**
 * A list of numbers in fixed-size typed chunks: it grows without ever copying
 * (a doubling array briefly holds both its old and new storage, and up to
 * twice what it needs).
 */
export class Chunked<T extends Int32Array | Float32Array | Uint16Array> {
  length = 0;
  private chunks: T[] = [];
  private current: T;
  constructor(private readonly make: (n: number) => T) {
    this.current = make(0);
  }
  push(v: number): void {
    const at = this.length & (CHUNK - 1);
    if (at === 0) this.chunks.push((this.current = this.make(CHUNK)));
    this.current[at] = v;
    this.length++;
  }
  at(i: number): number {
    return this.chunks[i >>> CHUNK_BITS]![i & (CHUNK - 1)]!;
  }
  /** Lets the storage go. */
  clear(): void {
    this.chunks = [];
    this.current = this.make(0);
    this.length = 0;
  }
}

/** ASCII letters and digits lower-cased; 0 for everything else ASCII, -1 past ASCII. */
const ASCII_WORD_CODE = new Int16Array(128);
for (let c = 0; c < 128; c++) {
  const lower = c >= 65 && c <= 90 ? c + 32 : c;
  ASCII_WORD_CODE[c] = (lower >= 97 && lower <= 122) || (lower >= 48 && lower <= 57) ? lower : 0;
}

const HYPHENATED = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu;

/**
 * Turns text into term ids: the same words `tokenize` finds (plus hyphenated
 * compounds joined, "re-watch" also as "rewatch"), each mapped once through
 * `idOf` (a negative id, e.g. for a stop word, is left out).
 */
export class WordIds {
  private slots = new Int32Array(1 << 16);
  private hashes = new Int32Array(1 << 15);
  private ids = new Int32Array(1 << 15);
  private readonly words: string[] = [];
  /** Per UTF-16 code unit past ASCII: 0 not yet seen, 1 it only separates words (’ “ ” – —, no-break space), 2 anything else. */
  private readonly kinds = new Uint8Array(0x10000);

  constructor(private readonly idOf: (word: string) => number) {}

  /**
   * True when a character past ASCII separates words exactly as a space does
   * for `tokenize` (typographic quotes and dashes in prose), so the fast path
   * can go on; a letter, digit, mark or anything Unicode folding turns into
   * one ("ﬁ", "²", "Ａ") is not, and sends the text to `tokenize`.
   */
  private separates(c: number): boolean {
    let kind = this.kinds[c]!;
    if (kind === 0) {
      const ch = String.fromCharCode(c);
      const words = c >= 0xd800 && c <= 0xdfff ? [] : tokenize(`a${ch}b ${ch}`);
      kind = words.length === 2 && words[0] === 'a' && words[1] === 'b' ? 1 : 2;
      this.kinds[c] = kind;
    }
    return kind === 1;
  }

  /** Appends the ids of the words of `text` to `out`. */
  add(text: string, out: Growable<Int32Array>): void {
    const mark = out.length;
    if (!this.addAscii(text, out)) {
      out.length = mark;
      for (const word of tokenize(text)) this.push(this.idOf(word), out);
    }
    if (text.includes('-')) {
      for (const compound of text.match(HYPHENATED) ?? []) this.push(this.idOf(tokenize(compound).join('')), out);
    }
  }

  private push(id: number, out: Growable<Int32Array>): void {
    if (id >= 0) out.push(id);
  }

  /** The fast path for ASCII words; false (with `out` partly filled) at the first character past ASCII that is not a mere separator. */
  private addAscii(text: string, out: Growable<Int32Array>): boolean {
    let start = -1;
    let hash = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 128 && !this.separates(c)) return false;
      const code = c < 128 ? ASCII_WORD_CODE[c]! : 0;
      if (code !== 0) {
        if (start < 0) {
          start = i;
          hash = 0x811c9dc5;
        }
        hash = Math.imul(hash ^ code, 0x01000193);
      } else if (start >= 0) {
        this.push(this.lookup(text, start, i, hash), out);
        start = -1;
      }
    }
    if (start >= 0) this.push(this.lookup(text, start, text.length, hash), out);
    return true;
  }

  /** The id of the (ASCII) word `text[start, end)`, lower-cased; `idOf` is asked the first time only. */
  private lookup(text: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    const length = end - start;
    let s = hash & mask;
    for (;;) {
      const entry = this.slots[s]!;
      if (entry === 0) break;
      const k = entry - 1;
      if (this.hashes[k] === hash) {
        const word = this.words[k]!;
        if (word.length === length) {
          let j = 0;
          while (j < length && word.charCodeAt(j) === ASCII_WORD_CODE[text.charCodeAt(start + j)]) j++;
          if (j === length) return this.ids[k]!;
        }
      }
      s = (s + 1) & mask;
    }
    const word = text.slice(start, end).toLowerCase();
    const id = this.idOf(word);
    const k = this.words.push(word) - 1;
    if (k >= this.hashes.length) {
      const hashes = new Int32Array(this.hashes.length * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
      const ids = new Int32Array(this.ids.length * 2);
      ids.set(this.ids);
      this.ids = ids;
    }
    this.hashes[k] = hash;
    this.ids[k] = id;
    this.slots[s] = k + 1;
    if (this.words.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let k = 0; k < this.words.length; k++) {
      let s = this.hashes[k]! & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = k + 1;
    }
    this.slots = slots;
  }
}
