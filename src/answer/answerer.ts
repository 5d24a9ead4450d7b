/**
 * From a command and a query to a reply: read the question (`question.ts`),
 * search, decide whether anything is a confident answer, and pick the card
 * that leads with what was asked (the matched key point, the tool list, the
 * speaker, the venue). Help and "no answer" are built in `notices.ts`; the
 * cards themselves in `cards.ts`; which key points lead a talk's or a tool's
 * card in `leads.ts`.
 */
import { COMMAND_NAMES, type CommandName } from '../commands.js';
import { refOf, type Entity, type EventEntity, type KnowledgeBase, type SpeakerEntity, type TalkEntity } from '../knowledge/base.js';
import type { Language } from '../language/language.js';
import type { EntityKind, EntityRef, Reply, ReplyDetail } from '../reply.js';
import type { DocType, Match, SearchIndex } from '../search/index.js';
import type { SearchOptions } from '../search/options.js';
import { stem, tokenize } from '../text/normalize.js';
import {
  bookCard,
  boothCard,
  brief,
  eventCard,
  listCard,
  makerAnswer,
  remarkAnswer,
  speakerCard,
  speakersAnswer,
  talkCard,
  toolCard,
  toolList,
  cardInput,
  type CardInput,
} from './cards.js';
import { toolAnswer, type ToolContext } from './tools.js';
import { leadPoints, pointOnTool, stemsOf, usesWord } from './leads.js';
import { allNameWords, entitiesOf, exactName, longestNamed, misspeltName, namedIn, someNameIn } from './names.js';
import { helpReply, insightsNotice, noAnswerReply, tipNotice, type CommandNames } from './notices.js';
import { onlyNumbers, readQuestion, type Intent, type Question } from './question.js';

/** How much each kind of document counts, by what the question asks for. */
const BOOSTS: Record<string, Partial<Record<DocType, number>>> = {
  none: { point: 1.1 },
  talk: { talk: 1.4, point: 1.1, speaker: 0.9, tool: 0.8, remark: 0.7 },
  tool: { tool: 1.6, point: 0.8, talk: 0.7, remark: 0.6, speaker: 0.5, booth: 0.9 },
  speaker: { speaker: 1.5, talk: 1.1, point: 1, tool: 1, remark: 0.6 },
  book: { book: 2, talk: 0.6, point: 0.5 },
  booth: { booth: 2, tool: 0.9, talk: 0.6, point: 0.6 },
  event: { event: 1.6, fact: 1.6, remark: 0.9, talk: 0.5, point: 0.5, tool: 0.5 },
  fact: { point: 1.5, fact: 1.3, remark: 1.1, talk: 0.9 },
  define: { tool: 1.5, booth: 1.4, book: 1.3, speaker: 1.3, event: 1.2, talk: 1.1, point: 0.8, fact: 0.9 },
  remark: { remark: 2.2, point: 0.8 },
};

/** Which document types a slash command searches at all. */
const COMMAND_TYPES: Partial<Record<CommandName, ReadonlySet<DocType>>> = {
  talk: new Set<DocType>(['talk', 'point', 'speaker', 'tool', 'remark', 'booth']),
  tool: new Set<DocType>(['tool']),
};

const LIST_TITLES: Record<EntityKind, string> = {
  talk: 'Talks',
  speaker: 'Speakers',
  tool: 'Tools and products mentioned',
  booth: 'Expo booths',
  book: 'Recommended books',
  event: 'Events',
};

export class Answerer {
  constructor(
    private readonly kb: KnowledgeBase,
    private readonly index: SearchIndex,
    private readonly options: SearchOptions,
    private readonly language: Language,
  ) {
    this.tools = { kb, language, options };
    this.ticketStems = stemsOf(['ticket', ...language.synonymsOf('ticket')]);
  }

  private readonly tools: ToolContext;
  /** "ticket" and its synonyms ("pass"), stemmed: words every ticket's name may use. */
  private readonly ticketStems: ReadonlySet<string>;

  answer(command: CommandName, query: string, names: CommandNames = {}, detail: ReplyDetail = 'short'): Reply {
    if (command === 'help') return this.help(names, this.commandNamed(query));
    if (command === 'tip') return tipNotice(query);
    if (command === 'insights') return insightsNotice(names);
    if (!query) return command === 'ask' ? this.help(names) : helpReply(this.kb, names, command, true);
    if (command === 'ask' && this.language.isHelpRequest(query)) return this.help(names);
    const full = detail === 'full';
    const reply = this.respond(command, query, names, full);
    // A long message whose own question comes after a preamble ("ok long one:
    // I missed day one … — what did the mesh talk say about VMs"): that
    // question alone, once (never a third search of the same message).
    const own = reply.status === 'no-answer' && command === 'ask' && !this.language.isCode(query) ? this.language.ownQuestion(query) : undefined;
    if (own) {
      const focused = this.respond(command, own, names, full);
      if (focused.status === 'answer') return { ...focused, query };
    }
    return reply;
  }

