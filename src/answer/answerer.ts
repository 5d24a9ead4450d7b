/**
 * From a command and a query to a reply: read the question, search, decide
 * whether anything is a confident answer, and pick the card that leads with
 * what was asked (the matched key point, the tool list, the speaker).
 */
import { COMMANDS, type CommandName } from '../commands.js';
import { refOf, type Entity, type KnowledgeBase, type TalkEntity, type ToolEntity } from '../knowledge/base.js';
import type { EntityKind, EntityRef, Reply, ReplyHit } from '../reply.js';
import type { DocType, Match, SearchIndex } from '../search/index.js';
import type { SearchOptions } from '../search/options.js';
import { analyseQuery, isHelpRequest, isStopWord, type Intent } from '../search/query.js';
import { tokenize } from '../text/normalize.js';
import {
  bookCard,
  boothCard,
  eventCard,
  listCard,
  remarkAnswer,
  speakerCard,
  speakersAnswer,
  talkCard,
  toolCard,
  toolList,
  type CardInput,
} from './cards.js';

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

/** The folded words of an entity's name and aliases. */
function allNameWords(e: Entity): string[] {
  return [e.label, ...e.aliases].flatMap((n) => tokenize(n));
}

/** True when, for one of `names`, every content word is one `has` knows. */
function someNameIn(names: readonly string[], has: (word: string) => boolean): boolean {
  return names.some((name) => {
    const parts = tokenize(name).filter((w) => !isStopWord(w));
    return parts.length > 0 && parts.every(has);
  });
}

/** True when the query's words include every word of the entity's name or of one alias. */
function namedIn(e: Entity, words: readonly string[]): boolean {
  return someNameIn([e.label, ...e.aliases], (w) => words.includes(w));
}

/** True when one of `tool`'s problems mentions `subject` by name ("analyse a heap dump"). */
function solves(tool: ToolEntity, subject: Entity): boolean {
  const problemWords = new Set(tool.data.problems.flatMap((p) => tokenize(p)));
  return someNameIn([subject.label, ...subject.aliases], (w) => problemWords.has(w));
}

/** In a list answer, items scoring below this share of the best one are left out. */
const LIST_RATIO = 0.7;

function usageOf(name: CommandName): string {
  const spec = COMMANDS.find((c) => c.name === name);
  return spec && 'usage' in spec ? spec.usage : 'kuma';
}

export class Answerer {
  constructor(
    private readonly kb: KnowledgeBase,
    private readonly index: SearchIndex,
    private readonly options: SearchOptions,
  ) {}

  answer(command: CommandName, query: string, names: Partial<Record<CommandName, string>> = {}): Reply {
    if (command === 'help') return this.help(names);
    if (command === 'tip') return this.tipNotice(query);
    if (!query) return this.help(names, command === 'ask' ? undefined : command);
    if (command === 'ask' && isHelpRequest(query)) return this.help(names);

    const { words, intent: asked } = analyseQuery(query);
    const intent: Intent = command === 'talk' ? 'talk' : command === 'tool' ? 'tool' : asked;
    if (words.length === 0) {
      if (intent === 'event') {
        const event = this.kb.events[0]?.event;
        if (event) return eventCard(this.kb, event, this.input(query, [event], []));
      }
      if (intent === 'talk' || intent === 'speaker' || intent === 'tool' || intent === 'booth' || intent === 'book') {
        return this.list(intent, query);
      }
      return this.noAnswer(query, [], names);
    }

    const allowed = COMMAND_TYPES[command];
    const boosts = BOOSTS[intent ?? 'none'] ?? {};
    const boost = (t: DocType) => (allowed && !allowed.has(t) ? 0 : (boosts[t] ?? (intent ? 0.8 : 1)));
    const { matches, resolved } = this.index.search(words, boost);
    const top = matches[0];
    if (!top || top.coverage < this.options.minCoverage) return this.noAnswer(query, matches, names);
    // A question that is exactly an entity's name ("what is a service mesh") is about that entity.
    const best = intent === 'talk' || intent === 'speaker' ? top : (this.exactName(matches, resolved, top) ?? top);

    const confident = [
      best,
      ...matches.filter(
        (m) => m !== best && m.coverage >= this.options.minCoverage && m.score >= top.score * this.options.relatedRatio,
      ),
    ];
    if (command === 'talk') return this.talkAnswer(query, confident);
    if (intent === 'speaker') return this.speakerAnswer(query, words, best, confident);
    if (intent === 'tool') {
      const reply = this.toolAnswer(query, resolved, confident, asked === 'tool');
      if (reply) return reply;
    } else if (best.doc.owner.kind === 'tool' && best.doc.type === 'tool') {
      return toolCard(this.kb, best.doc.owner, this.input(query, [best.doc.owner], confident));
    }
    if (intent === 'book' || intent === 'booth') {
      const picked = this.entitiesOf(confident).filter((e) => e.kind === intent);
      if (picked.length > 1) return listCard(this.kb, picked, this.input(query, picked, confident), LIST_TITLES[intent]);
    }
    return this.card(query, best, confident, intent);
  }

