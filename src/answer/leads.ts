/**
 * What a reply leads with when the card is a talk's or a tool's: the key
 * points that say what was asked, each part of the question once, and the one
 * that gives a number when a number is asked for.
 */
import type { KnowledgeBase, TalkEntity, ToolEntity } from '../knowledge/base.js';
import type { Language } from '../language/language.js';
import type { Match } from '../search/index.js';
import { stem, tokenize } from '../text/normalize.js';
import { allNameWords } from './names.js';
import type { Question } from './question.js';

/** A key point leads only if it scores at least this share of the best point. */
const MIN_LEAD_SHARE = 0.05;
/** Without a part of the question of its own, a second point leads when it scores this close to the best. */
const CLOSE_SECOND = 0.8;
/** At most this many key points lead a talk's reply. */
const MAX_LEAD_POINTS = 3;
/** A key point whose words are at least this share of a tool's purpose words says the purpose again. */
const SAME_TEXT = 0.6;

/** The stemmed words of some texts. */
export function stemsOf(texts: readonly string[]): Set<string> {
  return new Set(texts.flatMap((t) => tokenize(t)).map(stem));
}

/** True when `stems` hold `word` or one of its synonyms, stemmed. */
function saysIn(language: Language, stems: ReadonlySet<string>, word: string): boolean {
  return [word, ...language.synonymsOf(word)].some((w) => stems.has(stem(w)));
}

/** True when `texts` use `word` or one of its synonyms (stemmed). */
export function usesWord(language: Language, texts: readonly string[], word: string): boolean {
  return saysIn(language, stemsOf(texts), word);
}

/** Per call, whether each key point of a talk says a word, its stems read once. */
function pointWords(language: Language, talk: TalkEntity): (m: Match, word: string) => boolean {
  const stems = new Map<number, Set<string>>();
  return (m, word) => {
    const i = m.doc.index!;
    let own = stems.get(i);
    if (!own) {
      const point = talk.data.points[i];
      own = stemsOf(point ? [point.text, ...point.tags] : []);
      stems.set(i, own);
    }
    return saysIn(language, own, word);
  };
}

/**
 * Key points of `talk` to lead with, by their place in the talk: the best
 * match, then each point that says a part of the question the ones before it
 * do not ("how did they fix the single point of failure": the failure, then
 * the fix); for "how many"/"how long", the one that gives a number first.
 * None when the question asks about nothing beyond the talk itself (its title
 * and speakers) and no point outscored the talk.
 */
export function leadPoints(language: Language, kb: KnowledgeBase, q: Question, talk: TalkEntity, related: readonly Match[]): number[] {
  const points = related.filter((m) => m.doc.type === 'point' && m.doc.owner === talk);
  if (points.length === 0) return [];
  // What names the talk itself: its title and speakers. A topic (a tag) asked
  // about is better answered by the point that covers it.
  const identity = new Set(
    [talk.label, ...talk.aliases, ...kb.linked(talk, 'speaker').flatMap((s) => [s.label, ...s.aliases])]
      .flatMap((t) => tokenize(t))
      .map(stem),
  );
  const asked = q.words.filter((w) => !identity.has(stem(w)));
  if (asked.length === 0 && related[0]?.doc.type !== 'point') return [];
  const says = pointWords(language, talk);
  const best = points[0]!.score;
  const lead = [points[0]!];
  const covered = new Set(asked.filter((w) => says(points[0]!, w)));
  while (lead.length < MAX_LEAD_POINTS) {
    let next: Match | undefined;
    let adds = 0;
    for (const m of points) {
      if (lead.includes(m) || m.score < best * MIN_LEAD_SHARE) continue;
      const n = asked.filter((w) => !covered.has(w) && says(m, w)).length;
      if (n > adds) [next, adds] = [m, n];
    }
    if (!next) break;
    lead.push(next);
    for (const w of asked) if (says(next, w)) covered.add(w);
  }
  if (lead.length === 1 && points[1] && points[1].score >= best * CLOSE_SECOND) lead.push(points[1]);
  // The lead point, or else a matched point that says a word of the question,
  // whose text gives what is asked for (a number, a reason), put first.
  const giving = (gives: (text: string) => boolean) =>
    lead.find((m) => gives(talk.data.points[m.doc.index!]?.text ?? '')) ??
    points.find((m) => gives(talk.data.points[m.doc.index!]?.text ?? '') && m.score >= best * MIN_LEAD_SHARE && asked.some((w) => says(m, w)));
  const first = (m: Match) => [m, ...lead.filter((o) => o !== m)].slice(0, MAX_LEAD_POINTS).map((o) => o.doc.index!);
  // "How long has Josip worked on Sofascore": the point that gives a number.
  if (q.asksQuantity) {
    const numbered = giving((t) => language.givesNumber(t));
    // The summary leads when it gives a number and says more of the question
    // than any point that gives one ("how long has Wren coached teams": the
    // summary's eight years, not a point's "teams of three").
    const summary = talk.data.summary;
    const inSummary = language.givesNumber(summary) ? asked.filter((w) => usesWord(language, [summary], w)).length : 0;
    if (inSummary > (numbered ? asked.filter((w) => says(numbered, w)).length : 0)) return [];
    if (numbered) return first(numbered);
  }
  // "Why did they leave MongoDB": the point that gives a reason.
  if (q.asksReason) {
    const reasoned = giving((t) => language.givesReason(t));
    if (reasoned) return first(reasoned);
  }
  return lead.map((m) => m.doc.index!);
}

/**
 * "How does Kuma resolve .mesh addresses": the text of the matched key point
 * about the tool that says more of what was asked, beyond its name, than the
 * tool's purpose does; undefined when none does.
 */
export function pointOnTool(language: Language, tool: ToolEntity, words: readonly string[], matches: readonly Match[]): string | undefined {
  const name = new Set(allNameWords(tool).map(stem));
  const asked = words.filter((w) => !name.has(stem(w)));
  if (asked.length === 0) return undefined;
  const purpose = asked.filter((w) => usesWord(language, [tool.data.purpose], w)).length;
  const purposeStems = stemsOf([tool.data.purpose]);
  for (const m of matches) {
    const owner = m.doc.owner;
    if (m.doc.type !== 'point' || owner.kind !== 'talk') continue;
    const point = owner.data.points[m.doc.index!];
    if (!point?.tools.includes(tool.id)) continue;
    // A point that mostly says the purpose again adds nothing to read.
    const stems = [...new Set(tokenize(point.text).map(stem))];
    if (stems.filter((w) => purposeStems.has(w)).length >= stems.length * SAME_TEXT) continue;
    if (asked.filter((w) => usesWord(language, [point.text, ...point.tags], w)).length > purpose) return point.text;
  }
  return undefined;
}