  /** A question in one or several parts. */
  private respond(command: CommandName, query: string, names: CommandNames, full: boolean): Reply {
    // Code with a question after it ("const x = f(); why does this rerender") is still code.
    const parts = command === 'ask' && !this.language.isCode(query) ? this.language.clauses(query) : [query];
    return parts.length < 2 ? this.single(this.read(command, query), names, full) : this.multi(query, parts, command, names, full);
  }

  /** The card of one entity. */
  open(ref: Pick<EntityRef, 'kind' | 'event' | 'id'>, detail: ReplyDetail = 'short'): Reply | undefined {
    const e = this.kb.get(ref.kind, ref.event, ref.id);
    if (!e) return undefined;
    return this.entityCard(e, cardInput(e.label, [e], [], detail === 'full'));
  }

  complete(kind: 'talk' | 'tool', prefix: string, limit: number): EntityRef[] {
    const max = Math.max(0, Math.min(limit, 25));
    const words = this.read(kind, prefix).words;
    if (words.length === 0) return this.kb.all(kind).slice(0, max).map(refOf);
    const types = COMMAND_TYPES[kind]!;
    const { matches } = this.index.search(words, (t) => (types.has(t) ? (t === kind ? 1.5 : 1) : 0), {
      prefixLast: true,
      synonyms: (w) => this.language.synonymsOf(w),
    });
    const out: Entity[] = [];
    for (const m of matches) {
      if (m.directWords === 0) continue; // a synonym alone is no completion of what was typed
      for (const e of kind === 'talk' ? this.talksOf(m) : m.doc.owner.kind === 'tool' ? [m.doc.owner] : []) {
        if (!out.includes(e)) out.push(e);
      }
      if (out.length >= max) break;
    }
    return out.slice(0, max).map(refOf);
  }

  /** A question read with its misspelt stop words put right, where the notes never use the word as typed. */
  private read(command: CommandName, text: string): Question {
    return readQuestion(this.language, command, text, (w) => this.index.uses(w));
  }

  help(names: CommandNames = {}, about?: CommandName): Reply {
    return helpReply(this.kb, names, about);
  }

  /** "/help talk" or "/help /talk": the command asked about, if any. */
  private commandNamed(query: string): CommandName | undefined {
    const word = tokenize(query)[0];
    return COMMAND_NAMES.find((c) => c === word);
  }

  /**
   * A question in several parts ("where is the venue and is there wifi?"):
   * each part is answered alone; the reply leads with the first part that has
   * an answer and says which parts the notes say nothing about.
   */
  private multi(query: string, parts: readonly string[], command: CommandName, names: CommandNames, full: boolean): Reply {
    // A part with no words of its own that points back ("who gave the kuma talk
    // and what company were they from") is answered by the part it points to,
    // not by a list of every speaker; "… and which booths were there",
    // "… and where was it" and "where was <the event> held and …" stand alone.
    const replies = parts.map((p) => ({ part: p, q: this.read(command, p) }))
      .filter(({ q }) => q.words.length > 0 || q.contextWords.length > 0 || q.asked === 'event' || (q.asked !== undefined && !this.language.refersBack(q.folded)))
      .map(({ part, q }) => ({ part, reply: this.single(q, names, full) }));
    const answered = replies.filter((r) => r.reply.status === 'answer');
    const main = answered[0]?.reply;
    if (!main) return this.single(this.read(command, query), names, full);
    const notes: string[] = [];
    for (const r of replies) {
      if (r.reply === main) continue;
      if (r.reply.status === 'answer' && r.reply.title !== main.title) notes.push(`Also: ${brief(r.reply.lead, 1, 200)}`);
      else if (r.reply.status !== 'answer') notes.push(`The notes say nothing about “${r.part.replace(/[?!.]+$/, '')}”.`);
    }
    return { ...main, query, lead: [main.lead, ...notes].join(' ') };
  }

  private single(q: Question, names: CommandNames, full: boolean): Reply {
    const { words, intent, query } = q;
    if (q.isCode) return noAnswerReply(this.kb, query, [], names);
    if (words.length === 0 || onlyNumbers(words)) {
      // "what books were recommended at <the event>": the list, though the event
      // is named; "how do I get to <the event>" stays a question about the event.
      if (words.length === 0 && !q.asksLocation && !q.asksTime && (intent === 'talk' || intent === 'speaker' || intent === 'tool' || intent === 'booth' || intent === 'book')) {
        return this.list(intent, query, full);
      }
      const event = this.eventFor(q, []);
      if (event && (intent === 'event' || (words.length === 0 && (q.contextWords.length > 0 || q.asksTime)))) {
        return eventCard(this.kb, event, cardInput(query, [event], [], full), { venue: q.asksLocation, facts: this.whenFacts(q, event) });
      }
      return noAnswerReply(this.kb, query, [], names);
    }

    // A question for a book or a booth looks among books or booths first:
    // "any book about kubernetes operators" wants the book, not the talk.
    if (q.command === 'ask' && (intent === 'book' || intent === 'booth')) {
      const reply = this.search(q, names, full, new Set<DocType>([intent]), true);
      if (reply.status === 'answer') return reply;
    }
    return this.search(q, names, full, COMMAND_TYPES[q.command]);
  }

