/**
 * Hallway's core, the one object every front end talks to: it holds the loaded
 * knowledge and its search index, and turns a text or a command into a
 * platform-neutral {@link Reply}. It has no I/O of its own except
 * `Hallway.load`. Its knowledge can be replaced while it runs (live reload):
 * knowledge, index and answerer form one immutable state that `replace`
 * swaps in a single assignment, so every answer sees either the old or the
 * new knowledge, never a mix, and front ends keep the same object.
 */
import type { CommandName } from './commands.js';
import { parseInput } from './input.js';
import { KnowledgeBase } from './knowledge/base.js';
import { loadKnowledge } from './knowledge/load.js';
import { cachedIndex, KnowledgeSnapshot, type CacheOptions } from './knowledge/snapshot.js';
import { Language } from './language/language.js';
import type { EntityRef, Reply, ReplyDetail } from './reply.js';
import { Answerer } from './answer/answerer.js';
import { SearchIndex } from './search/index.js';
import { DEFAULT_SEARCH_OPTIONS, type SearchOptions } from './search/options.js';
import { cleanInput, tokenize } from './text/normalize.js';

/** The names a platform gives the commands, e.g. `{ talk: '/conf-talk' }`; defaults are `/talk` etc. */
export type CommandNames = Partial<Record<CommandName, string>>;

export interface HallwayOptions {
  /** Search tuning; see {@link DEFAULT_SEARCH_OPTIONS} for each option's meaning and default. */
  readonly search?: Partial<SearchOptions>;
  /**
   * The cache of validated knowledge files used by `Hallway.load` (see
   * src/knowledge/snapshot.ts): its folder, default `<os temp>/hallway-cache`;
   * `{ cacheDir: false }` keeps it in memory only.
   */
  readonly cache?: CacheOptions;
}

/** What one answer reads: replaced as a whole, never changed in place. */
interface State {
  readonly knowledge: KnowledgeBase;
  readonly answerer: Answerer;
}

export class Hallway {
  readonly options: SearchOptions;
  private state: State;

  /** `index`, when given, must have been built from `knowledge` with these options (see {@link SearchIndex.build}). */
  constructor(knowledge: KnowledgeBase, options: HallwayOptions = {}, index?: SearchIndex) {
    this.options = Object.freeze({ ...DEFAULT_SEARCH_OPTIONS, ...options.search });
    this.state = this.stateFor(knowledge, index);
  }

  /** The knowledge answers are drawn from now. */
  get knowledge(): KnowledgeBase {
    return this.state.knowledge;
  }

  /**
   * Swaps in new knowledge at once (live reload). Build the index beforehand,
   * off the answer path, with `SearchIndex.build(knowledge, hallway.options)`;
   * without one it is built here, synchronously.
   */
  replace(knowledge: KnowledgeBase, index?: SearchIndex): void {
    this.state = this.stateFor(knowledge, index);
  }

  private stateFor(knowledge: KnowledgeBase, index?: SearchIndex): State {
    const search = index ?? new SearchIndex(knowledge, this.options);
    return Object.freeze({ knowledge, answerer: new Answerer(knowledge, search, this.options, languageOf(knowledge, search)) });
  }

  private get answerer(): Answerer {
    return this.state.answerer;
  }

  /**
   * Loads and validates the knowledge folder, then builds the index.
   * Throws a `KnowledgeError` listing every problem when the folder is invalid.
   */
  static async load(knowledgeDir: string, options: HallwayOptions = {}): Promise<Hallway> {
    const cache = new KnowledgeSnapshot(options.cache);
    const knowledge = await loadKnowledge(knowledgeDir, {}, cache);
    const index = await cachedIndex(knowledge, Object.freeze({ ...DEFAULT_SEARCH_OPTIONS, ...options.search }), cache);
    await cache.save();
    return new Hallway(knowledge, options, index);
  }

  /**
   * Answers a text exactly as typed in chat: "/talk kuma", "/help", or a free question.
   * `names` are the command names the platform uses, for hints in the reply.
   */
  ask(text: string, names: CommandNames = {}, detail: ReplyDetail = 'short'): Reply {
    const input = parseInput(text, this.options.maxQueryLength);
    return this.command(input.command, input.query, names, detail);
  }

  /**
   * Answers a command with its query, as a slash command delivers them.
   * `tip` is answered by the tips service where there is one; the core alone
   * only says where to find it.
   */
  command(name: CommandName, query: string, names: CommandNames = {}, detail: ReplyDetail = 'short'): Reply {
    const q = cleanInput(query, this.options.maxQueryLength);
    return this.answerer.answer(name, q, names, detail);
  }

  /** The card of one entity, e.g. for a "did you mean" or "also see" button; `full` for the whole card ("More"). */
  open(ref: Pick<EntityRef, 'kind' | 'event' | 'id'>, detail: ReplyDetail = 'short'): Reply | undefined {
    return this.answerer.open(ref, detail);
  }

  /** Autocomplete: talks or tools whose name or topic matches what was typed so far. */
  complete(kind: 'talk' | 'tool', prefix: string, limit = 25): EntityRef[] {
    return this.answerer.complete(kind, cleanInput(prefix, this.options.maxQueryLength), limit);
  }

  /** The help reply, listing the commands under the names a platform uses. */
  help(names: CommandNames = {}): Reply {
    return this.answerer.help(names);
  }
}

/**
 * How questions are read for this knowledge: English, each event's own words
 * (`vocabulary` in event.yaml), and the words of the events' names that only
 * name the event ("hallwaycon", not "data" of "Data Summit") as context: they
 * say which conference a question is about, not what it asks.
 */
function languageOf(knowledge: KnowledgeBase, index: SearchIndex): Language {
  const events = knowledge.events.map((e) => e.event);
  const names = ['hallway', ...events.flatMap((e) => [e.data.name, ...e.data.aliases])].flatMap((n) => tokenize(n));
  return new Language({
    additions: events.map((e) => e.data.vocabulary ?? {}),
    contextNames: names.filter((w) => index.documentFrequency(w) <= 1),
  });
}
