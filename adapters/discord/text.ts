/**
 * Text helpers for Discord: escaping for the places where Discord renders
 * markdown, neutralising mentions, and cutting to a limit with "…".
 *
 * Every function here is pure.
 */
import { escapeMarkdown } from 'discord.js';
import { ELLIPSIS } from './limits.js';

const ZWSP = '\u200B';

/**
 * Makes mentions harmless to look at. `allowedMentions: { parse: [] }` already
 * stops every ping; this is belt and braces, so that "@everyone" and "<@&123>"
 * also do not *look* like mentions: a zero-width space goes after "@" in
 * "@everyone"/"@here" and after "<" in mention, channel, emoji, timestamp and
 * command markup.
 */
export function neutralizeMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZWSP}$1`).replace(/<(?=[@#:/]|a:|t:)/g, `<${ZWSP}`);
}

/**
 * Escapes text for an embed description, field or title, where Discord renders
 * markdown: bold, italics, code, spoilers, headings, lists and masked links
 * ("[x](http://…)" shows as text, never as a link), then neutralises mentions.
 */
export function escapeText(text: string): string {
  const escaped = escapeMarkdown(text, {
    heading: true,
    bulletedList: true,
    numberedList: true,
    maskedLink: true,
  })
    // Belt and braces for masked links spread over odd shapes, e.g. "[a\n](b)".
    .replace(/\]\(/g, ']\\(')
    // Block quotes at the start of a line.
    .replace(/^(\s*)>/gm, '$1\\>');
  return neutralizeMentions(escaped);
}

/**
 * Escapes text that holds `code` spans as written, such as a tip ("See the
 * threads with `top -H -p <pid>`"): each single-backtick span on one line stays
 * inline code (mentions neutralised inside it too), everything else is escaped
 * as by {@link escapeText}, a lone backtick included.
 */
export function escapeKeepingCode(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/`([^`\n]+)`/g)) {
    const body = neutralizeMentions(m[1]!);
    const code = inlineCode(body, body.length + 4);
    out += escapeText(text.slice(last, m.index)) + (code || escapeText(m[0]));
    last = m.index + m[0].length;
  }
  return out + escapeText(text.slice(last));
}

/** Text for places without markdown (button labels, choices, footer, author). */
export function plainText(text: string): string {
  return neutralizeMentions(text.replace(/\s+/g, ' ').trim());
}

/**
 * Cuts `text` to at most `max` UTF-16 code units, ending with "…" when cut.
 * Never splits a surrogate pair and never leaves a dangling backslash.
 */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return ELLIPSIS;
  let s = text.slice(0, max - ELLIPSIS.length);
  const last = s.charCodeAt(s.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) s = s.slice(0, -1);
  s = s.replace(/\s+$/, '');
  const backslashes = /\\+$/.exec(s);
  if (backslashes && backslashes[0].length % 2 === 1) s = s.slice(0, -1);
  if (s.endsWith(ZWSP)) s = s.slice(0, -1);
  return s + ELLIPSIS;
}

/**
 * Escapes `raw` and fits the result into `max` characters: the raw text is cut
 * (with "…") before escaping, so no escape sequence is ever split.
 */
export function fitEscaped(raw: string, max: number): string {
  // Knowledge text may hold `code` spans (a tip's command): they stay code; all else is escaped.
  if (raw.length <= max) {
    const full = escapeKeepingCode(raw);
    if (full.length <= max) return full;
  }
  // Escaping never shortens a text, so nothing beyond `max` raw characters can fit.
  let budget = Math.min(raw.length, max);
  while (budget > 0) {
    const candidate = escapeKeepingCode(cut(raw, budget));
    if (candidate.length <= max) return candidate;
    budget -= Math.max(1, candidate.length - max);
  }
  return '';
}

/** Plain text (no markdown) fitted into `max` characters. */
export function fitPlain(raw: string, max: number): string {
  return cut(plainText(raw), max);
}

/**
 * Inline code for a verbatim command. Backticks cannot be escaped inside a
 * code span, so a command containing them is wrapped in double backticks, and
 * one containing a double backtick has its backticks replaced by "ˋ".
 */
export function inlineCode(code: string, max: number): string {
  let body = code.replace(/\s+/g, ' ').trim();
  if (body === '') return '';
  let fence = '`';
  if (body.includes('`')) {
    if (body.includes('``')) body = body.replace(/`/g, 'ˋ');
    else fence = '``';
  }
  const pad = fence.length === 2 ? ' ' : '';
  const overhead = (fence.length + pad.length) * 2;
  if (max <= overhead) return '';
  return `${fence}${pad}${cut(body, max - overhead)}${pad}${fence}`;
}
