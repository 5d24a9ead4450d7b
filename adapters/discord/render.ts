/**
 * The one pure function from the core's platform-neutral {@link Reply} to a
 * Discord message: one embed, buttons for "did you mean" and "also see", and
 * mentions that never ping. Plain Discord API JSON, no I/O, no discord.js
 * client: the same input always gives the same output.
 *
 * Every string of the reply may contain user text, so everything shown where
 * Discord renders markdown is escaped, and every length stays within
 * {@link EMBED_LIMITS} and {@link COMPONENT_LIMITS} (cut with "…").
 */
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
} from 'discord.js';
import { encodeRef, decodeRef, type EntityRef, type Reply, type ReplyItem, type ReplyStatus } from '../../src/reply.js';
import { COMPONENT_LIMITS, EMBED_LIMITS } from './limits.js';
import { cut, escapeText, fitEscaped, fitPlain, inlineCode } from './text.js';
import { withFeedbackRow } from './feedback.js';

/** Prefix of every custom_id this adapter creates; anything else is not ours. */
export const BUTTON_PREFIX = 'hallway:';

/** Mentions that never ping anyone, in discord.js's option shape. */
export interface NoMentions {
  readonly parse: [];
  readonly repliedUser: false;
}

/** A fresh `{ parse: [], repliedUser: false }` for every send, reply, follow-up and update. */
export function noMentions(): NoMentions {
  return { parse: [], repliedUser: false };
}

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

export interface DiscordMessage {
  readonly embeds: APIEmbed[];
  readonly components: ButtonRow[];
  readonly allowedMentions: NoMentions;
}

/** Characters of the 6,000 kept for the description when there are many long fields. */
const DESCRIPTION_RESERVE = 2000;
/** The footer is a one-line source note; more would crowd the embed. */
const FOOTER_MAX = 512;

const COLORS: Record<ReplyStatus, number> = {
  answer: 0x2f9e8f,
  'no-answer': 0xe0a526,
  help: 0x5865f2,
  notice: 0x99aab5,
};

/** The custom_id of a button that opens `ref`, or undefined when it would be too long. */
export function buttonId(ref: Pick<EntityRef, 'kind' | 'event' | 'id'>): string | undefined {
  const id = BUTTON_PREFIX + encodeRef(ref);
  return id.length <= COMPONENT_LIMITS.customId ? id : undefined;
}

/** The ref a button's custom_id stands for; undefined for anything that is not one of ours. */
export function refFromButtonId(customId: string): Pick<EntityRef, 'kind' | 'event' | 'id'> | undefined {
  if (!customId.startsWith(BUTTON_PREFIX)) return undefined;
  return decodeRef(customId.slice(BUTTON_PREFIX.length));
}

/** The sum Discord checks against its 6,000-character cap, over all embeds. */
export function embedTextLength(embeds: readonly APIEmbed[]): number {
  let n = 0;
  for (const e of embeds) {
    n += e.title?.length ?? 0;
    n += e.description?.length ?? 0;
    n += e.footer?.text.length ?? 0;
    n += e.author?.name.length ?? 0;
    for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  }
  return n;
}

function itemLine(item: ReplyItem, max: number): string {
  const bullet = '• ';
  const title = item.title?.trim() ?? '';
  const text = item.text?.trim();
  const code = item.code?.trim();
  // A name is bold; an item that is only a sentence (a key point) has no title and is not.
  const bold = title.length > 0;
  const head = title ? (bold ? `**${escapeText(title)}**` : escapeText(title)) : '';
  const tail = text ? `${head ? ' — ' : ''}${escapeText(text)}` : '';
  const codePart = code ? inlineCode(code, 300) : '';
  const full = `${bullet}${head}${tail}${codePart ? `${head || tail ? ' ' : ''}${codePart}` : ''}`;
  if (full.length <= max) return full;
  // Too long: keep the title (bold), then as much of the text as fits; the code goes.
  const headFit = title
    ? bold
      ? `**${fitEscaped(title, Math.max(0, max - bullet.length - 4))}**`
      : fitEscaped(title, Math.max(0, max - bullet.length))
    : '';
  const room = max - bullet.length - headFit.length - (headFit ? 3 : 0);
  const textFit = text && room > 8 ? `${headFit ? ' — ' : ''}${fitEscaped(text, room)}` : '';
  const line = `${bullet}${headFit}${textFit}`;
  return line.length <= max ? line : cut(`${bullet}${escapeText(title || text || '')}`, max);
}

