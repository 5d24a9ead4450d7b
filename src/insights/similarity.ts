/**
 * How questions are grouped, so that twenty spellings of one missing thing
 * are one row. Documented, and deliberately simple:
 *
 * 1. A question's *content words*: the project's own normaliser (fold,
 *    tokenise, stem: src/text/normalize.ts), with letters joined across a
 *    hyphen first ("wi-fi" → "wifi") and the search's stop words removed
 *    ("what is the", "talk", "please"…).
 * 2. Two words *match* when they are equal, when one of at least three
 *    letters begins the other ("pass" ~ "password"), or when, both four
 *    letters or longer, their character-trigram sets have a Jaccard index of
 *    at least 0.5 (typos: "pasword" ~ "password").
 * 3. Two questions' *similarity* is the soft Jaccard index of their content
 *    words: matched words / (words of one + words of the other − matched).
 * 4. Grouping is greedy single-link: distinct questions, most asked first,
 *    join the first group that has a member at least `threshold` (default
 *    1/3: two two-word questions sharing one word, "wlan password" and
 *    "wifi password", are one topic) similar, else start a new group.
 */
import { BASE_LANGUAGE } from '../language/language.js';
import { fold, stem, tokenize } from '../text/normalize.js';

export const DEFAULT_GROUP_THRESHOLD = 1 / 3;
/** Rounding slack, so 1/3 compares as at least 1/3. */
const EPSILON = 1e-9;
const WORD_MATCH = 0.5;

/** The stemmed content words of a question, without repeats. */
export function contentWords(text: string): string[] {
  const joined = fold(text).replace(/(\p{L})-(?=\p{L})/gu, '$1');
  const out: string[] = [];
  for (const w of tokenize(joined)) {
    if (BASE_LANGUAGE.isStopWord(w)) continue;
    const s = stem(w);
    if (!out.includes(s)) out.push(s);
  }
  return out;
}

/** The grouping key of a text: folded, single-spaced, without surrounding punctuation. */
export function normaliseQuestion(text: string): string {
  return fold(text)
    .replace(/\s+/g, ' ')
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '')
    .trim();
}

function trigrams(word: string): Set<string> {
  const padded = ` ${word} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return out;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

export function wordsMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 3 && long.startsWith(short)) return true;
  if (a.length < 4 || b.length < 4) return false;
  return jaccard(trigrams(a), trigrams(b)) >= WORD_MATCH;
}

/** Soft Jaccard similarity of two content-word lists, in [0, 1]. */
export function similarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const used = new Set<number>();
  let matched = 0;
  for (const x of a) {
    const j = b.findIndex((y, i) => !used.has(i) && wordsMatch(x, y));
    if (j >= 0) {
      used.add(j);
      matched++;
    }
  }
  return matched / (a.length + b.length - matched);
}

export interface Groupable {
  /** The normalised text ({@link normaliseQuestion}). */
  readonly text: string;
  readonly count: number;
}

export interface Group<T extends Groupable> {
  readonly members: T[];
  readonly count: number;
}

/** Groups texts by similarity (see the module comment); groups come most asked first. */
export function groupBySimilarity<T extends Groupable>(items: readonly T[], threshold = DEFAULT_GROUP_THRESHOLD): Group<T>[] {
  const sorted = [...items].sort((x, y) => y.count - x.count || x.text.localeCompare(y.text));
  const groups: { members: T[]; words: string[][]; count: number }[] = [];
  for (const item of sorted) {
    const words = contentWords(item.text);
    const home = groups.find((g) =>
      g.members.some((m, i) => m.text === item.text || (words.length > 0 && similarity(words, g.words[i]!) >= threshold - EPSILON)),
    );
    if (home) {
      home.members.push(item);
      home.words.push(words);
      home.count += item.count;
    } else {
      groups.push({ members: [item], words: [words], count: item.count });
    }
  }
  return groups
    .map((g) => ({ members: g.members, count: g.count }))
    .sort((x, y) => y.count - x.count || x.members[0]!.text.localeCompare(y.members[0]!.text));
}
