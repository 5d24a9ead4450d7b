/**
 * The core's {@link Reply} as a Slack message: a pure function, no I/O.
 *
 * Layout: a header (the title), the lead, the labelled facts as section
 * fields, the reply's sections, a context line with the source talk, its
 * speakers and the event, then "did you mean" buttons (low confidence), "also
 * see" buttons and, for an ephemeral slash-command reply, "Share in channel".
 *
 * Every text is escaped by `escape.ts` and cut to the limits in `limits.ts`:
 * the head (header and first lead block) and the tail (context and buttons)
 * are reserved first, and the body fills what is left of the block count and
 * of the character budget, ending with "…" when it had to be cut.
 */
import type { types } from '@slack/bolt';
import type { EntityRef, Reply, ReplySection } from '../../src/reply.js';
import { bold, codeSpan, cutEscaped, escapeMrkdwn, fit, splitEscaped } from './escape.js';
import {
  ELLIPSIS,
  MAX_ACTIONS_ELEMENTS,
  MAX_BLOCKS,
  MAX_BUTTON_TEXT,
  MAX_BUTTON_VALUE,
  MAX_CONTEXT_ELEMENT_TEXT,
  MAX_CONTEXT_ELEMENTS,
  MAX_FALLBACK_TEXT,
  MAX_HEADER_TEXT,
  MAX_RELATED_BUTTONS,
  MAX_SECTION_FIELDS,
  MAX_SECTION_FIELD_TEXT,
  MAX_SECTION_TEXT,
  MAX_SUGGESTION_BUTTONS,
  MAX_TEXT_OBJECT,
  MAX_TOTAL_BLOCK_TEXT,
} from './limits.js';
import { feedbackBlocks } from './feedback.js';
import { ACTION_MORE, ACTION_OPEN_PREFIX, ACTION_SHARE, encodeOpenValue, encodeShareValue, type ReplySource } from './values.js';

export type Block = types.KnownBlock;
type Button = types.Button;

export interface SlackMessage {
  readonly blocks: Block[];
  /** The plain fallback for notifications and screen readers (escaped). */
  readonly text: string;
}

export interface RenderOptions {
  /**
   * How to produce this reply again; when set, the message gets a "Share in
   * channel" button (ephemeral slash-command replies only).
   */
  readonly share?: ReplySource;
  /** Show "did you mean" and "also see" as buttons (default true); false lists them as text. */
  readonly buttons?: boolean;
  /**
   * How to produce the whole card of this reply; when set and the reply is the
   * chat-sized one (`reply.more`), the message gets a "More" button.
   */
  readonly more?: ReplySource;
  /** The question id for 👍/👎 buttons (answers only; see feedback.ts). */
  readonly feedback?: string;
}

const DEFAULT_TITLE = 'Hallway';
/** Below this many characters left, a cut body block is not worth showing. */
const MIN_USEFUL_CUT = 80;

/** Renders a reply; the result always stays within every limit of `limits.ts`. */
export function renderSlack(reply: Reply, opts: RenderOptions = {}): SlackMessage {
  const buttons = opts.buttons ?? true;

  const leadPieces = splitEscaped(escapeMrkdwn(reply.lead ?? ''), MAX_SECTION_TEXT);
  const head: Block[] = [header(reply.title)];
  if (leadPieces[0]) head.push(section(leadPieces[0]));

  const body: Block[] = [
    ...leadPieces.slice(1).map(section),
    ...fieldBlocks(reply),
    ...reply.sections.flatMap(sectionBlocks),
  ];

  const tail: Block[] = [
    ...sourceBlocks(reply),
    ...suggestionBlocks(reply, buttons),
    ...relatedBlocks(reply, buttons),
    ...actionBlocks(reply, opts.share, buttons ? opts.more : undefined),
    ...feedbackBlocks(reply, opts.feedback),
  ];

  const blocks = assemble(head, body, tail);
  return { blocks, text: fallbackText(reply) };
}

// ---------------------------------------------------------------------------
// Blocks

function header(title: string): Block {
  const text = fit(title.trim() || DEFAULT_TITLE, MAX_HEADER_TEXT);
  return { type: 'header', text: { type: 'plain_text', text, emoji: true } };
}

/** A section of already escaped mrkdwn (≤ MAX_SECTION_TEXT). */
function section(mrkdwn: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: cutEscaped(mrkdwn, MAX_SECTION_TEXT) } };
}