  /** The card of one entity. */
  open(ref: Pick<EntityRef, 'kind' | 'event' | 'id'>): Reply | undefined {
    const e = this.kb.get(ref.kind, ref.event, ref.id);
    if (!e) return undefined;
    const input = this.input(e.label, [e], []);
    return this.entityCard(e, input);
  }

  complete(kind: 'talk' | 'tool', prefix: string, limit: number): EntityRef[] {
    const max = Math.max(0, Math.min(limit, 25));
    const words = analyseQuery(prefix).words;
    if (words.length === 0) return this.kb.all(kind).slice(0, max).map(refOf);
    const types = COMMAND_TYPES[kind]!;
    const { matches } = this.index.search(words, (t) => (types.has(t) ? (t === kind ? 1.5 : 1) : 0), { prefixLast: true });
    const out: Entity[] = [];
    for (const m of matches) {
      for (const e of kind === 'talk' ? this.talksOf(m) : m.doc.owner.kind === 'tool' ? [m.doc.owner] : []) {
        if (!out.includes(e)) out.push(e);
      }
      if (out.length >= max) break;
    }
    return out.slice(0, max).map(refOf);
  }

  help(names: Partial<Record<CommandName, string>> = {}, missingFor?: CommandName): Reply {
    const name = (c: CommandName) => names[c] ?? `/${c}`;
    const events = this.kb.events.map((e) => e.event.label);
    const lead = missingFor
      ? `${name(missingFor)} needs something to look up, for example: ${name(missingFor)} ${usageOf(missingFor)}`
      : `I answer questions about ${events.join(' and ') || 'the conference'}: its talks, speakers, the tools they mentioned, the expo booths and the recommended books. Ask in plain words, or use a command.`;
    return {
      status: 'help',
      query: '',
      title: 'Hallway: ask about the conference',
      lead,
      fields: [],
      sections: [
        {
          heading: 'Commands',
          items: COMMANDS.map((c) => ({
            title: `${name(c.name)}${'usage' in c ? ` ${c.usage}` : ''}`,
            text: c.description,
          })),
        },
        { heading: 'Or just ask', items: this.examples().map((title) => ({ title })) },
      ],
      related: [],
      suggestions: [],
      hits: [],
    };
  }

  /** Example questions drawn from the knowledge itself, so they fit whichever event is loaded. */
  private examples(): string[] {
    const out: string[] = [];
    const tool = this.kb.all('tool').find((t) => t.data.problems.length > 0 && t.links.talk.length > 0);
    if (tool) out.push(`which tool can I use to ${tool.data.problems[0]}?`);
    const talk = this.kb.all('talk').find((t) => t.links.speaker.length > 0 && t.tags.length > 0);
    if (talk) out.push(`who talked about ${talk.tags[0]}?`);
    const booth = this.kb.all('booth')[0];
    if (booth) out.push(`what was at the ${booth.label} booth?`);
    return out;
  }

  private tipNotice(query: string): Reply {
    return {
      status: 'notice',
      query,
      title: 'Daily tips',
      lead: 'Daily tips are not switched on here yet. Meanwhile, ask about any talk, tool or speaker.',
      fields: [],
      sections: [],
      related: [],
      suggestions: [],
      hits: [],
    };
  }

  private list(kind: EntityKind, query: string): Reply {
    const entities = this.kb.all(kind);
    if (entities.length === 0) return this.noAnswer(query, []);
    return listCard(this.kb, entities, this.input(query, entities, []), LIST_TITLES[kind]);
  }

