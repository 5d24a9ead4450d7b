/**
 * Reads a question: which words carry its content, and what kind of answer it
 * asks for ("who …" wants a person, "which tool …" wants tools).
 */
import type { EntityKind } from '../reply.js';
import { tokenize } from '../text/normalize.js';

/**
 * What a question asks for: a kind of entity; `fact` (why/how something
 * happened: a key point answers best); `define` (what is X: the entity X);
 * `remark` (what the synopsis author thought).
 */
export type Intent = EntityKind | 'fact' | 'define' | 'remark' | undefined;

/**
 * Words that carry no content in a question about a conference: function
 * words, question words, and generic verbs. They are dropped before search.
 */
const STOP_WORDS = new Set(
  `a an the and or but if of to in on at by for from with without about into over under as is are was were be been
  being am do does did done doing have has had having can could should would will shall may might must i me my we
  our us you your he him his she her it its they them their this that these those there here what which who whom
  whose when where why how whats wheres whos hows s t d ll re ve m not no yes so than then too very just also any
  some all each every other such only own same more most much many few lot lots get got getting give gives gave
  show shows showed shown tell told say said know knows knew explain explained mention mentioned mentions mentioning
  talk talks talked talking speak spoke speaks speaking spoken speaker speakers present presented presenter
  presentation presentations session sessions conference devopscon event use used uses using useful need needs
  needed want wants like look looking find finds found see seen check way ways thing things something anything
  somebody someone anyone people person please thanks thank hi hello hey hallway bot recommend recommended
  recommendation recommendations suggest suggested tool tools utility utilities util utils command commands book books
  booth booths stand stands expo exhibitor exhibitors vendor vendors sponsor sponsors product products one ones
  good best better exist exists existed think thought opinion happen happened happens mean means meant kind kinds
  type types there held hold holds take took taken went goes gone per each via author authors writer up time times wrong allow allows allowed let lets enable enables help helps helped`.split(/\s+/).filter(Boolean),
);

/**
 * Everyday words and the words the knowledge tends to use for the same idea.
 * A synonym fills the same place in the query as the word it stands for, so
 * it can complete a match but never counts twice.
 */
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['problem', 'issue', 'trouble', 'challenge', 'difficulty'],
  ['fast', 'faster', 'quick', 'quicker', 'speed', 'speeding', 'performance'],
  ['cheap', 'cheaper', 'cost', 'costs', 'price', 'money', 'fee', 'expensive'],
  ['secure', 'security', 'safe', 'safety', 'protect', 'protection', 'hack', 'hacked', 'attack'],
  ['monitor', 'monitoring', 'observability', 'observe', 'metrics'],
  ['log', 'logs', 'logging'],
  ['leave', 'left', 'abandon', 'abandoned', 'drop', 'dropped', 'quit', 'stop', 'stopped', 'switch', 'switched', 'move', 'moved', 'migrate', 'migrated'],
  ['livestream', 'stream', 'streamed', 'streaming', 'online', 'remote', 'remotely'],
  ['hire', 'hiring', 'job', 'jobs', 'recruit', 'recruiting', 'career', 'careers', 'engineers'],
  ['video', 'videos', 'recording', 'recordings', 'rewatch', 'replay', 'watch', 'footage'],
  ['debug', 'debugging', 'troubleshoot', 'troubleshooting', 'investigate', 'diagnose'],
  ['analyse', 'analyze', 'analysis', 'inspect', 'examine', 'look'],
  ['scale', 'scaling', 'grow', 'growth', 'growing'],
  ['hotel', 'venue', 'location', 'place'],
  ['memory', 'ram', 'heap'],
  ['usage', 'utilisation', 'utilization', 'consumption', 'load'],
  ['disk', 'storage', 'space'],
  ['database', 'databases', 'db'],
  ['signing', 'sign', 'signature', 'signed', 'verify', 'verification'],
];

const SYNONYMS: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const group of SYNONYM_GROUPS) {
    for (const word of group) {
      const list = map.get(word) ?? [];
      for (const other of group) if (other !== word && !list.includes(other)) list.push(other);
      map.set(word, list);
    }
  }
  return map;
})();

/** Other words for the same idea, or an empty list. */
export function synonymsOf(word: string): readonly string[] {
  return SYNONYMS.get(word) ?? [];
}

/** Intent cues: a question containing one of these asks for that kind of answer. */
const INTENT_CUES: ReadonlyArray<[Intent, RegExp]> = [
  ['book', /\b(books?|reading|author of|authors of|wrote|written by)\b/],
  ['remark', /\b(the (author|writer|attendee|blogger)|synopsis|personally|opinion|think|thought)\b/],
  ['speaker', /^(who|whom|whose)\b|\b(who (spoke|talked|presented|gave|was|is|did)|speakers?|presenters?|presented by|spoke)\b/],
  ['event', /\b(venue|hotel|where (is|was|were) (the )?(conference|event|devopscon|expo|exhibition)|tickets?|recordings?|livestream|live stream|hybrid|online|get there|city)\b/],
  ['booth', /\b(booths?|stands?|expo|exhibitors?|vendors?|sponsors?)\b/],
  ['tool', /\b(tools?|utilit(y|ies)|utils?|commands?|which .*(to use|can i use|should i use)|what (can|should) i use|how (can|do|could|should) i|analy[sz]e|debug)\b/],
  ['talk', /\b(talks?|sessions?|presentations?)\b/],
  ['fact', /^(why|how (did|does|do|was|were|is|are)|what (happened|made|caused|went))\b/],
  ['define', /^(what|who) (is|are|was|were|does|do)\b/],
];

/** Greetings and questions about the bot itself: answered with help, not searched. */
const HELP_REQUEST =
  /^(?:(?:hi|hello|hey|hallo|moin|yo|help|menu|commands|usage|start|thanks|thank you)(?: (?:there|hallway|bot|me|please))*|what (?:can|do) you (?:do|know|answer)|who are you|what are you|how (?:does this|do you) work|how (?:do|can|should) i use (?:this|you|hallway))$/;

/** True for "hello", "help", "what can you do" and the like. */
export function isHelpRequest(query: string): boolean {
  return HELP_REQUEST.test(tokenize(query).join(' '));
}

export interface AnalysedQuery {
  /** Folded content words, in order, without stop words or duplicates. */
  readonly words: readonly string[];
  readonly intent: Intent;
}

export function analyseQuery(query: string): AnalysedQuery {
  const folded = tokenize(query).join(' ');
  let intent: Intent;
  for (const [kind, cue] of INTENT_CUES) {
    if (cue.test(folded)) {
      intent = kind;
      break;
    }
  }
  const words: string[] = [];
  for (const w of folded.split(' ')) {
    if (w && !STOP_WORDS.has(w) && !words.includes(w)) words.push(w);
  }
  return { words: words.slice(0, 32), intent };
}

/** True for a word the index should skip as well (keeps both sides symmetric). */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}