function fieldBlocks(reply: Reply): Block[] {
  const fields = reply.fields
    .filter((f) => f.name.trim() || f.value.trim())
    .map((f) => {
      const name = bold(f.name);
      return { type: 'mrkdwn' as const, text: cutEscaped(`${name}${name ? '\n' : ''}${escapeMrkdwn(f.value)}`, MAX_SECTION_FIELD_TEXT) };
    });
  const blocks: Block[] = [];
  for (let i = 0; i < fields.length; i += MAX_SECTION_FIELDS) {
    blocks.push({ type: 'section', fields: fields.slice(i, i + MAX_SECTION_FIELDS) });
  }
  return blocks;
}

function sectionBlocks(s: ReplySection): Block[] {
  const parts: string[] = [];
  if (s.heading?.trim()) parts.push(bold(s.heading));
  if (s.text?.trim()) parts.push(escapeMrkdwn(s.text.trim()));
  for (const item of s.items ?? []) {
    // Bold only on a name; a sentence alone (a key point) stays plain.
    const title = item.title?.trim() ? bold(item.title) : '';
    const text = item.text?.trim() ? escapeMrkdwn(item.text.trim()) : '';
    let line = `• ${title}${title && text ? ' — ' : ''}${text}`;
    if (item.code?.trim()) line += `\n      ${codeSpan(item.code.trim())}`;
    parts.push(line);
  }
  const mrkdwn = parts.join('\n');
  return mrkdwn ? splitEscaped(mrkdwn, MAX_SECTION_TEXT).map(section) : [];
}

function sourceBlocks(reply: Reply): Block[] {
  const source = reply.source;
  if (!source) return [];
  const elements: string[] = [];
  const elementMax = Math.min(MAX_CONTEXT_ELEMENT_TEXT, MAX_TEXT_OBJECT);
  if (source.talk) {
    // The title is cut before it is made bold, so a long one keeps its closing "*".
    const prefix = ':microphone: From the talk ';
    const title = cutEscaped(escapeMrkdwn(source.talk.label.replace(/\*/g, '∗').trim()), elementMax - prefix.length - 2);
    elements.push(title ? `${prefix}*${title}*` : prefix.trim());
  }
  const speakers = (source.speakers ?? []).map((s) => escapeMrkdwn(s.label)).filter(Boolean);
  if (speakers.length) elements.push(`by ${speakers.join(', ')}`);
  if (source.event) elements.push(escapeMrkdwn(source.event.label));
  // Plain, not italic: an underscore inside the note stays an underscore.
  if (source.note?.trim()) elements.push(escapeMrkdwn(source.note.trim()));
  if (!elements.length) return [];
  return [
    {
      type: 'context',
      elements: elements
        .slice(0, MAX_CONTEXT_ELEMENTS)
        .map((text) => ({ type: 'mrkdwn' as const, text: cutEscaped(text, elementMax) })),
    },
  ];
}

function refButton(ref: EntityRef, group: string, index: number): Button {
  return {
    type: 'button',
    action_id: `${ACTION_OPEN_PREFIX}${group}.${index}`,
    text: { type: 'plain_text', text: fit(ref.label || ref.id, MAX_BUTTON_TEXT), emoji: true },
    value: cutEscaped(encodeOpenValue(ref), MAX_BUTTON_VALUE),
  };
}

function refList(refs: readonly EntityRef[]): string {
  return refs.map((r) => bold(r.label || r.id)).join(' · ');
}

function suggestionBlocks(reply: Reply, buttons: boolean): Block[] {
  if (reply.status !== 'no-answer' || reply.suggestions.length === 0) return [];
  const refs = reply.suggestions.slice(0, MAX_SUGGESTION_BUTTONS);
  if (!buttons) return [section(cutEscaped(`Did you mean: ${refList(refs)}?`, MAX_CONTEXT_ELEMENT_TEXT * MAX_SUGGESTION_BUTTONS))];
  return [
    section('*Did you mean…*'),
    { type: 'actions', elements: refs.slice(0, MAX_ACTIONS_ELEMENTS).map((r, i) => refButton(r, 'suggest', i)) },
  ];
}

function relatedBlocks(reply: Reply, buttons: boolean): Block[] {
  if (reply.related.length === 0) return [];
  const refs = reply.related.slice(0, MAX_RELATED_BUTTONS);
  if (!buttons) {
    const text = cutEscaped(`Also see: ${refList(refs)}`, Math.min(MAX_CONTEXT_ELEMENT_TEXT * MAX_RELATED_BUTTONS, MAX_TEXT_OBJECT));
    return [{ type: 'context', elements: [{ type: 'mrkdwn', text }] }];
  }
  return [
    { type: 'context', elements: [{ type: 'mrkdwn', text: '*Also see*' }] },
    { type: 'actions', elements: refs.slice(0, MAX_ACTIONS_ELEMENTS).map((r, i) => refButton(r, 'related', i)) },
  ];
}

