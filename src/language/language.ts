/**
 * A question's language, built once per loaded knowledge: the English data of
 * `en.ts`, plus what each event adds in its knowledge folder (its own
 * synonyms and stop words), plus the events' own names, which say which
 * conference a question is about but not what it asks.
 *
 * Immutable after construction; no module-level state.
 */
import { isKeyboardSlip, isOneSwap, withinOneEdit } from '../text/edits.js';
import { tokenize } from '../text/normalize.js';
import { ENGLISH, type IntentName, type LanguageData } from './en.js';

export type { IntentName } from './en.js';

/** Words one event adds to the language, from its `event.yaml` (`vocabulary`). */
export interface VocabularyAddition {
  readonly synonyms?: readonly (readonly string[])[];
  readonly stop_words?: readonly string[];
}

export interface LanguageOptions {
  /** Per-event additions. */
  readonly additions?: readonly VocabularyAddition[];
  /**
   * Names of the loaded events and of the bot: their words are "context" — they
   * say which conference a question is about, not what it asks.
   */
  readonly contextNames?: readonly string[];
}

/** Misspelt question words typed in chat, and the word each stands for: they carry no content either. */
const QUESTION_WORD_TYPOS: Readonly<Record<string, string>> = {
  wat: 'what', wht: 'what', waht: 'what', whta: 'what', hwo: 'how', hw: 'how', woh: 'who',
  wich: 'which', whcih: 'which', wihch: 'which', wher: 'where', whre: 'where', wehre: 'where',
  whn: 'when', teh: 'the', abt: 'about', abut: 'about',
};

/** A time of day written with a colon ("10:00", "9:30"). */
const CLOCK_TIME = /(?<!\d)(?:[01]?\d|2[0-3]):[0-5]\d(?!\d)/;

export class Language {
  private readonly stop: ReadonlySet<string>;
  private readonly context: ReadonlySet<string>;
  private readonly synonymMap: ReadonlyMap<string, readonly string[]>;
  private readonly cues: readonly { readonly intent: IntentName; readonly cue: RegExp }[];
  private readonly help: RegExp;
  private readonly maker: RegExp;
  private readonly makerEvidence: RegExp;
  private readonly split: RegExp;
  readonly outdatedWords: ReadonlySet<string>;
  readonly talkWords: ReadonlySet<string>;
  readonly venueWords: ReadonlySet<string>;
  private readonly location: RegExp;
  private readonly time: RegExp;
  private readonly backRef: RegExp;
  private readonly phrases: readonly (readonly [string, string])[];
  private readonly questionStart: RegExp;
  private readonly sentences: RegExp;
  private readonly asking: RegExp;
  private readonly quantity: RegExp;
  private readonly reason: RegExp;
  private readonly reasonWords: ReadonlySet<string>;
  private readonly personWords: ReadonlySet<string>;
  private readonly numberWords: ReadonlySet<string>;
  private readonly timeWords: ReadonlySet<string>;
  private readonly intentWords: ReadonlyMap<IntentName, ReadonlySet<string>>;
  private readonly code: RegExp;

