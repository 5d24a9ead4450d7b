/**
 * The index build reads words straight from the text (src/search/words.ts):
 * for every kind of text it must find exactly the words the Unicode
 * `tokenize` finds, plus hyphenated compounds joined, so the fast path never
 * changes what is indexed.
 */
import { describe, expect, it } from 'vitest';
import { Chunked, Growable, WordIds } from '../../src/search/words.js';
import { tokenize } from '../../src/text/normalize.js';

/** What the index should see in a text: its words, then each hyphenated compound joined. */
function expectedWords(text: string): string[] {
  const compounds = (text.match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu) ?? []).map((c) => tokenize(c).join(''));
  return [...tokenize(text), ...compounds];
}

function readWords(texts: readonly string[]): string[][] {
  const byId: string[] = [];
  const ids = new Map<string, number>();
  const reader = new WordIds((word) => {
    if (word === 'the') return -1; // a stop word: left out
    let id = ids.get(word);
    if (id === undefined) ids.set(word, (id = byId.push(word) - 1));
    return id;
  });
  return texts.map((text) => {
    const out = new Growable(new Int32Array(4), (n) => new Int32Array(n));
    reader.add(text, out);
    return Array.from(out.data.subarray(0, out.length), (id) => byId[id]!);
  });
}

/** Deterministic text: ASCII words in mixed case, digits, punctuation, hyphens, now and then a non-ASCII word. */
function sampleTexts(count: number): string[] {
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const words = ['Kubernetes', 'kuma', 'K8s', 'OpenTelemetry', 'the', 'THE', 'mesh', 'heap', 'dump', 'v2', '2023', 're-watch', 'Zürich', 'Kürsten', 'ﬁle', 'naïve', 'x', 'a1b2'];
  const gaps = [' ', ', ', '. ', ' (', ') ', ' – ', '/', ': ', '\n', '"', "'s ", '’s ', ' “', '” ', ' — ', '\u00a0', '… ', '™ ', '² ', '\u0301 ', '\u00ad'];
  return Array.from({ length: count }, () => {
    let text = '';
    for (let i = Math.floor(next() * 12); i >= 0; i--) text += pick(words) + pick(gaps);
    return text;
  });
}

describe('reading index words', () => {
  it('finds exactly the words tokenize finds, compounds joined, stop words left out, in ASCII, typographic and other text', () => {
    const texts = [
      'Kubernetes-Operators!',
      'How Sofascore left MongoDB for PostgreSQL',
      'Ærøskøbing, Łódź and Straße',
      'ﬁle ligatures and full-width ＡＢＣ',
      'It’s “quoted” – and — dashed… with no-break\u00a0spaces',
      'e\u0301cole, x² and Kubernetes™ after a quote’',
      '',
      '---',
      'the the THE',
      ...sampleTexts(400),
    ];
    const read = readWords(texts);
    texts.forEach((text, i) => expect(read[i], text).toEqual(expectedWords(text).filter((w) => w !== 'the')));
  });

  it('tells apart words that share a hash slot or differ only in case and length', () => {
    const many = Array.from({ length: 70_000 }, (_, i) => `w${i.toString(36)}`);
    const [read] = readWords([many.join(' ').toUpperCase()]);
    expect(read).toEqual(many);
  });
});

describe('chunked lists', () => {
  it('keep every value across chunk boundaries', () => {
    const list = new Chunked((n) => new Int32Array(n));
    for (let i = 0; i < 200_000; i++) list.push(i * 7);
    expect(list.length).toBe(200_000);
    for (const i of [0, 65_535, 65_536, 131_072, 199_999]) expect(list.at(i)).toBe(i * 7);
  });
});