  /**
   * `amongKind`: the search looks among one kind only (books, booths), and a
   * result that matched two words, one as typed, answers though it covers
   * less of a long question ("I want to learn Go for writing k8s stuff, any books?");
   * in a question of one or two words, one word of its name does ("books for learning go").
   */
  private search(q: Question, names: CommandNames, full: boolean, allowed: ReadonlySet<DocType> | undefined, amongKind = false): Reply {
    const { intent, query } = q;
    const boosts = BOOSTS[intent ?? 'none'] ?? {};
    const boost = (t: DocType) => (allowed && !allowed.has(t) ? 0 : (boosts[t] ?? (intent ? 0.8 : 1)));
    const synonyms = { synonyms: (w: string) => this.language.synonymsOf(w) };
    let words = q.words;
    let result = this.index.search(words, boost, synonyms);
    // A word the notes never use that is a misspelt question word ("whihc",
    // "abotu") is no part of what is asked: search again without it.
    const fillers = result.unknown.filter((w) => this.language.isStopWordTypo(w));
    // A word the notes never use that is two words they do, run together
    // ("hardfault", "heapdump"), is searched as those two words.
    // Only in a short question, and at most two words, one split each: a long
    // junk input costs no more searches.
    const apart = new Map(
      (words.length <= 6 ? result.unknown : [])
        .slice(0, 2)
        .map((w) => [w, this.splitCompound(w)] as const)
        .filter((e): e is [string, string[]] => e[1] !== undefined),
    );
    // Two neighbouring words, one of them not a word of the notes, that the
    // notes write as one ("sofa score", "kube ctl") are searched as that word.
    const joined = words.length <= 8 ? this.joinSplit(words) : words;
    if ((fillers.length > 0 && fillers.length < words.length) || apart.size > 0 || joined !== words) {
      words = joined.filter((w) => !fillers.includes(w)).flatMap((w) => apart.get(w) ?? [w]);
      result = this.index.search(words, boost, synonyms);
    }
    const { matches, resolved, unknown } = result;
    const known = words.length - unknown.length;
    // As many words the notes never use as words they do: only an answer that
    // the known words name ("tetragon thingy") is about these notes.
    // An event is also named by its ticket ("is there a student discount": the student pass).
    const named = (m: Match) =>
      m.doc.type === m.doc.owner.kind &&
      (namedIn(this.language, m.doc.owner, resolved) ||
        (m.doc.owner.kind === 'speaker' && misspeltName(m.doc.owner, resolved, unknown)) ||
        (m.doc.owner.kind === 'event' && m.doc.owner.data.tickets.some((t) => someNameIn(this.language, [t.name, ...t.aliases], (w) => resolved.includes(w) || this.isTicketWord(w)))));
    // A word written as a name that the notes never use ("how do I configure
    // Datadog") names what the question is about: these notes do not cover it.
    // Not a lexicon word in capitals ("HQ"): that is vocabulary, not a name.
    const absentName = unknown.some((w) => q.names.includes(w) && this.language.synonymsOf(w).length === 0);
    // "where can I smoke at the venue", "weather in <the city>": the notes know
    // the place, and nothing of what is asked about it.
    // A way of getting there the notes never name ("from the train station") is no such word.
    const isPlace = this.placeWords(q);
    const unplaced = unknown.filter((w) => !isPlace(w));
    const onlyPlace = unplaced.length > 0 && resolved.filter((w) => !unplaced.includes(w)).every(isPlace);
    // "Is there a talk about terraform state management": a talk on a topic the
    // notes never name is a talk they do not have, whatever else it shares. In a
    // short question only: a long one tells a story around what it asks.
    // A speaker the question names ("matias loibl talk") is no topic.
    const absentTopic = intent === 'talk' && q.command === 'ask' && unknown.length > 0 && words.length <= 4 && !matches.some((m) => m.doc.type === 'speaker' && named(m));
    const unknownRule = unknown.length > known || absentName || onlyPlace || absentTopic;
    const confident =
      unknownRule
        ? []
        : matches.filter(
            (m) =>
              (this.isConfident(m, known) || (amongKind && m.directWords >= 1 && (m.matchedWords >= 2 || (known <= 2 && this.inName(m, resolved))))) &&
              (unknown.length < known || named(m)) &&
              this.aboutIt(m, resolved, intent),
          );
    // "I walked past the Contrast Security booth, what were they showing": a
    // booth (book, tool, speaker) the question names, for a question about one, answers it.
    const asked = intent === 'booth' || intent === 'book' || intent === 'tool' || intent === 'speaker' ? intent : undefined;
    const namedAsked = asked ? matches.find((m) => m.doc.type === asked && named(m)) : undefined;
    if (namedAsked && !unknownRule && !confident.includes(namedAsked)) confident.unshift(namedAsked);
    const titled = confident.length === 0 && intent === 'talk' && unknown.length === 0 ? this.titledTalk(matches, resolved) : undefined;
    if (titled) confident.push(titled);
    const top = confident[0];
    if (!top) {
      // "where is the venue" in notes that never say "venue", "the ropeworks
      // address": the venue, when every word names the place itself or is
      // (a correction of) a word of the venue's name.
      const event = q.asksLocation ? this.eventFor(q, matches) : undefined;
      const venue = event?.data.venue;
      const aboutPlace = resolved.every(this.placeWords(q, matches));
      if (event && venue && aboutPlace) return eventCard(this.kb, event, cardInput(query, [event], [], full), { venue: true });
      // "Did you mean": only what matched a word as typed or corrected, never a synonym alone.
      return noAnswerReply(this.kb, query, entitiesOf(matches.filter((m) => m.directWords > 0)), names);
    }
    // A question that is exactly an entity's name ("what is a service mesh") is
    // about that entity; otherwise a result that covers clearly more of the
    // question than the top one, at a comparable score, answers it better.
    const exact =
      intent === 'talk' || intent === 'speaker' ? undefined : (exactName(this.language, confident, resolved) ?? this.namedWhole(confident, resolved));
    const best = this.theirTalk(exact ?? this.widest(q, resolved, confident, top, boost), resolved, confident, intent);
    // The results close to the best one, and every key point of the best talk
    // that matched at all: the point that answers may score below the talk, and
    // need not name the talk's speaker the question named ("what did Manoj say about IAM").
    const ownPoint = (m: Match) => m.doc.type === 'point' && m.doc.owner === best.doc.owner;
    const related = [
      best,
      ...confident.filter((m) => m !== best && (m.score >= top.score * this.options.relatedRatio || ownPoint(m))),
      ...matches.filter((m) => m !== best && ownPoint(m) && !confident.includes(m)),
    ];

    if (q.asksMaker) {
      const reply = this.makerReply(q, resolved, confident, full);
      if (reply) return reply;
    }
    if (q.command === 'talk') return this.talkAnswer(q, related, full);
    if (intent === 'speaker') return this.speakerAnswer(q, best, related, full);
    // "nico meisenzahl company", "what's Josip's role at Sofascore": who the named person is.
    const nameOnly = this.onlySpeaker(confident, resolved);
    if (nameOnly?.asksWho) return speakerCard(this.kb, nameOnly.speaker, cardInput(q.query, [nameOnly.speaker], related, full));
    // "which tools were mentioned in the X talk": that talk's tools, when the
    // question names a talk ("… garbage collection logs … in the talk" names tools)
    // or only a speaker ("which tools did Ada Lovelace show": her talk's).
    const speaker = intent === 'tool' && !q.namesTalk ? nameOnly?.speaker : undefined;
    if (intent === 'tool' && (q.namesTalk || speaker)) {
      const talk = speaker ? this.kb.linked(speaker, 'talk')[0] : related.map((m) => m.doc.owner).find((e): e is TalkEntity => e.kind === 'talk');
      // The tools the question's other words match come first ("which tools handled tracing in the mesh demo").
      const scoreOf = (t: Entity) => Math.max(0, ...matches.filter((m) => m.doc.owner === t && m.doc.type === 'tool').map((m) => m.score));
      const tools = talk ? [...this.kb.linked(talk, 'tool')].sort((a, b) => scoreOf(b) - scoreOf(a)) : [];
      if (talk && tools.length > 0) return toolList(this.kb, tools.slice(0, this.options.maxListItems), cardInput(query, tools, related, full), talk);
    }
    if (intent === 'tool') {
      const reply = toolAnswer(this.tools, q, resolved, [best, ...confident.filter((m) => m !== best)], full);
      if (reply) return reply;
    } else if (best.doc.owner.kind === 'tool' && best.doc.type === 'tool') {
      return toolCard(this.kb, best.doc.owner, cardInput(query, [best.doc.owner], related, full), [], pointOnTool(this.language, best.doc.owner, resolved, matches));
    }
    if (intent === 'book' || intent === 'booth') {
      const picked = entitiesOf(related).filter((e) => e.kind === intent);
      if (picked.length > 1) return listCard(this.kb, picked, cardInput(query, picked, related, full), LIST_TITLES[intent]);
    }
    return this.card(q, best, related, full, resolved);
  }