  private noAnswer(query: string, matches: readonly Match[], names: Partial<Record<CommandName, string>> = {}): Reply {
    const name = (c: CommandName) => names[c] ?? `/${c}`;
    const labels = new Set<string>();
    const suggestions = this.entitiesOf(matches)
      .filter((e) => !labels.has(e.label.toLowerCase()) && labels.add(e.label.toLowerCase()))
      .slice(0, 3)
      .map(refOf);
    return {
      status: 'no-answer',
      query,
      title: 'No answer found',
      lead: `I found nothing about “${query}” in the conference notes.${suggestions.length ? ' Did you mean one of these?' : ''}`,
      fields: [],
      sections: [
        {
          text: `Try a talk topic, a speaker, a tool or a problem, e.g. ${name('talk')} ${usageOf('talk')}, ${name('tool')} ${usageOf('tool')}, or ${name('help')}.`,
        },
      ],
      related: [],
      suggestions,
      hits: [],
    };
  }

  /** The talks a match stands for: a talk itself, a point's talk, a speaker's or tool's talks. */
  private talksOf(m: Match): TalkEntity[] {
    const owner = m.doc.owner;
    if (owner.kind === 'talk') return [owner];
    if (owner.kind === 'event') return [];
    return this.kb.linked(owner, 'talk');
  }

  private talkAnswer(query: string, confident: readonly Match[]): Reply {
    const scores = new Map<TalkEntity, number>();
    for (const m of confident) {
      for (const t of this.talksOf(m)) scores.set(t, Math.max(scores.get(t) ?? 0, m.score));
    }
    const talks = [...scores].sort((a, b) => b[1] - a[1]).map(([t]) => t);
    const top = talks[0];
    if (!top) return this.noAnswer(query, confident);
    // Lead with key points only when a point, not the talk as a whole, answered best.
    const points = confident[0]?.doc.type === 'point' ? this.leadPoints(top, confident) : [];
    return talkCard(this.kb, top, this.input(query, talks, confident), points);
  }

  /** Key points of `talk` that matched well enough to lead the answer. */
  private leadPoints(talk: TalkEntity, confident: readonly Match[]): number[] {
    const best = confident[0]?.score ?? 0;
    return confident
      .filter((m) => m.doc.type === 'point' && m.doc.owner === talk && m.score >= best * 0.8)
      .slice(0, 2)
      .map((m) => m.doc.index!);
  }

  private speakerAnswer(query: string, words: readonly string[], best: Match, confident: readonly Match[]): Reply {
    const owner = best.doc.owner;
    // Asked by name ("who is Josip Stuhli"): the person's card. Asked by topic
    // ("who talked about Kuma"): the people behind the talk that covered it.
    if (owner.kind === 'speaker' && namedIn(owner, words)) {
      return speakerCard(this.kb, owner, this.input(query, [owner], confident));
    }
    // "who is Michael Dame": an author, not a speaker.
    if (owner.kind === 'book' && someNameIn(owner.data.authors, (w) => words.includes(w))) {
      return bookCard(this.kb, owner, this.input(query, [owner], confident));
    }
    const topic = confident.find((m) => m.doc.owner.kind !== 'speaker') ?? best;
    const talk = this.talksOf(topic)[0] ?? this.talksOf(best)[0];
    if (!talk) return this.card(query, best, confident);
    const speakers = this.kb.linked(talk, 'speaker');
    const about = topic.doc.owner.kind === 'tool' ? topic.doc.owner.label : undefined;
    return speakersAnswer(this.kb, talk, this.input(query, [...speakers, talk], confident), about);
  }

  /**
   * "/tool grafana" or "/tool heap dump" names an entity: its card, which also
   * lists the tools whose problems mention it. "which tool can I use for a heap
   * dump?" asks for tools: the tools whose problems mention the named thing, or
   * else the best-matching tools, what each is for and where it was mentioned.
   */
  private toolAnswer(
    query: string,
    words: readonly string[],
    confident: readonly Match[],
    asksForTools: boolean,
  ): Reply | undefined {
    const tools = this.toolsOf(confident);
    if (tools.length === 0) return undefined;
    const exact = tools.find((t) => namedIn(t, words) && words.every((w) => allNameWords(t).includes(w)));
    const solvers = exact ? tools.filter((t) => t !== exact && solves(t, exact)) : [];
    if (exact && !(asksForTools && solvers.length > 0)) {
      return toolCard(this.kb, exact, this.input(query, [exact, ...solvers], confident), solvers);
    }
    const pool = (solvers.length > 0 ? solvers : tools).filter((t) => !namedIn(t, words));
    const scoreOf = (t: ToolEntity) => confident.find((m) => m.doc.owner === t)?.score ?? 0;
    const top = Math.max(0, ...pool.map(scoreOf));
    const list = pool.filter((t) => scoreOf(t) >= top * LIST_RATIO);
    if (list.length > 1) return toolList(this.kb, list, this.input(query, list, confident));
    const tool = list[0] ?? tools[0]!;
    return toolCard(this.kb, tool, this.input(query, [tool], confident));
  }

