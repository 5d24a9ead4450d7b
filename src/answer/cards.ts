/**
 * Cards: the reply for one entity, or for a list of entities, built from the
 * knowledge base. Pure functions of the knowledge; the answerer decides which
 * card fits a question and what it leads with.
 *
 * Every card comes in two lengths. The short one is a chat answer: the answer
 * in at most a few sentences, a compact field or two, up to three buttons, and
 * `more: true` when there is more to show. The full one (`input.full`) is the
 * whole card: every key point, tool, note and fact. No entity's name is
 * written more than twice in a short card.
 */
import {
  refOf,
  type BookEntity,
  type BoothEntity,
  type Entity,
  type EventEntity,
  type KnowledgeBase,
  type RemarkData,
  type SpeakerEntity,
  type TalkEntity,
  type ToolEntity,
} from '../knowledge/base.js';
import type { EntityRef, Reply, ReplyField, ReplyHit, ReplyItem, ReplySection, ReplySource } from '../reply.js';
import type { Match } from '../search/index.js';

/**
 * A card's input for one answer. Hits: the answer's own entities (`primary`)
 * first, then the other results, scores relative to the best and never rising
 * down the list.
 */
export function cardInput(query: string, primary: readonly Entity[], related: readonly Match[], full: boolean): CardInput {
  const top = related[0]?.score ?? 1;
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
    const m = related.find((c) => c.doc.owner === e);
    return m ? m.score / top : 1;
  };
  primary.forEach((e, i) => push(e, i === 0 ? 1 : scoreOf(e)));
  for (const m of related) push(m.doc.owner, m.score / top);
  return { query, hits, full };
}

export interface CardInput {
  readonly query: string;
  readonly hits: readonly ReplyHit[];
  /** The whole card instead of the chat-sized answer. */
  readonly full: boolean;
}

/** Most items of one list in a full card. */
const MAX_ITEMS = 30;
/** Most buttons under a short card. */
const MAX_SHORT_RELATED = 3;
/** Most items of a list in a short card. */
const MAX_SHORT_ITEMS = 5;
/** Longest lead of a short card, in characters. */
const MAX_SHORT_LEAD = 320;
/** Longest first sentence of a speaker's bio that a short speaker card gives. */
const MAX_BIO_SENTENCE = 200;
/** Longest one-line description of an item in a short card. */
const MAX_SHORT_ITEM_TEXT = 110;
/** Longest command shown on a tool's line in a chat-sized list; a longer one (a whole query) is left to the full card. */
const MAX_SHORT_ITEM_CODE = 40;