  /**
   * A match answers when it covers enough of the question's weight (a little
   * less for a long question it matches word for word on three words or more)
   * and leaves out few of its known words (none of one or two, one of three or four, …).
   * A word matched through a synonym counts: "recordings" finds the videos.
   */
  private isConfident(m: Match, known: number): boolean {
    const min = known >= 4 && m.directWords >= 3 ? this.options.minCoverageLong : this.options.minCoverage;
    if (known === 0 || m.coverage < min) return false;
    // A long message tells a story around its question: half its words may miss.
    return known - m.matchedWords <= (known >= 8 ? Math.floor(known / 2) : Math.floor((known - 1) / 2));
  }

  /**
   * For a question about a talk ("the mistakes talk", "a session that was a
   * Gradle ad") of at most three words that nothing answers with confidence:
   * the one matched talk whose title holds one of its words, when no other
   * matched talk's title does.
   */
  private titledTalk(matches: readonly Match[], words: readonly string[]): Match | undefined {
    if (words.length === 0 || words.length > 3) return undefined;
    const stems = new Set(words.map(stem));
    const inTitle = (m: Match) => m.doc.type === 'talk' && allNameWords(m.doc.owner).some((w) => stems.has(stem(w)));
    const titled = matches.filter((m) => inTitle(m) && m.directWords > 0);
    return titled.length === 1 ? titled[0] : undefined;
  }

