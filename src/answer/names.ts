/**
 * Whether a question names an entity: by every word of its name or of one
 * alias, or word for word. Shared by the answerer and the tool answers.
 */
import type { Entity } from '../knowledge/base.js';
import type { Language } from '../language/language.js';
import type { Match } from '../search/index.js';
import { stem, tokenize } from '../text/normalize.js';

/** The folded words of an entity's name and aliases. */
export function allNameWords(e: Entity): string[] {
  return [e.label, ...e.aliases].flatMap((n) => tokenize(n));
}

/** True when, for one of `names`, every content word is one `has` knows. */
export function someNameIn(language: Language, names: readonly string[], has: (word: string) => boolean): boolean {
  return names.some((name) => {
    const parts = tokenize(name).filter((w) => !language.isStopWord(w));
    return parts.length > 0 && parts.every(has);
  });
}

/** True when the query's words include every word of the entity's name or of one alias. */
export function namedIn(language: Language, e: Entity, words: readonly string[]): boolean {
  return someNameIn(language, [e.label, ...e.aliases], (w) => words.includes(w));
}

/**
 * True when the question holds a person's name of two or more words but one,
 * and in its place a word the notes never use that starts with the same letter
 * and is about as long ("matias loibl" for Matthias Loibl): a name misspelt
 * past correcting.
 */
export function misspeltName(e: Entity, words: readonly string[], unknown: readonly string[]): boolean {
  const parts = tokenize(e.label);
  const stems = new Set(words.map(stem));
  const missing = parts.filter((w) => !stems.has(stem(w)));
  if (parts.length < 2 || missing.length !== 1) return false;
  const [name] = missing as [string];
  return unknown.some((u) => u[0] === name[0] && u.length >= 4 && Math.abs(u.length - name.length) <= 2);
}

/**
 * The entity whose name (or one alias) the question is, word for word,
 * whatever its score. A name's "talk" counts ("DuckDB talk" is not the
 * question "duckdb"); its other stop words do not ("The Go Programming
 * Language" is "go programming language").
 */
export function exactName(language: Language, matches: readonly Match[], words: readonly string[]): Match | undefined {
  const exactly = (e: Entity) =>
    [e.label, ...e.aliases].some((name) => {
      const parts = tokenize(name).filter((w) => !language.isStopWord(w) || language.talkWords.has(w));
      return parts.length > 0 && parts.every((w) => words.includes(w)) && words.every((w) => parts.includes(w));
    });
  return matches.find((m) => m.doc.type === m.doc.owner.kind && exactly(m.doc.owner));
}

/** The entities of some matches, each once, in order. */
export function entitiesOf(matches: readonly Match[]): Entity[] {
  const out: Entity[] = [];
  for (const m of matches) if (!out.includes(m.doc.owner)) out.push(m.doc.owner);
  return out;
}

/**
 * The entity whose name (or alias) of two or more words the question holds
 * whole, when no other holds as many ("kubernetes programming with go author":
 * the book, not the one-word tool Go); undefined on a tie.
 */
export function longestNamed(language: Language, matches: readonly Match[], words: readonly string[]): Match | undefined {
  let best: Match | undefined;
  let bestCount = 1;
  let tie = false;
  for (const m of matches) {
    if (m.doc.type !== m.doc.owner.kind) continue;
    for (const name of [m.doc.owner.label, ...m.doc.owner.aliases]) {
      const parts = tokenize(name).filter((w) => !language.isStopWord(w));
      if (parts.length <= 1 || !parts.every((w) => words.includes(w))) continue;
      if (parts.length > bestCount) {
        best = m;
        bestCount = parts.length;
        tie = false;
      } else if (parts.length === bestCount && best && best.doc.owner !== m.doc.owner) tie = true;
    }
  }
  return tie ? undefined : best;
}