/** "A, B and C". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export const quote = (title: string) => `“${title}”`;

/** The end of a sentence: ".", "!" or "?" and a space, unless the dot ends an initial ("Brian W.") or a short abbreviation ("e.g.", "vs."). */
const SENTENCE_END = /(?<=(?<!\b(?:e\.g|i\.e|vs|etc|approx|ca|\p{Lu}))[.!?])\s+(?=[“"'(\p{L}\p{N}`])/u;

/**
 * The first `sentences` sentences of `text`, within `max` characters; a first
 * sentence longer than that is cut at a word and ends with "…".
 */
export function brief(text: string, sentences: number, max: number): string {
  const parts = text.trim().split(SENTENCE_END);
  let out = '';
  for (const s of parts.slice(0, sentences)) {
    const next = out ? `${out} ${s}` : s;
    if (next.length > max) break;
    out = next;
  }
  if (out) return out;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}

function reply(input: CardInput, r: Omit<Reply, 'status' | 'query' | 'hits' | 'suggestions'> & Partial<Reply>): Reply {
  const out: Reply = {
    status: 'answer',
    query: input.query,
    hits: input.hits,
    suggestions: [],
    ...(input.full ? {} : { more: true }),
    ...r,
  };
  if (input.full) return out;
  // A chat answer names each entity at most twice: a button for one its text
  // already names twice would be a third time. Two buttons with one label (a
  // tool and the booth of the same name) would look the same: the first stays.
  const text = [out.title, out.lead, ...out.fields.map((f) => f.value), ...out.sections.flatMap(sectionText)].join('\n');
  const related = out.related.filter((ref, i) => mentions(text, ref.label) < 2 && !out.related.slice(0, i).some((r) => r.label === ref.label));
  return { ...out, related };
}

function sectionText(s: ReplySection): string[] {
  return [s.heading ?? '', s.text ?? '', ...(s.items ?? []).flatMap((i) => [i.title ?? '', i.text ?? ''])];
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * How often `name` stands in `text` as a whole word or phrase (not next to a
 * letter or digit). Found with indexOf rather than a regular expression built
 * per name: compiling a Unicode one for every related entry of every answer
 * was about half the time of an answer at 10,000 talks.
 */
function mentions(text: string, name: string): number {
  if (name.length === 0) return 0;
  const isWordChar = (codePoint: number | undefined) => codePoint !== undefined && WORD_CHAR.test(String.fromCodePoint(codePoint));
  let count = 0;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at)) {
    const end = at + name.length;
    const pair = at >= 2 && isLowSurrogate(text.charCodeAt(at - 1)) && isHighSurrogate(text.charCodeAt(at - 2));
    const before = at === 0 ? undefined : text.codePointAt(pair ? at - 2 : at - 1);
    if (!isWordChar(before) && !isWordChar(text.codePointAt(end))) {
      count++;
      at = end;
    } else at++;
  }
  return count;
}

function dedupeRefs(refs: readonly EntityRef[], exclude: readonly EntityRef[] = []): EntityRef[] {
  const seen = new Set(exclude.map((r) => `${r.kind}:${r.event}:${r.id}`));
  const out: EntityRef[] = [];
  for (const r of refs) {
    const k = `${r.kind}:${r.event}:${r.id}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(r);
    }
  }
  return out;
}

/** "Philipp Kürsten and Fabian Hardt (Opitz Consulting)". */
export function speakerLine(speakers: readonly SpeakerEntity[]): string {
  const byCompany = new Map<string, string[]>();
  for (const s of speakers) {
    const company = s.data.company ?? '';
    byCompany.set(company, [...(byCompany.get(company) ?? []), s.label]);
  }
  return [...byCompany]
    .map(([company, names]) => (company ? `${joinNames(names)} (${company})` : joinNames(names)))
    .join('; ');
}

function remarkSection(remarks: readonly RemarkData[]): ReplySection[] {
  if (remarks.length === 0) return [];
  return [{ heading: "Author's notes (the synopsis writer's own remarks)", items: remarks.map((r) => ({ text: r.text })) }];
}

/** Where an entity was mentioned: its talks' titles in quotes, and its booths. */
function mentionedIn(kb: KnowledgeBase, e: Entity, max = 3): string[] {
  return [...kb.linked(e, 'talk').map((t) => quote(t.label)), ...kb.linked(e, 'booth').map((b) => `the ${b.label} booth`)].slice(0, max);
}

function toolItem(kb: KnowledgeBase, tool: ToolEntity, withSource = true): ReplyItem {
  const where = mentionedIn(kb, tool);
  const text = withSource && where.length > 0 ? `${tool.data.purpose} Mentioned in ${joinNames(where)}.` : tool.data.purpose;
  return { title: tool.label, text, ...(tool.data.command ? { code: tool.data.command } : {}), ref: refOf(tool) };
}

/**
 * List lines that say the same thing ("One of several service mesh
 * implementations named in …") become one line naming them all, so a chat
 * answer does not repeat a sentence (and the names in it) line after line.
 */
function mergeSameText(items: readonly ReplyItem[]): ReplyItem[] {
  const groups: { item: ReplyItem; titles: string[] }[] = [];
  for (const item of items) {
    const same = item.text && !item.code ? groups.find((g) => g.item.text === item.text && !g.item.code) : undefined;
    if (same && item.title) same.titles.push(item.title);
    else groups.push({ item, titles: item.title ? [item.title] : [] });
  }
  return groups.map(({ item, titles }) => (titles.length > 1 ? { ...item, title: joinNames(titles) } : item));
}

/** The text up to its first semicolon, when that says enough on its own (a line of a list). */
function firstClause(text: string): string {
  const at = text.indexOf('; ');
  return at >= 20 ? `${text.slice(0, at)}.` : text;
}

/** A tool on one line: its name and the first clause of what it is for. */
function shortToolItem(tool: ToolEntity): ReplyItem {
  return {
    title: tool.label,
    text: brief(firstClause(tool.data.purpose), 1, MAX_SHORT_ITEM_TEXT),
    ...(tool.data.command && tool.data.command !== tool.label && tool.data.command.length <= MAX_SHORT_ITEM_CODE ? { code: tool.data.command } : {}),
    ref: refOf(tool),
  };
}

function talkItem(kb: KnowledgeBase, talk: TalkEntity): ReplyItem {
  const speakers = kb.linked(talk, 'speaker');
  return { title: talk.label, text: speakers.length ? `by ${speakerLine(speakers)}` : talk.data.summary, ref: refOf(talk) };
}

function eventSource(kb: KnowledgeBase, entity: Entity): ReplySource {
  const event = kb.eventOf(entity);
  return event ? { event: refOf(event) } : {};
}

function sourceOf(kb: KnowledgeBase, talk: TalkEntity | undefined, entity: Entity): ReplySource {
  return {
    ...(talk ? { talk: refOf(talk), speakers: kb.linked(talk, 'speaker').map(refOf) } : {}),
    ...eventSource(kb, entity),
  };
}

const shortLead = (text: string, sentences = 3) => brief(text, sentences, MAX_SHORT_LEAD);

export function talkCard(kb: KnowledgeBase, talk: TalkEntity, input: CardInput, leadPoints: readonly number[] = []): Reply {
  const speakers = kb.linked(talk, 'speaker');
  const tools = kb.linked(talk, 'tool');
  const booths = kb.linked(talk, 'booth');
  const lead = leadPoints.length > 0 ? leadPoints.map((i) => talk.data.points[i]!.text).join(' ') : talk.data.summary;
  const fields: ReplyField[] = [
    { name: 'Speakers', value: speakers.length > 0 ? speakerLine(speakers) : 'no speaker named in the notes' },
  ];
  if (!input.full) {
    const shortText = shortLead(lead);
    // The lead already names every speaker: no field to say it again.
    const named = speakers.length > 0 && speakers.every((s) => shortText.includes(s.label));
    const pointTools = leadPoints
      .flatMap((i) => talk.data.points[i]!.tools)
      .map((id) => kb.get('tool', talk.event, id))
      .filter((t): t is ToolEntity => t !== undefined);
    return reply(input, {
      title: talk.label,
      lead: shortText,
      fields: named ? [] : fields,
      sections: [],
      related: dedupeRefs([...pointTools, ...speakers, ...booths].map(refOf)).slice(0, MAX_SHORT_RELATED),
      source: eventSource(kb, talk),
    });
  }
  if (booths.length > 0) fields.push({ name: 'At the expo', value: booths.map((b) => b.label).join(', ') });
  const sections: ReplySection[] = [];
  if (leadPoints.length > 0) sections.push({ heading: 'About the talk', text: talk.data.summary });
  const rest = talk.data.points.map((p, i) => ({ p, i })).filter(({ i }) => !leadPoints.includes(i));
  if (rest.length > 0) {
    sections.push({
      heading: leadPoints.length > 0 ? 'Other key points' : 'Key points',
      items: rest.slice(0, MAX_ITEMS).map(({ p }) => ({ text: p.text })),
    });
  }
  if (tools.length > 0) {
    sections.push({ heading: 'Tools mentioned', items: tools.slice(0, MAX_ITEMS).map((t) => toolItem(kb, t, false)) });
  }
  sections.push(...remarkSection(talk.remarks));
  const related = dedupeRefs([...speakers, ...booths, ...kb.linked(talk, 'book')].map(refOf));
  return reply(input, { title: talk.label, lead, fields, sections, related, source: eventSource(kb, talk) });
}

export function speakerCard(kb: KnowledgeBase, speaker: SpeakerEntity, input: CardInput): Reply {
  const talks = kb.linked(speaker, 'talk');
  const company = speaker.data.company ? ` (${speaker.data.company})` : '';
  const gave = talks.length > 0 ? ` gave ${joinNames(talks.map((t) => quote(t.label)))}` : ' is named in the notes';
  // The short card names the talks and gives the bio's first sentence (who they
  // are: "CTO of Sofascore …"), unless that sentence retells a talk by its title;
  // the whole bio waits behind "More".
  const first = speaker.data.bio ? brief(speaker.data.bio, 1, MAX_BIO_SENTENCE) : '';
  const retells = talks.some((t) => first.toLowerCase().includes(t.label.toLowerCase()));
  const bio = !speaker.data.bio ? '' : input.full || talks.length === 0 ? ` ${speaker.data.bio}` : retells ? '' : ` ${first}`;
  const lead = `${speaker.label}${company}${gave}.${bio}`;
  const coSpeakers = talks.flatMap((t) => kb.linked(t, 'speaker')).filter((s) => s.id !== speaker.id);
  if (!input.full) {
    return reply(input, {
      title: speaker.label,
      lead: shortLead(lead),
      fields: [],
      sections: [],
      related: dedupeRefs([...talks, ...coSpeakers].map(refOf)).slice(0, MAX_SHORT_RELATED),
      source: eventSource(kb, speaker),
    });
  }
  const fields: ReplyField[] = speaker.data.company ? [{ name: 'Company', value: speaker.data.company }] : [];
  const sections: ReplySection[] = [];
  for (const talk of talks) sections.push({ heading: talk.label, text: talk.data.summary });
  sections.push(...remarkSection(speaker.remarks));
  return reply(input, {
    title: speaker.label,
    lead,
    fields,
    sections,
    related: dedupeRefs(coSpeakers.map(refOf)),
    source: eventSource(kb, speaker),
  });
}

/** The people behind a talk, for "who …" questions; `about` names what they spoke about. */
export function speakersAnswer(kb: KnowledgeBase, talk: TalkEntity, input: CardInput, about?: string): Reply {
  const speakers = kb.linked(talk, 'speaker');
  if (speakers.length === 0) {
    const booths = kb.linked(talk, 'booth');
    const by =
      booths.length > 0
        ? `It was presented by ${joinNames(booths.map((b) => b.label))}; the notes name no speaker.`
        : 'The notes name no speaker for it.';
    const card = talkCard(kb, talk, input);
    return { ...card, lead: `${quote(talk.label)}${about ? ` covered ${about}.` : '.'} ${by}` };
  }
  const names = joinNames(speakers.map((s) => s.label));
  const lead = `${speakerLine(speakers)} ${about ? `spoke about ${about} in` : 'gave'} ${quote(talk.label)}.`;
  if (!input.full) {
    return reply(input, {
      title: names,
      lead,
      fields: [],
      sections: [],
      related: [refOf(talk)],
      source: eventSource(kb, talk),
    });
  }
  const bios = speakers.filter((s) => s.data.bio).map((s) => ({ title: s.label, text: s.data.bio!, ref: refOf(s) }));
  const sections: ReplySection[] = [{ heading: 'The talk', text: talk.data.summary }];
  if (bios.length > 0) sections.push({ heading: 'About the speakers', items: bios });
  return reply(input, {
    title: names,
    lead,
    fields: [],
    sections,
    related: [refOf(talk)],
    source: eventSource(kb, talk),
  });
}

/**
 * A tool's card; `helpers` are tools whose problems mention this one ("analyse
 * a heap dump"); `said`, a key point about the tool that says what was asked
 * beyond its name, follows its purpose in the short card.
 */
export function toolCard(kb: KnowledgeBase, tool: ToolEntity, input: CardInput, helpers: readonly ToolEntity[] = [], said?: string): Reply {
  const talks = kb.linked(tool, 'talk');
  const booths = kb.linked(tool, 'booth');
  const where = mentionedIn(kb, tool);
  const mentioned = where.length > 0 ? ` Mentioned in ${joinNames(where)}.` : '';
  const fields: ReplyField[] = [];
  if (tool.data.command && tool.data.command !== tool.label) fields.push({ name: 'Command', value: tool.data.command });
  if (!input.full) {
    const sections: ReplySection[] =
      helpers.length > 0
        ? [{ heading: 'Tools for it', items: helpers.slice(0, MAX_SHORT_ITEMS).map(shortToolItem) }]
        : [];
    const purpose = helpers.length > 0 ? brief(tool.data.purpose, 1, 160) : shortLead(tool.data.purpose, 2);
    return reply(input, {
      title: tool.label,
      lead: `${purpose}${said ? ` ${said}` : ''}${mentioned}`,
      fields,
      sections,
      related: dedupeRefs([...talks, ...booths].map(refOf)).slice(0, MAX_SHORT_RELATED),
      source: eventSource(kb, tool),
    });
  }
  if (tool.data.category) fields.push({ name: 'Category', value: tool.data.category });
  const sections: ReplySection[] = [];
  if (helpers.length > 0) sections.push({ heading: `Tools for ${tool.label.toLowerCase()}`, items: helpers.map((t) => toolItem(kb, t)) });
  if (tool.data.problems.length > 0) sections.push({ heading: 'Reach for it to', items: tool.data.problems.map((p) => ({ text: p })) });
  const mentionedItems: ReplyItem[] = [
    ...talks.map((t) => talkItem(kb, t)),
    ...booths.map((b) => ({ title: `${b.label} (expo booth)`, text: b.data.description, ref: refOf(b) })),
  ];
  if (mentionedItems.length > 0) sections.push({ heading: 'Mentioned in', items: mentionedItems.slice(0, MAX_ITEMS) });
  sections.push(...remarkSection(tool.remarks));
  const siblings = talks
    .flatMap((t) => t.data.points.filter((p) => p.tools.includes(tool.id)).flatMap((p) => p.tools))
    .filter((id) => id !== tool.id)
    .map((id) => kb.get('tool', tool.event, id))
    .filter((t): t is ToolEntity => t !== undefined);
  return reply(input, {
    title: tool.label,
    lead: tool.data.purpose,
    fields,
    sections,
    related: dedupeRefs([...siblings, ...kb.linked(tool, 'tool')].map(refOf)).slice(0, 8),
    source: sourceOf(kb, talks[0], tool),
  });
}

/**
 * "Who made X?" when the notes may not say: the sentence that does say it
 * (`says`), or an honest "the notes don't say", with where X was mentioned.
 */
export function makerAnswer(kb: KnowledgeBase, e: Entity, input: CardInput, says: string | undefined): Reply {
  const where = mentionedIn(kb, e);
  const mentioned = where.length > 0 ? ` It was mentioned in ${joinNames(where)}.` : '';
  const lead = says ? `${brief(says, 2, 240)}${mentioned}` : `The notes don't say who made ${e.label}.${mentioned}`;
  return reply(input, {
    title: e.label,
    lead,
    fields: [],
    sections: [],
    related: dedupeRefs([...kb.linked(e, 'talk'), ...kb.linked(e, 'booth')].map(refOf)).slice(0, MAX_SHORT_RELATED),
    source: eventSource(kb, e),
    more: true,
  });
}

/** Several tools for one problem: what each is for, and where it was mentioned. */
export function toolList(kb: KnowledgeBase, tools: readonly ToolEntity[], input: CardInput, of?: TalkEntity): Reply {
  const talks = of ? [refOf(of)] : dedupeRefs(tools.flatMap((t) => kb.linked(t, 'talk')).map(refOf));
  const names = joinNames(tools.map((t) => t.label));
  const title = of ? `Tools mentioned in ${quote(of.label)}` : `Tools for ${quote(brief(input.query, 1, 60))}`;
  if (!input.full) {
    // The names are in the list below; the lead says where they come from.
    const lead = of ? `${tools.length} mentioned in the talk:` : talks.length === 1 ? `Mentioned in ${quote(talks[0]!.label)}:` : 'These fit best:';
    return reply(input, {
      title,
      lead,
      fields: [],
      sections: [{ items: mergeSameText(tools.slice(0, MAX_SHORT_ITEMS).map(shortToolItem)) }],
      related: (talks.length === 1 ? [] : talks).slice(0, MAX_SHORT_RELATED),
      source: eventSource(kb, tools[0]!),
    });
  }
  return reply(input, {
    title,
    lead: `${names}.`,
    fields: [],
    sections: [{ heading: 'What each is for', items: tools.map((t) => toolItem(kb, t)) }],
    related: talks,
    source: eventSource(kb, tools[0]!),
  });
}

export function boothCard(kb: KnowledgeBase, booth: BoothEntity, input: CardInput): Reply {
  const tools = kb.linked(booth, 'tool');
  const talks = kb.linked(booth, 'talk');
  const title = `${booth.label} (expo booth)`;
  if (!input.full) {
    return reply(input, {
      title,
      lead: shortLead(booth.data.description),
      fields: [],
      sections: [],
      related: dedupeRefs([...talks, ...tools].map(refOf)).slice(0, MAX_SHORT_RELATED),
      source: eventSource(kb, booth),
    });
  }
  const sections: ReplySection[] = [];
  if (tools.length > 0) sections.push({ heading: 'Products shown', items: tools.map((t) => toolItem(kb, t, false)) });
  if (talks.length > 0) sections.push({ heading: 'Related talks', items: talks.map((t) => talkItem(kb, t)) });
  sections.push(...remarkSection(booth.remarks));
  return reply(input, { title, lead: booth.data.description, fields: [], sections, related: [], source: eventSource(kb, booth) });
}

function bookLine(book: BookEntity): string {
  return `by ${joinNames(book.data.authors)}`;
}

export function bookCard(kb: KnowledgeBase, book: BookEntity, input: CardInput): Reply {
  const talks = kb.linked(book, 'talk');
  const lead = [`${quote(book.label)} ${bookLine(book)}.`, book.data.about, book.data.note].filter(Boolean).join(' ');
  if (!input.full) {
    return reply(input, {
      title: book.label,
      lead: shortLead(lead),
      fields: [],
      sections: [],
      related: talks.map(refOf).slice(0, MAX_SHORT_RELATED),
      source: eventSource(kb, book),
    });
  }
  return reply(input, {
    title: book.label,
    lead,
    fields: [{ name: 'Authors', value: joinNames(book.data.authors) }],
    sections: [...(talks.length > 0 ? [{ heading: 'Related talks', items: talks.map((t) => talkItem(kb, t)) }] : []), ...remarkSection(book.remarks)],
    related: [],
    source: eventSource(kb, book),
  });
}

/** Where the event took place, in one or two sentences, when the notes say. */
function venueLine(event: EventEntity): string | undefined {
  const v = event.data.venue;
  if (!v) return undefined;
  const where = [v.location, v.getting_there].filter(Boolean).join(' ');
  return `The venue was ${v.name}.${where ? ` ${where}` : ''}`;
}

export interface EventLead {
  /** Indexes of facts that answer the question. */
  readonly facts?: readonly number[];
  /** Indexes of tickets that answer the question. */
  readonly tickets?: readonly number[];
  /** Lead with the venue. */
  readonly venue?: boolean;
}

export function eventCard(kb: KnowledgeBase, event: EventEntity, input: CardInput, leadWith: EventLead = {}): Reply {
  const d = event.data;
  const leadFacts = leadWith.facts ?? [];
  const leadTickets = leadWith.tickets ?? [];
  const venue = leadWith.venue ? venueLine(event) : undefined;
  const parts = [
    ...(venue ? [venue] : []),
    ...leadFacts.map((i) => d.facts[i]!.text),
    ...leadTickets.map((i) => `${d.tickets[i]!.name}: ${d.tickets[i]!.details}`),
  ];
  const lead = parts.length > 0 ? parts.join(' ') : d.summary;
  const source: ReplySource = { ...(d.source ? { note: d.source } : {}) };
  if (!input.full) {
    // Where the notes come from is shown with the whole card.
    return reply(input, {
      title: event.label,
      // A venue or fact answer keeps its directions whole; a summary is cut to two sentences.
      lead: parts.length > 0 ? brief(lead, 5, 2 * MAX_SHORT_LEAD) : shortLead(lead, 2),
      fields: [],
      sections: [],
      related: [],
    });
  }
  const fields: ReplyField[] = [];
  if (d.city) fields.push({ name: 'City', value: d.city });
  if (d.venue) fields.push({ name: 'Venue', value: d.venue.name });
  if (d.format) fields.push({ name: 'Format', value: d.format });
  const sections: ReplySection[] = [];
  if (!venue && (d.venue?.location || d.venue?.getting_there)) {
    sections.push({ heading: 'Getting there', text: [d.venue.location, d.venue.getting_there].filter(Boolean).join(' ') });
  }
  const tickets = d.tickets.filter((_, i) => !leadTickets.includes(i));
  if (tickets.length > 0) sections.push({ heading: 'Tickets and recordings', items: tickets.map((t) => ({ title: t.name, text: t.details })) });
  const facts = d.facts.map((f, i) => ({ f, i })).filter(({ i }) => !leadFacts.includes(i));
  if (facts.length > 0) sections.push({ heading: parts.length ? 'More about the event' : 'Good to know', items: facts.map(({ f }) => ({ text: f.text })) });
  sections.push(...remarkSection(event.remarks));
  return reply(input, {
    title: event.label,
    lead,
    fields,
    sections,
    related: kb.all('talk').filter((t) => t.event === event.id).slice(0, 5).map(refOf),
    source,
  });
}

/** The author's own remark, kept apart from what the speakers said. */
export function remarkAnswer(kb: KnowledgeBase, remark: RemarkData, owner: Entity, input: CardInput): Reply {
  const talk = owner.kind === 'talk' ? owner : undefined;
  return reply(input, {
    title: `A note on ${owner.label}`,
    lead: input.full ? remark.text : shortLead(remark.text),
    fields: [],
    sections: input.full && talk ? [{ heading: 'The talk', text: talk.data.summary }] : [],
    related: owner.kind === 'event' ? [] : [refOf(owner)],
    source: { ...eventSource(kb, owner), note: "the synopsis writer's own remark, not a speaker's" },
  });
}

/** A list of entities of one kind ("which books were recommended?"). */
export function listCard(kb: KnowledgeBase, entities: readonly Entity[], input: CardInput, title: string): Reply {
  const shown = input.full ? 25 : 8;
  const lead = `${joinNames(entities.slice(0, shown).map((e) => (e.kind === 'book' ? `${quote(e.label)} ${bookLine(e)}` : e.label)))}${entities.length > shown ? ` and ${entities.length - shown} more` : ''}.`;
  if (!input.full) return reply(input, { title, lead, fields: [], sections: [], related: [] });
  const items: ReplyItem[] = entities.slice(0, 25).map((e) => {
    switch (e.kind) {
      case 'book':
        return { title: e.label, text: [bookLine(e), e.data.note].filter(Boolean).join('. '), ref: refOf(e) };
      case 'talk':
        return talkItem(kb, e);
      case 'tool':
        return toolItem(kb, e);
      case 'booth':
        return { title: e.label, text: e.data.description, ref: refOf(e) };
      case 'speaker':
        return { title: e.label, text: kb.linked(e, 'talk').map((t) => t.label).join('; '), ref: refOf(e) };
      case 'event':
        return { title: e.label, text: e.data.summary, ref: refOf(e) };
    }
  });
  return reply(input, { title, lead: `${entities.length} in all.`, fields: [], sections: [{ items }], related: [] });
}