  /**
   * Two neighbouring words, one of them not a word of the notes, that the
   * notes write as one ("sofa score" → sofascore, "mill race" → millrace).
   */
  private joinSplit(words: readonly string[]): readonly string[] {
    const has = (w: string) => this.index.uses(w);
    const out: string[] = [];
    let changed = false;
    for (let i = 0; i < words.length; i++) {
      const [a, b] = [words[i]!, words[i + 1]];
      if (b !== undefined && a.length + b.length >= 6 && (!has(a) || !has(b)) && has(a + b)) {
        out.push(a + b);
        changed = true;
        i++;
      } else out.push(a);
    }
    return changed ? out : words;
  }

  /**
   * The two words `word` is made of when the notes write them side by side
   * ("hardfault" → hard fault, where the notes say "hard faults"); not when
   * they only use both somewhere ("openshift" is not "open" and "shift").
   */
  private splitCompound(word: string): string[] | undefined {
    // Seven to thirty letters: a longer "word" is junk, and each split point costs two lookups.
    if (word.length < 7 || word.length > 30 || /\d/.test(word)) return undefined;
    const known = (w: string) => !this.language.isStopWord(w) && this.index.documentFrequency(w) > 0;
    let tries = 1;
    for (let i = 3; i <= word.length - 3 && tries > 0; i++) {
      const head = word.slice(0, i);
      const tail = word.slice(i);
      if (!known(head) || !known(tail)) continue;
      tries--;
      const phrase = new RegExp(`(?<![\\p{L}\\p{N}])${head}[\\s-]+${tail}`, 'iu');
      const both = this.index.search([head, tail], () => 1).matches.filter((m) => m.directWords === 2).slice(0, 5);
      if (both.some((m) => phrase.test(m.doc.text ?? JSON.stringify(m.doc.owner.data)))) return [head, tail];
    }
    return undefined;
  }

  /**
   * A match made through synonyms alone answers only when a synonym is what
   * the entity or passage is about (its name, an alias or a tag): "recordings"
   * finds the fact tagged "videos", but "afterparty" does not find a tool whose
   * paragraph mentions a "gathering", nor "weather" a booth that mentions "temperature".
   */
  private aboutIt(m: Match, words: readonly string[], intent: Intent): boolean {
    // An event question's synonym ("which city" → town) is about the event itself.
    if (m.directWords > 0 || (intent === 'event' && m.doc.type === 'event')) return true;
    const about = this.aboutWords(m);
    return words.some((w) => this.language.synonymsOf(w).some((s) => about.has(stem(s))));
  }

  /** The stemmed words of what a match is about: an entity's name, aliases and tags (an event's place and tickets too), a passage's tags. */
  private aboutWords(m: Match): Set<string> {
    const e = m.doc.owner;
    const passage =
      m.doc.index === undefined ? undefined : m.doc.type === 'point' && e.kind === 'talk' ? e.data.points[m.doc.index] : m.doc.type === 'fact' && e.kind === 'event' ? e.data.facts[m.doc.index] : undefined;
    const place = e.kind === 'event' ? [e.data.city ?? '', e.data.venue?.name ?? '', ...(e.data.venue?.aliases ?? []), ...e.data.tickets.flatMap((t) => [t.name, ...t.aliases])] : [];
    const tags = m.doc.type === e.kind ? [e.label, ...e.aliases, ...e.tags, ...place] : (passage?.tags ?? []);
    return stemsOf(tags);
  }

  /** True when a word of the question is a word of the matched entity's name ("learning go": The Go Programming Language). */
  private inName(m: Match, words: readonly string[]): boolean {
    const name = new Set(allNameWords(m.doc.owner).filter((w) => !this.language.isStopWord(w)).map(stem));
    return words.some((w) => name.has(stem(w)));
  }

