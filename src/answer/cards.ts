/**
 * Cards: the reply for one entity, or for a list of entities, built from the
 * knowledge base. Pure functions of the knowledge; the answerer decides which
 * card fits a question and what it leads with.
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
import type { EntityRef, Reply, ReplyField, ReplyHit, ReplyItem, ReplySection } from '../reply.js';

export interface CardInput {
  readonly query: string;
  readonly hits: readonly ReplyHit[];
}

const MAX_ITEMS = 10;

/** "A, B and C". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

const quote = (title: string) => `“${title}”`;

function reply(input: CardInput, r: Omit<Reply, 'status' | 'query' | 'hits' | 'suggestions'> & Partial<Reply>): Reply {
  return {
    status: 'answer',
    query: input.query,
    hits: input.hits,
    suggestions: [],
    ...r,
  };
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
  return [{ heading: "Author's notes (the synopsis writer's own remarks)", items: remarks.map((r) => ({ title: r.text })) }];
}

function toolItem(kb: KnowledgeBase, tool: ToolEntity, withSource = true): ReplyItem {
  const talks = kb.linked(tool, 'talk');
  const booths = kb.linked(tool, 'booth');
  const where = [...talks.map((t) => quote(t.label)), ...booths.map((b) => `the ${b.label} booth`)];
  const text = withSource && where.length > 0 ? `${tool.data.purpose} Mentioned in ${joinNames(where.slice(0, 3))}.` : tool.data.purpose;
  return { title: tool.label, text, ...(tool.data.command ? { code: tool.data.command } : {}), ref: refOf(tool) };
}

function talkItem(kb: KnowledgeBase, talk: TalkEntity): ReplyItem {
  const speakers = kb.linked(talk, 'speaker');
  return { title: talk.label, text: speakers.length ? `by ${speakerLine(speakers)}` : talk.data.summary, ref: refOf(talk) };
}

function sourceOf(kb: KnowledgeBase, talk: TalkEntity | undefined, entity: Entity) {
  const event = kb.eventOf(entity);
  return {
    ...(talk ? { talk: refOf(talk), speakers: kb.linked(talk, 'speaker').map(refOf) } : {}),
    ...(event ? { event: refOf(event) } : {}),
  };
}

export function talkCard(kb: KnowledgeBase, talk: TalkEntity, input: CardInput, leadPoints: readonly number[] = []): Reply {
  const speakers = kb.linked(talk, 'speaker');
  const tools = kb.linked(talk, 'tool');
  const lead = leadPoints.length > 0 ? leadPoints.map((i) => talk.data.points[i]!.text).join(' ') : talk.data.summary;
  const fields: ReplyField[] = [];
  fields.push({ name: 'Speakers', value: speakers.length > 0 ? speakerLine(speakers) : 'no speaker named in the notes' });
  const booths = kb.linked(talk, 'booth');
  if (booths.length > 0) fields.push({ name: 'At the expo', value: booths.map((b) => b.label).join(', ') });
  const sections: ReplySection[] = [];
  if (leadPoints.length > 0) sections.push({ heading: 'About the talk', text: talk.data.summary });
  const rest = talk.data.points.map((p, i) => ({ p, i })).filter(({ i }) => !leadPoints.includes(i));
  if (rest.length > 0) {
    sections.push({
      heading: leadPoints.length > 0 ? 'Other key points' : 'Key points',
      items: rest.slice(0, MAX_ITEMS).map(({ p }) => ({ title: p.text })),
    });
  }
  if (tools.length > 0) {
    sections.push({ heading: 'Tools mentioned', items: tools.slice(0, MAX_ITEMS).map((t) => toolItem(kb, t, false)) });
  }
  sections.push(...remarkSection(talk.remarks));
  const related = dedupeRefs([...speakers, ...booths, ...kb.linked(talk, 'book')].map(refOf));
  return reply(input, { title: talk.label, lead, fields, sections, related, source: sourceOf(kb, talk, talk) });
}

export function speakerCard(kb: KnowledgeBase, speaker: SpeakerEntity, input: CardInput, about?: string): Reply {
  const talks = kb.linked(speaker, 'talk');
  const company = speaker.data.company ? ` (${speaker.data.company})` : '';
  const gave = talks.length > 0 ? ` gave ${joinNames(talks.map((t) => quote(t.label)))}` : ' is named in the notes';
  const lead = `${speaker.label}${company}${about ? ` spoke about ${about} and` : ''}${gave}.${speaker.data.bio ? ` ${speaker.data.bio}` : ''}`;
  const fields: ReplyField[] = speaker.data.company ? [{ name: 'Company', value: speaker.data.company }] : [];
  const sections: ReplySection[] = [];
  for (const talk of talks) sections.push({ heading: talk.label, text: talk.data.summary });
  sections.push(...remarkSection(speaker.remarks));
  const coSpeakers = talks.flatMap((t) => kb.linked(t, 'speaker')).filter((s) => s.id !== speaker.id);
  return reply(input, {
    title: speaker.label,
    lead,
    fields,
    sections,
    related: dedupeRefs([...talks, ...coSpeakers].map(refOf)),
    source: sourceOf(kb, talks[0], speaker),
  });
}

/** The people behind a talk, for "who …" questions. */
export function speakersAnswer(kb: KnowledgeBase, talk: TalkEntity, input: CardInput, about?: string): Reply {
  const speakers = kb.linked(talk, 'speaker');
  if (speakers.length === 0) {
    const booths = kb.linked(talk, 'booth');
    const by = booths.length > 0 ? `It was presented by ${joinNames(booths.map((b) => b.label))}; the notes name no speaker.` : 'The notes name no speaker for it.';
    const card = talkCard(kb, talk, input);
    return { ...card, lead: `${quote(talk.label)}${about ? ` covered ${about}.` : '.'} ${by}` };
  }
  const names = joinNames(speakers.map((s) => s.label));
  const lead = `${speakerLine(speakers)} ${about ? `spoke about ${about} in` : 'gave'} ${quote(talk.label)}.`;
  const bios = speakers.filter((s) => s.data.bio).map((s) => ({ title: s.label, text: s.data.bio!, ref: refOf(s) }));
  const sections: ReplySection[] = [{ heading: 'The talk', text: talk.data.summary }];
  if (bios.length > 0) sections.push({ heading: 'About the speakers', items: bios });
  return reply(input, {
    title: names,
    lead,
    fields: [{ name: 'Talk', value: talk.label }],
    sections,
    related: dedupeRefs([talk, ...speakers].map(refOf)),
    source: sourceOf(kb, talk, talk),
  });
}

