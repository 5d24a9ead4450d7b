/**
 * Reading a question: which words carry its content, what kind of answer it
 * asks for ("who …" wants a person, "which tool …" wants tools), and the few
 * things that change how an answer leads (asks who made something, asks
 * where, mentions an outdated thing). No search here: only the text.
 */
import type { CommandName } from '../commands.js';
import type { IntentName, Language } from '../language/language.js';
import { tokenize } from '../text/normalize.js';

/**
 * What a question asks for: a kind of entity; `fact` (why/how something
 * happened: a key point answers best); `define` (what is X: the entity X);
 * `remark` (what the synopsis author thought).
 */
export type Intent = IntentName | undefined;

/** Most content words searched for one question. */
const MAX_WORDS = 32;

export interface Question {
  readonly command: CommandName;
  /** The cleaned query as typed. */
  readonly query: string;
  /** Folded words joined by single spaces. */
  readonly folded: string;
  /** Content words, in order, without stop words, event names or duplicates. */
  readonly words: readonly string[];
  /** Words of an event's name that the question used ("confname 2024"). */
  readonly contextWords: readonly string[];
  /** What the question's wording asks for. */
  readonly asked: Intent;
  /** What to answer with: the command's kind (`/talk`, `/tool`) overrides the wording. */
  readonly intent: Intent;
  /** "who made X", "who developed X". */
  readonly asksMaker: boolean;
  /** An event question about where it was ("where is the venue"). */
  readonly asksLocation: boolean;
  /** An event question about when it was ("when was it", "what dates"). */
  readonly asksTime: boolean;
  /** A question whose answer is a number or an amount ("how many robots", "how long did the move take"). */
  readonly asksQuantity: boolean;
  /** A question that asks why ("why did they leave MongoDB"). */
  readonly asksReason: boolean;
  /**
   * Words written as names (capitalised inside a sentence, or in capitals:
   * "Datadog", "SRE"), folded: when the notes never use one, the question is
   * about something they do not cover.
   */
  readonly names: readonly string[];
  /** The question calls something a talk ("the DuckDB talk"). */
  readonly namesTalk: boolean;
  /** The input is code or markup (SQL, template syntax, a tag), not a question. */
  readonly isCode: boolean;
  /** The question itself uses a word such as "outdated" or "legacy". */
  readonly mentionsOutdated: boolean;
}

/**
 * `isWord`: true for a word the notes use; another word one typo from a stop
 * word is read as that stop word ("confrence"). Without it, only the common
 * misspellings of question words are ("wher").
 */
export function readQuestion(language: Language, command: CommandName, query: string, isWord?: (word: string) => boolean): Question {
  const tokens = language.rephrase(language.spellStopWords(tokenize(query), isWord));
  const folded = tokens.join(' ');
  const asked = language.intentOf(folded);
  const words: string[] = [];
  const contextWords: string[] = [];
  const shaping = language.askingWords(folded);
  for (const w of tokens) {
    if (language.isStopWord(w) || shaping.has(w)) continue;
    const list = language.isContextWord(w) ? contextWords : words;
    if (!list.includes(w)) list.push(w);
  }
  const intent: Intent = command === 'talk' ? 'talk' : command === 'tool' ? 'tool' : asked;
  const asksTime = language.asksForTime(folded);
  // "which company does Ada work for": the company is what is asked, not what to look for.
  for (let i = words.length - 1; i >= 0; i--) {
    if (language.isIntentWord(intent, words[i]!) || (asksTime && language.isIntentWord('event', words[i]!))) words.splice(i, 1);
  }
  const asksMaker = language.asksForMaker(folded);
  // "who built Feast": the thing asked about is Feast, not "built".
  if (asksMaker) {
    for (let i = words.length - 1; i >= 0; i--) if (language.asksForMaker(`who ${words[i]}`)) words.splice(i, 1);
  }
  return {
    command,
    query,
    folded,
    words: words.slice(0, MAX_WORDS),
    contextWords,
    asked,
    intent,
    asksMaker,
    asksLocation: language.asksForLocation(folded),
    asksTime,
    asksQuantity: language.asksForQuantity(folded),
    asksReason: language.asksForReason(folded),
    names: writtenAsNames(query),
    namesTalk: tokens.some((w) => language.talkWords.has(w)),
    isCode: language.isCode(query),
    mentionsOutdated: tokens.some((w) => language.outdatedWords.has(w)),
  };
}

/** True when every content word is a number ("7 7"): nothing to look up. */
export function onlyNumbers(words: readonly string[]): boolean {
  return words.length > 0 && words.every((w) => /^\d+$/.test(w));
}

/**
 * The folded words of `query` written as names: capitalised and not the first
 * word of a sentence ("how do I configure Datadog"), or in capitals of two
 * letters or more ("SRE"). "I" and a sentence's first word do not count.
 */
export function writtenAsNames(query: string): string[] {
  const out: string[] = [];
  let sentenceStart = true;
  for (const raw of query.split(/\s+/)) {
    // Each part of a joined word is judged alone: "OOM-killed" names OOM, not "killed".
    for (const part of raw.split(/[-/]/)) {
      const word = part.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      if (!word) continue;
      const capital = /^\p{Lu}/u.test(word) && !/^\p{Lu}+$/u.test(word) ? !sentenceStart : /^\p{Lu}{2,}$/u.test(word);
      if (capital) out.push(...tokenize(word));
      sentenceStart = false;
    }
    if (/[.!?]$/.test(raw)) sentenceStart = true;
  }
  return out;
}