  /**
   * The one speaker who gave a talk and whose name (or company) holds every
   * word of the question but those that ask who they are ("role", "company"),
   * if any; `asksWho`: the question has such a word besides the name.
   */
  private onlySpeaker(confident: readonly Match[], words: readonly string[]): { speaker: SpeakerEntity; asksWho: boolean } | undefined {
    const found = confident.find((m) => m.doc.type === 'speaker' && this.kb.linked(m.doc.owner, 'talk').length > 0)?.doc.owner;
    if (found?.kind !== 'speaker' || words.length === 0) return undefined;
    const name = new Set([...allNameWords(found), ...tokenize(found.data.company ?? '')].map(stem));
    const rest = words.filter((w) => !name.has(stem(w)));
    return rest.every((w) => this.language.isPersonWord(w)) ? { speaker: found, asksWho: rest.length > 0 } : undefined;
  }

  /**
   * "What did Wren Adeyemi say about teams": a speaker asked about more than
   * their name is answered by their talk (which leads with the point asked about).
   */
  private theirTalk(best: Match, words: readonly string[], confident: readonly Match[], intent: Intent): Match {
    const person = best.doc.owner;
    if (intent === 'speaker' || best.doc.type !== 'speaker' || person.kind !== 'speaker') return best;
    const name = new Set([...allNameWords(person), ...tokenize(person.data.company ?? '')].map(stem));
    if (words.every((w) => name.has(stem(w)))) return best;
    const talks = this.kb.linked(person, 'talk');
    return confident.find((m) => m.doc.type === 'talk' && talks.includes(m.doc.owner as TalkEntity)) ?? best;
  }

  /**
   * The entity whose name of two or more words the question holds whole
   * ("kubernetes programming with go author": the book), unless a result
   * covers clearly more of the question ("how many sigma rules does Pellucid
   * keep in git": the point that says so, not the tool named "sigma rules").
   */
  private namedWhole(confident: readonly Match[], words: readonly string[]): Match | undefined {
    const named = longestNamed(this.language, confident, words);
    if (!named) return undefined;
    // "what did Manoj Bhagwat say about AWS accounts" asks what the person said, not who they are.
    const nameWords = new Set(allNameWords(named.doc.owner).map(stem));
    if (named.doc.owner.kind === 'speaker' && words.some((w) => !nameWords.has(stem(w)))) return undefined;
    const widest = Math.max(...confident.map((m) => m.coverage));
    return named.coverage >= widest - this.options.coverageMargin ? named : undefined;
  }

  /**
   * Among results scoring close to `top`, the one that covers clearly more of
   * the question; and when the question says more than the top entity's name,
   * a passage (a key point, a fact, a remark) covering as much, since it says
   * what was asked.
   */
  private widest(q: Question, words: readonly string[], confident: readonly Match[], top: Match, boost: (t: DocType) => number): Match {
    const isPassage = (m: Match) => m.doc.type === 'point' || m.doc.type === 'fact' || m.doc.type === 'remark';
    // "When does the CTF start": the passage that says when, over the talk
    // about CTFs; "how many rules does Pellucid keep": the one with a number.
    const answers = (m: Match) =>
      (q.asksTime && this.language.saysWhen([m.doc.text ?? ''])) ||
      (q.asksQuantity && this.language.givesNumber(m.doc.text ?? '')) ||
      (q.asksReason && this.language.givesReason(m.doc.text ?? ''));
    if ((q.asksTime || q.asksQuantity || q.asksReason) && !answers(top)) {
      const passage = confident.find((m) => isPassage(m) && m.coverage >= top.coverage && answers(m));
      if (passage) return passage;
    }
    const names = new Set(allNameWords(top.doc.owner).map(stem));
    // The words as understood (typos corrected), not as typed: "kuberntes operatr" names the operators talk.
    const saysMore = !isPassage(top) && words.some((w) => !names.has(stem(w)));
    let best = top;
    for (const m of confident) {
      if (m === top) continue;
      if (m.score < top.score * this.options.relatedRatio) break;
      // Never a kind the question asks for less (a booth question keeps the booth).
      if (!isPassage(m) && q.intent && boost(m.doc.type) < boost(top.doc.type)) continue;
      // A passage that says nothing but the name ("airlock microgateway
      // features" and a list of the expo's stands) is no better answer than the thing named.
      const passageWins =
        saysMore && isPassage(m) && !isPassage(best) && m.coverage >= best.coverage && words.some((w) => !names.has(stem(w)) && usesWord(this.language, [m.doc.text ?? ''], w));
      if (passageWins || m.coverage > best.coverage + this.options.coverageMargin) best = m;
    }
    return best;
  }

  /** "ticket" or one of its synonyms ("pass"): a word every ticket's name may use. */
  private isTicketWord(word: string): boolean {
    return this.ticketStems.has(stem(word));
  }