/** A tool's card; `helpers` are tools whose problems mention this one ("analyse a heap dump"). */
export function toolCard(kb: KnowledgeBase, tool: ToolEntity, input: CardInput, helpers: readonly ToolEntity[] = []): Reply {
  const talks = kb.linked(tool, 'talk');
  const booths = kb.linked(tool, 'booth');
  const fields: ReplyField[] = [];
  if (tool.data.command) fields.push({ name: 'Command', value: tool.data.command });
  if (tool.data.category) fields.push({ name: 'Category', value: tool.data.category });
  const sections: ReplySection[] = [];
  if (helpers.length > 0) sections.push({ heading: `Tools for ${tool.label.toLowerCase()}`, items: helpers.map((t) => toolItem(kb, t)) });
  if (tool.data.problems.length > 0) sections.push({ heading: 'Reach for it to', items: tool.data.problems.map((p) => ({ title: p })) });
  const mentioned: ReplyItem[] = [
    ...talks.map((t) => talkItem(kb, t)),
    ...booths.map((b) => ({ title: `${b.label} (expo booth)`, text: b.data.description, ref: refOf(b) })),
  ];
  if (mentioned.length > 0) sections.push({ heading: 'Mentioned in', items: mentioned.slice(0, MAX_ITEMS) });
  sections.push(...remarkSection(tool.remarks));
  const siblings = talks
    .flatMap((t) => t.data.points.filter((p) => p.tools.includes(tool.id)).flatMap((p) => p.tools))
    .filter((id) => id !== tool.id)
    .map((id) => kb.get('tool', tool.event, id))
    .filter((t): t is ToolEntity => t !== undefined);
  const mentionedIn = talks.length > 0 ? ` Mentioned in ${joinNames(talks.map((t) => quote(t.label)))}.` : '';
  return reply(input, {
    title: tool.label,
    lead: `${tool.data.purpose}${mentionedIn}`,
    fields,
    sections,
    related: dedupeRefs([...talks, ...booths, ...siblings, ...kb.linked(tool, 'tool')].map(refOf)).slice(0, 8),
    source: sourceOf(kb, talks[0], tool),
  });
}

/** Several tools for one problem: what each is for, and where it was mentioned. */
export function toolList(kb: KnowledgeBase, tools: readonly ToolEntity[], input: CardInput): Reply {
  const talks = dedupeRefs(tools.flatMap((t) => kb.linked(t, 'talk')).map(refOf));
  const firstTalk = talks[0] ? kb.get('talk', talks[0].event, talks[0].id) : undefined;
  const from = talks.length > 0 ? ` — mentioned in ${joinNames(talks.slice(0, 3).map((t) => quote(t.label)))}` : '';
  return reply(input, {
    title: `Tools: ${joinNames(tools.map((t) => t.label))}`,
    lead: `For “${input.query}”: ${joinNames(tools.map((t) => t.label))}${from}.`,
    fields: [],
    sections: [{ heading: 'What each is for', items: tools.map((t) => toolItem(kb, t)) }],
    related: talks,
    source: sourceOf(kb, firstTalk, tools[0]!),
  });
}