/** One line of the description: renders itself within a maximum length. */
interface Line {
  /** Whether a blank line goes before it (the start of a paragraph or section). */
  readonly gap: boolean;
  readonly render: (max: number) => string;
}

function paragraphLines(text: string, gap: boolean): Line[] {
  return text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p, i) => ({ gap: gap && i === 0, render: (max: number) => fitEscaped(p, max) }));
}

/** The description's lines, in order: the lead, then each section's heading, text and items. */
function descriptionLines(reply: Reply): Line[] {
  const lines: Line[] = [...paragraphLines(reply.lead, true)];
  for (const section of reply.sections) {
    const heading = section.heading?.trim();
    let gap = true;
    if (heading) {
      lines.push({ gap, render: (max) => (max > 4 ? `**${fitEscaped(heading, max - 4)}**` : '') });
      gap = false;
    }
    const text = section.text?.trim();
    if (text) {
      const para = paragraphLines(text, gap);
      if (para.length) gap = false;
      lines.push(...para);
    }
    for (const item of section.items ?? []) {
      lines.push({ gap, render: (max) => itemLine(item, max) });
      gap = false;
    }
  }
  return lines;
}

/**
 * Builds the description from the lead and the sections, adding whole lines
 * while they fit; the first line that does not fit is rendered again within
 * the room left (cut with "…"), and the rest is left out.
 */
function buildDescription(reply: Reply, max: number): string {
  let out = '';
  for (const line of descriptionLines(reply)) {
    const sep = out ? (line.gap ? '\n\n' : '\n') : '';
    const room = max - out.length - sep.length;
    if (room <= 0) break;
    const whole = line.render(EMBED_LIMITS.description);
    if (whole.length <= room) {
      if (whole) out += sep + whole;
      continue;
    }
    // The line does not fit: keep a cut of it if a useful part fits, then stop.
    const part = room > 16 ? line.render(room) : '';
    if (part && part.length <= room) out += sep + part;
    break;
  }
  return out;
}

function footerText(reply: Reply): string {
  const parts: string[] = [];
  const s = reply.source;
  if (s?.talk) {
    const speakers = (s.speakers ?? []).map((r) => r.label).filter(Boolean);
    parts.push(`From “${s.talk.label}”${speakers.length ? ` by ${speakers.join(', ')}` : ''}`);
  } else if (s?.speakers?.length) {
    parts.push(`By ${s.speakers.map((r) => r.label).join(', ')}`);
  }
  if (s?.note) parts.push(s.note);
  return parts.join(' · ');
}

function buildFields(reply: Reply, budget: number): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  let left = budget;
  for (const f of reply.fields) {
    if (fields.length >= EMBED_LIMITS.fields) break;
    const name = fitEscaped(f.name.trim(), EMBED_LIMITS.fieldName) || '\u200B';
    if (left < name.length + 8) break;
    const value = fitEscaped(f.value.trim(), Math.min(EMBED_LIMITS.fieldValue, left - name.length)) || '\u200B';
    fields.push({ name, value, inline: value.length <= 40 });
    left -= name.length + value.length;
  }
  return fields;
}

function buttonRows(reply: Reply): { rows: ButtonRow[]; dropped: { suggestions: EntityRef[]; related: EntityRef[] } } {
  const seen = new Set<string>();
  let dropped: EntityRef[] = [];
  const own = reply.hits[0]?.ref;
  if (own) seen.add(BUTTON_PREFIX + encodeRef(own));

  const buttons = (refs: readonly EntityRef[], style: ButtonStyle.Primary | ButtonStyle.Secondary, max: number) => {
    const out: APIButtonComponentWithCustomId[] = [];
    for (const ref of refs) {
      if (out.length >= max) break;
      const id = buttonId(ref);
      const label = fitPlain(ref.label, COMPONENT_LIMITS.buttonLabel);
      if (!id || !label) {
        dropped.push(ref);
        continue;
      }
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ type: ComponentType.Button, style, custom_id: id, label });
    }
    return out;
  };

  const rows: ButtonRow[] = [];
  const perRow = COMPONENT_LIMITS.buttonsPerRow;
  const suggestions = buttons(reply.suggestions, ButtonStyle.Primary, perRow);
  const droppedSuggestions = dropped;
  dropped = [];
  if (suggestions.length) rows.push({ type: ComponentType.ActionRow, components: suggestions });
  // "Also see": at most two rows, so the message stays readable (Discord allows five).
  const related = buttons(reply.related, ButtonStyle.Secondary, perRow * 2);
  for (let i = 0; i < related.length && rows.length < COMPONENT_LIMITS.actionRows; i += perRow) {
    rows.push({ type: ComponentType.ActionRow, components: related.slice(i, i + perRow) });
  }
  return { rows, dropped: { suggestions: droppedSuggestions, related: dropped } };
}