  /** A test for words that name the place of the event: a venue word ("venue", "hotel"), or a word of its venue's name or city. */
  private placeWords(q: Question, matches: readonly Match[] = []): (word: string) => boolean {
    const event = this.eventFor(q, matches);
    const venue = event?.data.venue;
    const names = stemsOf([event?.data.city ?? '', venue?.name ?? '', ...(venue?.aliases ?? [])]);
    return (word) => this.language.isVenueWord(word) || names.has(stem(word));
  }

  /** The event a question is about: named in it, the only one, or the one its matches belong to. */
  private eventFor(q: Question, matches: readonly Match[]): EventEntity | undefined {
    const events = this.kb.events.map((e) => e.event);
    const named = events.find((e) => q.contextWords.some((w) => allNameWords(e).includes(w)));
    if (named) return named;
    if (events.length === 1) return events[0];
    const owner = matches[0]?.doc.owner;
    return (owner && this.kb.eventOf(owner)) ?? events[0];
  }

  private list(kind: EntityKind, query: string, full: boolean): Reply {
    const entities = this.kb.all(kind);
    if (entities.length === 0) return noAnswerReply(this.kb, query, []);
    return listCard(this.kb, entities, cardInput(query, entities, [], full), LIST_TITLES[kind]);
  }

  /** The talks a match stands for: a talk itself, a point's talk, a speaker's or tool's talks. */
  private talksOf(m: Match): TalkEntity[] {
    const owner = m.doc.owner;
    if (owner.kind === 'talk') return [owner];
    if (owner.kind === 'event') return [];
    return this.kb.linked(owner, 'talk');
  }

  private talkAnswer(q: Question, related: readonly Match[], full: boolean): Reply {
    const scores = new Map<TalkEntity, number>();
    for (const m of related) {
      for (const t of this.talksOf(m)) scores.set(t, Math.max(scores.get(t) ?? 0, m.score));
    }
    const talks = [...scores].sort((a, b) => b[1] - a[1]).map(([t]) => t);
    const top = talks[0];
    if (!top) return noAnswerReply(this.kb, q.query, []);
    return talkCard(this.kb, top, cardInput(q.query, talks, related, full), leadPoints(this.language, this.kb, q, top, related));
  }

  private speakerAnswer(q: Question, best: Match, related: readonly Match[], full: boolean): Reply {
    const owner = best.doc.owner;
    const has = (w: string) => q.words.includes(w);
    // Asked by name ("who is Josip Stuhli"): the person's card. Asked by topic
    // ("who talked about Kuma"): the people behind the talk that covered it.
    if (owner.kind === 'speaker' && someNameIn(this.language, [owner.label, ...owner.aliases], has)) {
      return speakerCard(this.kb, owner, cardInput(q.query, [owner], related, full));
    }
    // "who is Michael Dame": an author, not a speaker.
    if (owner.kind === 'book' && someNameIn(this.language, owner.data.authors, has)) {
      return bookCard(this.kb, owner, cardInput(q.query, [owner], related, full));
    }
    const topic = related.find((m) => m.doc.owner.kind !== 'speaker') ?? best;
    // A topic several talks mention (Kubernetes): the one of them whose own
    // text matched best ("who gave the talk about keeping k8s from getting hacked").
    const own = (t: TalkEntity) => Math.max(0, ...related.filter((m) => m.doc.owner === t).map((m) => m.score));
    const talk = [...this.talksOf(topic)].sort((a, b) => own(b) - own(a))[0] ?? this.talksOf(best)[0];
    if (!talk) return this.card(q, best, related, full);
    const speakers = this.kb.linked(talk, 'speaker');
    const about = topic.doc.owner.kind === 'tool' ? topic.doc.owner.label : undefined;
    return speakersAnswer(this.kb, talk, cardInput(q.query, [...speakers, talk], related, full), about);
  }

  /** "Who made X?": what the notes say of X's maker, or that they don't say. */
  private makerReply(q: Question, words: readonly string[], related: readonly Match[], full: boolean): Reply | undefined {
    const made = (m: Match) => m.doc.owner.kind === 'tool' || m.doc.owner.kind === 'booth' || m.doc.owner.kind === 'book';
    // The maker verb is not among `words` (readQuestion leaves it out): "who wrote the go programming language".
    const exact = exactName(this.language, related.filter(made), words);
    const named = exact ?? related.find((m) => made(m) && m.doc.type === m.doc.owner.kind && namedIn(this.language, m.doc.owner, words));
    const e = (named ?? related.find(made))?.doc.owner;
    if (!e || (e.kind !== 'tool' && e.kind !== 'booth' && e.kind !== 'book')) return undefined;
    if (e.kind === 'book') return bookCard(this.kb, e, cardInput(q.query, [e], related, full));
    const text = e.kind === 'tool' ? e.data.purpose : e.data.description;
    const says = this.language.namesMaker(text) ? text : undefined;
    return makerAnswer(this.kb, e, cardInput(q.query, [e], related, full), says);
  }