export function boothCard(kb: KnowledgeBase, booth: BoothEntity, input: CardInput): Reply {
  const tools = kb.linked(booth, 'tool');
  const talks = kb.linked(booth, 'talk');
  const sections: ReplySection[] = [];
  if (tools.length > 0) sections.push({ heading: 'Products shown', items: tools.map((t) => toolItem(kb, t, false)) });
  if (talks.length > 0) sections.push({ heading: 'Related talks', items: talks.map((t) => talkItem(kb, t)) });
  sections.push(...remarkSection(booth.remarks));
  return reply(input, {
    title: `${booth.label} (expo booth)`,
    lead: booth.data.description,
    fields: [],
    sections,
    related: dedupeRefs([...talks, ...tools].map(refOf)),
    source: sourceOf(kb, talks[0], booth),
  });
}

function bookLine(book: BookEntity): string {
  return `by ${joinNames(book.data.authors)}`;
}

export function bookCard(kb: KnowledgeBase, book: BookEntity, input: CardInput): Reply {
  const talks = kb.linked(book, 'talk');
  const parts = [`${quote(book.label)} ${bookLine(book)}.`, book.data.about, book.data.note].filter(Boolean);
  return reply(input, {
    title: book.label,
    lead: parts.join(' '),
    fields: [{ name: 'Authors', value: joinNames(book.data.authors) }],
    sections: [...(talks.length > 0 ? [{ heading: 'Related talks', items: talks.map((t) => talkItem(kb, t)) }] : []), ...remarkSection(book.remarks)],
    related: talks.map(refOf),
    source: sourceOf(kb, talks[0], book),
  });
}

export function eventCard(kb: KnowledgeBase, event: EventEntity, input: CardInput, leadFacts: readonly number[] = []): Reply {
  const d = event.data;
  const fields: ReplyField[] = [];
  if (d.city) fields.push({ name: 'City', value: d.city });
  if (d.venue) fields.push({ name: 'Venue', value: d.venue.name });
  if (d.format) fields.push({ name: 'Format', value: d.format });
  const sections: ReplySection[] = [];
  if (d.venue?.location || d.venue?.getting_there) {
    sections.push({ heading: 'Getting there', text: [d.venue.location, d.venue.getting_there].filter(Boolean).join(' ') });
  }
  if (d.tickets.length > 0) sections.push({ heading: 'Tickets and recordings', items: d.tickets.map((t) => ({ title: t.name, text: t.details })) });
  const facts = d.facts.map((f, i) => ({ f, i })).filter(({ i }) => !leadFacts.includes(i));
  if (facts.length > 0) sections.push({ heading: leadFacts.length ? 'More about the event' : 'Good to know', items: facts.map(({ f }) => ({ title: f.text })) });
  sections.push(...remarkSection(event.remarks));
  const lead = leadFacts.length > 0 ? leadFacts.map((i) => d.facts[i]!.text).join(' ') : d.summary;
  return reply(input, {
    title: event.label,
    lead,
    fields,
    sections,
    related: kb.all('talk').filter((t) => t.event === event.id).slice(0, 5).map(refOf),
    source: { event: refOf(event), ...(d.source ? { note: d.source } : {}) },
  });
}

/** The author's own remark, kept apart from what the speakers said. */
export function remarkAnswer(kb: KnowledgeBase, remark: RemarkData, owner: Entity, input: CardInput): Reply {
  const talk = owner.kind === 'talk' ? owner : undefined;
  return reply(input, {
    title: `A note on ${owner.label}`,
    lead: remark.text,
    fields: [{ name: 'Whose words', value: "the synopsis writer's own remark, not a speaker's" }],
    sections: talk ? [{ heading: 'The talk', text: talk.data.summary }] : [],
    related: [refOf(owner)],
    source: { ...sourceOf(kb, talk, owner), note: "the synopsis writer's own remark" },
  });
}

/** A list of entities of one kind ("which books were recommended?"). */
export function listCard(kb: KnowledgeBase, entities: readonly Entity[], input: CardInput, title: string): Reply {
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
  return reply(input, {
    title,
    lead: `${joinNames(entities.slice(0, 8).map((e) => (e.kind === 'book' ? `${quote(e.label)} ${bookLine(e)}` : e.label)))}${entities.length > 8 ? ` and ${entities.length - 8} more` : ''}.`,
    fields: [],
    sections: [{ items }],
    related: [],
  });
}
