/**
 * Hallway's core, the one object every front end talks to: it holds the loaded
 * knowledge and its search index, and turns a text or a command into a
 * platform-neutral {@link Reply}. It is immutable after construction and has
 * no I/O of its own except `Hallway.load`.
 */
import type { CommandName } from './commands.js';
import { parseInput } from './input.js';
import { KnowledgeBase } from './knowledge/base.js';
import { loadKnowledge } from './knowledge/load.js';
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
}

export class Hallway {
  readonly knowledge: KnowledgeBase;
  readonly options: SearchOptions;
  private readonly answerer: Answerer;

  constructor(knowledge: KnowledgeBase, options: HallwayOptions = {}) {
    this.knowledge = knowledge;
    this.options = Object.freeze({ ...DEFAULT_SEARCH_OPTIONS, ...options.search });
    const events = knowledge.events.map((e) => e.event);
    const base = new Language({ additions: events.map((e) => e.data.vocabulary ?? {}) });
    const index = new SearchIndex(knowledge, this.options, base);
    // The words of the events' names that only name the event ("confname",
    // not "data" of "Data Summit") say which conference a question is about,
    // not what it asks.
    const names = ['hallway', ...events.flatMap((e) => [e.data.name, ...e.data.aliases])].flatMap((n) => tokenize(n));
    const language = base.withContext(names.filter((w) => index.documentFrequency(w) <= 1));
    this.answerer = new Answerer(knowledge, index, this.options, language);
  }

  /**
   * Loads and validates the knowledge folder, then builds the index.
   * Throws a `KnowledgeError` listing every problem when the folder is invalid.
   */
  static async load(knowledgeDir: string, options: HallwayOptions = {}): Promise<Hallway> {
    const knowledge = await loadKnowledge(knowledgeDir);
    return new Hallway(knowledge, options);
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

  /** The card of one entity, e.g. for a "did you mean" or "also see" button. */
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