/** "More" (the whole card) and "Share in channel", on one row. */
function actionBlocks(reply: Reply, share: ReplySource | undefined, more: ReplySource | undefined): Block[] {
  const elements: Button[] = [];
  if (more && reply.more && reply.status === 'answer') {
    elements.push({
      type: 'button',
      action_id: ACTION_MORE,
      text: { type: 'plain_text', text: 'More', emoji: true },
      value: cutEscaped(encodeShareValue(more), MAX_BUTTON_VALUE),
    });
  }
  if (share && reply.status === 'answer') {
    elements.push({
      type: 'button',
      action_id: ACTION_SHARE,
      style: 'primary',
      text: { type: 'plain_text', text: 'Share in channel', emoji: true },
      value: cutEscaped(encodeShareValue(share), MAX_BUTTON_VALUE),
    });
  }
  return elements.length > 0 ? [{ type: 'actions', elements }] : [];
}

// ---------------------------------------------------------------------------
// Budget

/** Characters a block shows (texts, field texts, element and button texts, button values). */
export function blockChars(block: Block): number {
  let n = 0;
  const b = block as {
    text?: { text: string };
    fields?: { text: string }[];
    elements?: { text?: string | { text: string }; value?: string }[];
  };
  if (b.text) n += b.text.text.length;
  for (const f of b.fields ?? []) n += f.text.length;
  for (const e of b.elements ?? []) {
    if (typeof e.text === 'string') n += e.text.length;
    else if (e.text) n += e.text.text.length;
    if (e.value) n += e.value.length;
  }
  return n;
}

function sum(blocks: readonly Block[]): number {
  return blocks.reduce((n, b) => n + blockChars(b), 0);
}

/** Cuts a body block to `max` characters, or undefined when it cannot be. */
function cutBlock(block: Block, max: number): Block | undefined {
  if (block.type === 'section' && block.text) {
    return section(cutEscaped(block.text.text, Math.min(max, MAX_SECTION_TEXT)));
  }
  if (block.type === 'section' && block.fields) {
    const fields: { type: 'mrkdwn'; text: string }[] = [];
    let left = max;
    for (const f of block.fields) {
      if (left < MIN_USEFUL_CUT) break;
      const text = cutEscaped(f.text, Math.min(left, MAX_SECTION_FIELD_TEXT));
      fields.push({ type: 'mrkdwn', text });
      left -= text.length;
    }
    return fields.length ? { type: 'section', fields } : undefined;
  }
  return undefined;
}

/** Marks the last body block as cut, when the body did not fit. */
function markCut(block: Block): Block {
  if (block.type === 'section' && block.text) {
    const text = block.text.text;
    if (text.endsWith(ELLIPSIS)) return block;
    return section(text.length + 2 <= MAX_SECTION_TEXT ? `${text} ${ELLIPSIS}` : cutEscaped(text, text.length - 1));
  }
  return block;
}

function assemble(head: Block[], body: Block[], tail: Block[]): Block[] {
  // The tail is small by construction (≤ 10 blocks); keep it whole.
  let blocksLeft = MAX_BLOCKS - head.length - tail.length;
  // Two characters stay free for the " …" that marks a cut body.
  let charsLeft = MAX_TOTAL_BLOCK_TEXT - sum(head) - sum(tail) - 2;
  const kept: Block[] = [];
  let cut = false;
  for (const block of body) {
    if (blocksLeft <= 0) {
      cut = true;
      break;
    }
    const n = blockChars(block);
    if (n <= charsLeft) {
      kept.push(block);
      blocksLeft -= 1;
      charsLeft -= n;
      continue;
    }
    cut = true;
    if (charsLeft >= MIN_USEFUL_CUT) {
      const shorter = cutBlock(block, charsLeft);
      if (shorter) kept.push(shorter);
    }
    break;
  }
  if (cut && kept.length > 0) kept[kept.length - 1] = markCut(kept[kept.length - 1]!);
  return [...head, ...kept, ...tail];
}

// ---------------------------------------------------------------------------
// Fallback text

function fallbackText(reply: Reply): string {
  const title = reply.title.trim() || DEFAULT_TITLE;
  const lead = reply.lead?.trim() ?? '';
  const raw = lead ? `${title}: ${lead}` : title;
  return fit(raw.replace(/\s+/g, ' '), MAX_FALLBACK_TEXT);
}