/** Buttons that produce the reply again: their custom_ids, made by the handler (`actions.ts`). */
export interface RenderActions {
  /** "More": the whole card; shown only on a chat-sized reply (`reply.more`). */
  readonly more?: string | undefined;
  /** "Share": post the reply for everyone in the channel. */
  readonly share?: string | undefined;
  /** The answer's opaque question id, for 👍/👎 (`feedback.ts`). */
  readonly feedback?: string | undefined;
}

/**
 * Renders a reply as a Discord message: one embed and up to a few rows of
 * buttons, with mentions disabled. Pure.
 */
export function renderDiscord(reply: Reply, actions: RenderActions = {}): DiscordMessage {
  const { rows, dropped } = buttonRows(reply);
  const own: APIButtonComponentWithCustomId[] = [];
  if (reply.status === 'answer' && reply.more && actions.more) {
    own.push({ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: actions.more, label: 'More' });
  }
  if (reply.status === 'answer' && actions.share) {
    own.push({ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: actions.share, label: 'Share' });
  }
  if (own.length > 0) {
    if (rows.length >= COMPONENT_LIMITS.actionRows) rows.pop();
    rows.push({ type: ComponentType.ActionRow, components: own });
  }

  const title = fitEscaped(reply.title.trim() || 'Hallway', EMBED_LIMITS.title);
  const authorName = reply.source?.event?.label ? fitPlain(reply.source.event.label, EMBED_LIMITS.author) : '';
  const footer = fitPlain(footerText(reply), Math.min(EMBED_LIMITS.footer, FOOTER_MAX));

  let remaining = EMBED_LIMITS.total - title.length - authorName.length - footer.length;

  // Entities without a button (an id too long for a custom_id) are named in the text instead.
  const named = [
    { heading: 'Did you mean', refs: dropped.suggestions },
    { heading: 'Also see', refs: dropped.related },
  ].filter((d) => d.refs.length > 0);
  // "Did you mean…" once, as the last line, right above the suggestion buttons.
  const asks = reply.status === 'no-answer' && reply.suggestions.length > dropped.suggestions.length ? [{ heading: 'Did you mean…' }] : [];
  const extra: Reply =
    named.length || asks.length
      ? {
          ...reply,
          sections: [...reply.sections, ...named.map((d) => ({ heading: d.heading, items: d.refs.map((r) => ({ title: r.label })) })), ...asks],
        }
      : reply;

  // Fields may use all but DESCRIPTION_RESERVE characters, so the lead always has room;
  // the description takes what is left, up to its own limit.
  const fields = buildFields(reply, Math.max(0, remaining - Math.min(DESCRIPTION_RESERVE, remaining)));
  remaining -= fields.reduce((n, f) => n + f.name.length + f.value.length, 0);

  const description = buildDescription(extra, Math.min(EMBED_LIMITS.description, remaining));

  const embed: APIEmbed = { title, color: COLORS[reply.status] };
  if (description) embed.description = description;
  if (fields.length) embed.fields = fields;
  if (authorName) embed.author = { name: authorName };
  if (footer) embed.footer = { text: footer };

  return { embeds: [embed], components: withFeedbackRow(rows, reply, actions.feedback), allowedMentions: noMentions() };
}

/** A reply for the adapter's own notices ("something went wrong", "no longer available"). */
export function noticeReply(title: string, lead: string, query = ''): Reply {
  return {
    status: 'notice',
    query,
    title,
    lead,
    fields: [],
    sections: [],
    related: [],
    suggestions: [],
    hits: [],
  };
}