  /** `words`: the question's words as understood (typos corrected), when known. */
  private card(q: Question, best: Match, related: readonly Match[], full: boolean, words: readonly string[] = q.words): Reply {
    const { doc } = best;
    const owner = doc.owner;
    const input = cardInput(q.query, entitiesOf(related), related, full);
    if (owner.kind === 'talk' && (doc.type === 'point' || doc.type === 'talk')) {
      return talkCard(this.kb, owner, input, leadPoints(this.language, this.kb, q, owner, related));
    }
    if (owner.kind === 'event' && (doc.type === 'fact' || doc.type === 'event')) return this.eventAnswer(q, owner, best, related, input, words);
    if (doc.type === 'remark' && doc.remark) return remarkAnswer(this.kb, doc.remark, owner, input);
    return this.entityCard(owner, input);
  }

  /** An event question: lead with the facts or tickets that matched, or the venue when asked where. */
  private eventAnswer(q: Question, event: EventEntity, best: Match, related: readonly Match[], input: CardInput, words: readonly string[]): Reply {
    // The event's own card matches every word its facts do: when it is the
    // best match, a fact that covers the question well enough still leads
    // ("how can online attendees ask questions": the moderator fact).
    const ownFacts = related.filter((m) => m.doc.type === 'fact' && m.doc.owner === event);
    const bar = best.doc.type === 'event' ? (ownFacts[0] && ownFacts[0].coverage >= this.options.minCoverage ? ownFacts[0].score : Infinity) : best.score;
    const facts = ownFacts
      .filter((m) => m.score >= bar * 0.8)
      .slice(0, 2)
      .map((m) => m.doc.index!);
    // Tickets live inside the event: one leads when it matches the question at
    // least as well as the best fact (a word of its name counts twice).
    // "ticket" names every ticket: only the other words tell tickets apart ("student ticket").
    const stems = new Set(q.words.map(stem).filter((w) => !this.ticketStems.has(w)));
    const overlap = (text: string) => new Set(tokenize(text).map(stem).filter((w) => stems.has(w))).size;
    const asksTicket = q.words.some((w) => this.isTicketWord(w));
    const ticketScore = (t: EventEntity['data']['tickets'][number]) =>
      2 * overlap(`${t.name} ${t.aliases.join(' ')}`) + overlap(t.details) + (asksTicket ? 1 : 0);
    const ranked = event.data.tickets
      .map((t, i) => ({ i, n: ticketScore(t) }))
      .filter((t) => t.n > 0)
      .sort((a, b) => b.n - a.n);
    // Tickets that match equally well are all named ("how much is a ticket").
    const tickets = ranked.filter((t) => t.n === ranked[0]?.n).slice(0, 3).map((t) => t.i);
    const factScore = facts.length > 0 ? 2 * overlap(event.data.facts[facts[0]!]!.text) : 0;
    const ticketLeads = ranked[0] !== undefined && ((best.doc.type === 'event' && facts.length === 0) || ranked[0].n >= factScore);
    // The venue leads when asked where, or when the question's words are in
    // the venue's directions rather than the summary ("is there parking").
    const v = event.data.venue;
    const venueWords = v ? overlap([v.name, ...v.aliases, v.location ?? '', v.getting_there ?? ''].join(' ')) : 0;
    const aboutVenue = best.doc.type === 'event' && !ticketLeads && venueWords > overlap(event.data.summary);
    // "how do I get to the venue": a fact that mentions the venue is no answer to where it is.
    const onlyPlace = words.length > 0 && words.every(this.placeWords(q));
    const venue = (onlyPlace || ((q.asksLocation || aboutVenue) && facts.length === 0)) && Boolean(v);
    const leadFacts = ticketLeads || onlyPlace ? [] : facts.length > 0 ? facts : venue ? [] : this.whenFacts(q, event);
    return eventCard(this.kb, event, input, { facts: leadFacts, tickets: ticketLeads ? tickets : [], venue });
  }

  /** For "when was it": the event's facts that say when (tagged or worded with a date word), at most two. */
  private whenFacts(q: Question, event: EventEntity): number[] {
    if (!q.asksTime) return [];
    return event.data.facts
      .map((f, i) => ({ i, when: this.language.saysWhen(f.tags) ? 2 : this.language.saysWhen([f.text]) ? 1 : 0 }))
      .filter((f) => f.when > 0)
      .sort((a, b) => b.when - a.when)
      .slice(0, 2)
      .map((f) => f.i);
  }

  private entityCard(e: Entity, input: CardInput): Reply {
    switch (e.kind) {
      case 'talk':
        return talkCard(this.kb, e, input);
      case 'speaker':
        return speakerCard(this.kb, e, input);
      case 'tool':
        return toolCard(this.kb, e, input);
      case 'booth':
        return boothCard(this.kb, e, input);
      case 'book':
        return bookCard(this.kb, e, input);
      case 'event':
        return eventCard(this.kb, e, input);
    }
  }

}

export type { Intent };