  constructor(options: LanguageOptions = {}, data: LanguageData = ENGLISH) {
    const additions = options.additions ?? [];
    const fold = (words: readonly string[]) => words.flatMap((w) => tokenize(w));
    this.stop = new Set([...fold(data.stopWords), ...Object.keys(QUESTION_WORD_TYPOS), ...additions.flatMap((a) => fold(a.stop_words ?? []))]);
    const context = new Set(fold(options.contextNames ?? []));
    for (const w of this.stop) context.delete(w);
    this.context = context;
    const map = new Map<string, string[]>();
    for (const group of [...data.synonyms, ...additions.flatMap((a) => a.synonyms ?? [])]) {
      const words = [...new Set(fold(group))].filter((w) => !this.stop.has(w));
      for (const word of words) {
        const list = map.get(word) ?? [];
        for (const other of words) if (other !== word && !list.includes(other)) list.push(other);
        map.set(word, list);
      }
    }
    this.synonymMap = map;
    this.cues = data.intentCues.map(({ intent, cue }) => ({ intent, cue: new RegExp(cue) }));
    this.help = new RegExp(data.helpRequest);
    this.maker = new RegExp(data.makerCue);
    this.makerEvidence = new RegExp(data.makerEvidence, 'u');
    this.split = new RegExp(data.clauseSplit);
    this.location = new RegExp(data.locationCue);
    this.time = new RegExp(data.timeCue);
    this.backRef = new RegExp(data.backReference);
    // An event named as one word ending in "con" ("GlowCon") is also called
    // "a glow conference": that phrase names the event too.
    const spelledOut = [...context].flatMap((w) => {
      const head = /^([a-z]{3,})(?:con|conf)$/.exec(w)?.[1];
      return head ? [[`${head} conference`, w], [`${head} conf`, w]] as const : [];
    });
    this.phrases = [...data.phrases.map(([p, w]) => [tokenize(p).join(' '), w] as const), ...spelledOut];
    this.questionStart = new RegExp(data.questionStart);
    this.sentences = new RegExp(data.sentenceSplit, 'u');
    this.asking = new RegExp(data.askingPhrase, 'g');
    this.quantity = new RegExp(data.quantityCue);
    this.reason = new RegExp(data.reasonCue);
    this.reasonWords = new Set(data.reasonWords);
    this.personWords = new Set(data.personWords);
    this.numberWords = new Set(data.numberWords);
    this.timeWords = new Set(data.timeWords);
    this.intentWords = new Map(Object.entries(data.intentWords).map(([k, v]) => [k as IntentName, new Set(v)]));
    this.code = new RegExp(data.codeLike, 'i');
    this.talkWords = new Set(data.talkWords);
    this.venueWords = new Set(data.venueWords);
    this.outdatedWords = new Set(data.outdatedWords);
  }

  /** True for a word that carries no content in a question. */
  isStopWord(word: string): boolean {
    return this.stop.has(word);
  }

  /**
   * True for a word that is a stop word with one letter changed, added, dropped
   * or two neighbours swapped ("whihc", "abotu", "wehn"): a typo of a word that
   * carries no content. Only asked of words the notes never use.
   */
  isStopWordTypo(word: string): boolean {
    return this.stopWordTypoOf(word) !== undefined;
  }

  /** The stop word that `word` is a typo of (see `isStopWordTypo`), or undefined. */
  stopWordTypoOf(word: string): string | undefined {
    const known = QUESTION_WORD_TYPOS[word];
    if (known !== undefined) return known;
    if (word.length < 4) return undefined;
    // A changed letter is a typo only when its key neighbours the right one
    // ("abour"), and never in a four-letter word: a real word one letter from
    // a stop word is no typo of it ("helm" is not "help", "smoke" not "spoke").
    // A swap or a lost or extra letter is ("waht", "wher").
    for (const stop of this.stop) {
      if (stop.length < 4 || Math.abs(stop.length - word.length) > 1 || stop === word) continue;
      const changed = word.length === stop.length && !isOneSwap(word, stop);
      if (withinOneEdit(word, stop) && !(changed && (word.length === 4 || !isKeyboardSlip(word, stop)))) return QUESTION_WORD_TYPOS[stop] ?? stop;
    }
    return undefined;
  }

  /**
   * A question's folded words with misspelt stop words put right, so that what
   * it asks for is read from them ("wher was the confrence held" asks where):
   * a known question-word typo always; another near miss of a stop word only
   * when it has five letters or more ("long" is no typo of "along") and
   * `isWord` says it is no word of the notes or the lexicon.
   */
  spellStopWords(tokens: readonly string[], isWord: (word: string) => boolean = () => true): string[] {
    const fix = (w: string) => (w.length < 5 || this.stop.has(w) || isWord(w) || this.synonymMap.has(w) ? w : (this.stopWordTypoOf(w) ?? w));
    return tokens.map((w) => QUESTION_WORD_TYPOS[w] ?? fix(w));
  }

  /**
   * True for a word that names the place, nearness to it or a way there (see
   * `venueWords` in en.ts), or is one of those of five letters or more with
   * one letter added, dropped or swapped ("adress").
   */
  isVenueWord(word: string): boolean {
    if (this.venueWords.has(word)) return true;
    if (word.length < 5) return false;
    for (const v of this.venueWords) {
      if (v.length >= 5 && (v.length !== word.length || isOneSwap(word, v)) && withinOneEdit(word, v)) return true;
    }
    return false;
  }

  /** True for a word of an event's or the bot's name ("confname", "2023"). */
  isContextWord(word: string): boolean {
    return this.context.has(word);
  }

  /** Other words for the same idea, or an empty list. */
  synonymsOf(word: string): readonly string[] {
    return this.synonymMap.get(word) ?? [];
  }

