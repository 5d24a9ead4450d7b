/**
 * Queries with a known target talk, drawn from a generated knowledge base,
 * so the benchmark can print hit@1 (the first hit is the target) beside each
 * latency. Per kind, `perKind` distinct queries from as many different talks:
 *
 * - keyword: the two rarest words of the talk's title ("grivon stelaxt");
 * - typo: the same with one typing error in the longest word (a swapped,
 *   dropped, doubled or replaced letter);
 * - question: a question built around the two rarest words of one of the
 *   talk's key points ("what was said about X and Y?").
 *
 * "Rarest" means the fewest talks using the word anywhere, so the query
 * names the talk but other talks may mention the words in their text: the
 * ranking has to prefer the talk that is about them.
 */
import type { KnowledgeBase, TalkEntity } from '../src/knowledge/base.js';
import { Rng } from './prng.js';
import type { QueryKind } from './queries.js';

export interface TargetQuery {
  readonly q: string;
  readonly event: string;
  readonly id: string;
}

const WORD = /[a-z0-9]+/g;
const SHORT = new Set(['the', 'a', 'an', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'with', 'how', 'why', 'when', 'their', 'its', 'from', 'by', 'talk']);
const QUESTIONS = [
  (a: string, b: string) => `what was said about ${a} and ${b}?`,
  (a: string, b: string) => `which talk explained ${a} with ${b}?`,
  (a: string, b: string) => `how does ${a} relate to ${b}?`,
  (a: string, b: string) => `why does ${a} matter for ${b}?`,
];

function typo(rng: Rng, w: string): string {
  const i = rng.int(1, w.length - 2);
  switch (rng.int(0, 3)) {
    case 0:
      return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2); // swap
    case 1:
      return w.slice(0, i) + w.slice(i + 1); // drop
    case 2:
      return w.slice(0, i) + w[i] + w.slice(i); // double
    default: {
      const letters = 'abcdefghiklmnoprstuvy';
      let c = rng.pick([...letters]);
      if (c === w[i]) c = c === 'a' ? 'e' : 'a';
      return w.slice(0, i) + c + w.slice(i + 1); // replace
    }
  }
}

export function targetQueries(kb: KnowledgeBase, perKind = 200, seed = 7): Record<QueryKind, TargetQuery[]> {
  const talks = kb.all('talk');
  const df = new Map<string, number>();
  const wordsOf = (t: TalkEntity) => `${t.label} ${t.data.summary} ${t.data.points.map((p) => p.text).join(' ')}`.toLowerCase().match(WORD) ?? [];
  for (const t of talks) for (const w of new Set(wordsOf(t))) df.set(w, (df.get(w) ?? 0) + 1);
  const rarest = (text: string, n: number) =>
    [...new Set(text.toLowerCase().match(WORD) ?? [])]
      .filter((w) => w.length >= 3 && !SHORT.has(w) && !/^\d+$/.test(w))
      .sort((a, b) => (df.get(a) ?? 0) - (df.get(b) ?? 0) || (a < b ? -1 : 1))
      .slice(0, n);
  const rng = new Rng(seed);
  const chosen = rng.sample(talks, Math.min(talks.length, perKind * 3));
  const out: Record<QueryKind, TargetQuery[]> = { keyword: [], typo: [], question: [] };
  const seen = new Set<string>();
  const add = (kind: QueryKind, q: string, t: TalkEntity) => {
    if (out[kind].length >= perKind || seen.has(`${kind}:${q}`)) return;
    seen.add(`${kind}:${q}`);
    out[kind].push({ q, event: t.event, id: t.id });
  };
  chosen.forEach((t, i) => {
    const title = rarest(t.label, 2);
    if (title.length === 0) return;
    if (i % 3 === 0) add('keyword', title.join(' '), t);
    if (i % 3 === 1) {
      const longest = title.reduce((a, b) => (b.length > a.length ? b : a));
      if (longest.length >= 5) add('typo', title.map((w) => (w === longest ? typo(rng, w) : w)).join(' '), t);
    }
    if (i % 3 === 2 && t.data.points.length > 0) {
      const point = rng.pick(t.data.points);
      const [a, b] = rarest(point.text, 2);
      if (a && b) add('question', rng.pick(QUESTIONS)(a, b), t);
    }
  });
  return out;
}

/** True when the reply's first hit is the target talk. */
export function isHit(reply: { hits: ReadonlyArray<{ ref: { kind: string; event: string; id: string } }> }, t: TargetQuery): boolean {
  const first = reply.hits[0]?.ref;
  return first?.kind === 'talk' && first.event === t.event && first.id === t.id;
}