  private toolsOf(confident: readonly Match[]): ToolEntity[] {
    const tools: ToolEntity[] = [];
    // With several events the same tool may be described in each: list it once.
    const names = new Set<string>();
    for (const m of confident) {
      const owner = m.doc.owner;
      if (m.doc.type !== 'tool' || owner.kind !== 'tool' || names.has(owner.label.toLowerCase())) continue;
      names.add(owner.label.toLowerCase());
      tools.push(owner);
    }
    if (tools.length === 0) {
      for (const m of confident.slice(0, 1)) {
        if (m.doc.type === 'point' && m.doc.owner.kind === 'talk') {
          const ids = m.doc.owner.data.points[m.doc.index!]?.tools ?? [];
          for (const id of ids) {
            const t = this.kb.get('tool', m.doc.owner.event, id);
            if (t) tools.push(t);
          }
        }
      }
    }
    return tools.slice(0, this.options.maxListItems);
  }

  private exactName(matches: readonly Match[], words: readonly string[], top: Match): Match | undefined {
    return matches.find(
      (m) =>
        m.doc.type === m.doc.owner.kind &&
        m.score >= top.score * this.options.relatedRatio &&
        namedIn(m.doc.owner, words) &&
        words.every((w) => allNameWords(m.doc.owner).includes(w)),
    );
  }

  private entitiesOf(matches: readonly Match[]): Entity[] {
    const out: Entity[] = [];
    for (const m of matches) if (!out.includes(m.doc.owner)) out.push(m.doc.owner);
    return out;
  }

  private card(query: string, best: Match, confident: readonly Match[], intent?: Intent): Reply {
    const { doc } = best;
    const owner = doc.owner;
    const input = this.input(query, this.entitiesOf(confident), confident);
    if (doc.type === 'point' && owner.kind === 'talk') return talkCard(this.kb, owner, input, this.leadPoints(owner, confident));
    if (doc.type === 'talk' && owner.kind === 'talk' && intent === 'fact') {
      // "why …" answered by a whole talk: lead with its best-matching key point.
      const point = confident.find((m) => m.doc.type === 'point' && m.doc.owner === owner);
      if (point) return talkCard(this.kb, owner, input, [point.doc.index!]);
    }
    if (doc.type === 'fact' && owner.kind === 'event') {
      const facts = confident
        .filter((m) => m.doc.type === 'fact' && m.doc.owner === owner && m.score >= best.score * 0.8)
        .slice(0, 2)
        .map((m) => m.doc.index!);
      return eventCard(this.kb, owner, input, facts);
    }
    if (doc.type === 'remark' && doc.remark) return remarkAnswer(this.kb, doc.remark, owner, input);
    return this.entityCard(owner, input);
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

  /** Hits: the answer's own entities first, then the other confident results. */
  private input(query: string, primary: readonly Entity[], confident: readonly Match[]): CardInput {
    const top = confident[0]?.score ?? 1;
    const hits: ReplyHit[] = [];
    const seen = new Set<Entity>();
    let last = 1;
    // Scores never rise down the list: the answer's own entities come first.
    const push = (e: Entity, score: number) => {
      if (seen.has(e)) return;
      seen.add(e);
      last = Math.max(0.001, Math.min(last, score));
      hits.push({ kind: e.kind, id: e.id, title: e.label, score: Math.round(last * 1000) / 1000, ref: refOf(e) });
    };
    const scoreOf = (e: Entity) => {
      const m = confident.find((c) => c.doc.owner === e);
      return m ? m.score / top : 1;
    };
    primary.forEach((e, i) => push(e, i === 0 ? 1 : scoreOf(e)));
    for (const m of confident) push(m.doc.owner, m.score / top);
    return { query, hits };
  }
}