  /** What kind of answer a folded question asks for, or undefined. */
  intentOf(folded: string): IntentName | undefined {
    return this.cues.find((c) => c.cue.test(folded))?.intent;
  }

  /** True for "hello", "help", "what can you do" and the like. */
  isHelpRequest(query: string): boolean {
    const words = tokenize(query).filter((w) => !this.context.has(w));
    return this.help.test(words.join(' '));
  }

  /** True for "who made X", "who developed X". */
  asksForMaker(folded: string): boolean {
    return this.maker.test(folded);
  }

  /** True when a text says who made something ("developed by Yandex"). */
  namesMaker(text: string): boolean {
    return this.makerEvidence.test(text);
  }

  /** The parts of a multi-part question, each trimmed; one part when it does not split. */
  clauses(query: string): string[] {
    return query
      .split(this.split)
      .map((p) => p.trim())
      .filter((p) => p.length > 0);
  }

  /** True for a folded question asking where something is or how to get there. */
  asksForLocation(folded: string): boolean {
    return this.location.test(folded);
  }

  /** True for a word that, in a question with this intent, only says what kind of answer is wanted. */
  isIntentWord(intent: IntentName | undefined, word: string): boolean {
    return intent !== undefined && (this.intentWords.get(intent)?.has(word) ?? false);
  }

  /** The words of a folded question that only shape it ("long" in "how long can I rewatch"). */
  askingWords(folded: string): Set<string> {
    const out = new Set<string>();
    for (const m of folded.matchAll(this.asking)) for (const w of m[0].split(' ').slice(1)) out.add(w);
    return out;
  }

  /**
   * The question at the end of a long message with a preamble: from the first
   * sentence after the first that starts like a question, or undefined.
   */
  ownQuestion(text: string): string | undefined {
    const sentences = text.split(this.sentences).map((s) => s.trim()).filter(Boolean);
    const at = sentences.findIndex((s, i) => i > 0 && this.questionStart.test(tokenize(s).join(' ')));
    return at > 0 ? sentences.slice(at).join(' ') : undefined;
  }

  /** The folded words of a question with each phrase of the lexicon read as its one word ("catch up on" → rewatch). */
  rephrase(tokens: readonly string[]): string[] {
    let text = ` ${tokens.join(' ')} `;
    for (const [phrase, word] of this.phrases) text = text.split(` ${phrase} `).join(` ${word} `);
    return text.trim().split(' ').filter(Boolean);
  }

  /** True for a folded question part that points back to another part ("what company were they from"). */
  refersBack(folded: string): boolean {
    return this.backRef.test(folded);
  }

  /** True for a folded question whose answer is a number or an amount ("how many", "how long"). */
  asksForQuantity(folded: string): boolean {
    return this.quantity.test(folded);
  }

  /** True for a word that, beside a person's name, asks who they are ("role", "company"). */
  isPersonWord(word: string): boolean {
    return this.personWords.has(word);
  }

  /** True for a folded question that asks why ("why did they leave", "what was the reason"). */
  asksForReason(folded: string): boolean {
    return this.reason.test(folded);
  }

  /** True for a text that gives a reason: it says "because", "due to" and the like. */
  givesReason(text: string): boolean {
    return tokenize(text).some((w) => this.reasonWords.has(w));
  }

  /** True for a text that gives a number: a digit or a number word ("ten years", "4%"). */
  givesNumber(text: string): boolean {
    return /\d/.test(text) || tokenize(text).some((w) => this.numberWords.has(w));
  }

  /** True for a folded question asking when something is or was. */
  asksForTime(folded: string): boolean {
    return this.time.test(folded);
  }

  /** True for a text that says when: tagged or worded with a date word ("dates", "May", "Friday"), or giving a time of day ("10:00"). */
  saysWhen(texts: readonly string[]): boolean {
    return texts.some((t) => CLOCK_TIME.test(t) || tokenize(t).some((w) => this.timeWords.has(w)));
  }

  /** True for input that is code or markup rather than a question. */
  isCode(raw: string): boolean {
    return this.code.test(raw);
  }

  /** True when a text calls something outdated ("an outdated tool for old JVMs"). */
  callsOutdated(text: string): boolean {
    return tokenize(text).some((w) => this.outdatedWords.has(w));
  }
}

/** The English language with no additions, for code that has no knowledge loaded. */
export const BASE_LANGUAGE = new Language();
