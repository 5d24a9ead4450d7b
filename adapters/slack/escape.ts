/**
 * The one place where text becomes Slack markup.
 *
 * Slack treats `&`, `<` and `>` as control characters in every text it shows
 * (mrkdwn, plain_text, the message `text`): `<!channel>`, `<!here>`, `<@U1>`,
 * `<!subteam^S1>` and `<http://evil|x>` are only special because of `<` and
 * `>`. Escaping those three turns any such token into text that is shown, not
 * executed. Every piece of reply text, the user's and the knowledge base's,
 * goes through {@link escapeMrkdwn} before it is sent anywhere.
 *
 * Cutting works on escaped text and never splits an entity (`&amp;`) or a
 * surrogate pair, so a cut text is still valid and still safe.
 */
import { ELLIPSIS } from './limits.js';

/** Escapes `&`, `<` and `>` for Slack (mrkdwn and plain_text alike). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The inverse of {@link escapeMrkdwn}, for values we wrote ourselves (button values). */
export function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Inline code: backticks inside would end the span early, so they become quotes. */
export function codeSpan(raw: string): string {
  return '`' + escapeMrkdwn(raw.replace(/`/g, "'").replace(/\s*\n\s*/g, ' ')) + '`';
}

/** Bold mrkdwn of raw text; asterisks inside would end the bold early. */
export function bold(raw: string): string {
  const text = raw.replace(/\*/g, '∗').trim();
  return text ? `*${escapeMrkdwn(text)}*` : '';
}

/**
 * The largest index ≤ `at` where escaped text can be cut: not inside an
 * entity such as `&amp;` and not between the halves of a surrogate pair.
 */
export function safeCutIndex(escaped: string, at: number): number {
  let i = Math.max(0, Math.min(at, escaped.length));
  const amp = escaped.lastIndexOf('&', i - 1);
  if (amp >= 0 && i - amp <= 4) {
    const semi = escaped.indexOf(';', amp);
    if (semi === -1 || semi >= i) i = amp;
  }
  const code = escaped.charCodeAt(i - 1);
  if (i > 0 && code >= 0xd800 && code <= 0xdbff) i -= 1;
  return i;
}

/** A cut point ≤ max that prefers the end of a line or a word in the last part of the text. */
function breakIndex(escaped: string, max: number): number {
  const hard = safeCutIndex(escaped, max);
  const floor = Math.floor(max * 0.6);
  const newline = escaped.lastIndexOf('\n', hard);
  if (newline > floor) return newline;
  const space = escaped.lastIndexOf(' ', hard);
  if (space > floor) return space;
  return hard;
}

/** Cuts already escaped text to at most `max` characters, ending with "…" when cut. */
export function cutEscaped(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max));
  const cut = escaped.slice(0, breakIndex(escaped, max - ELLIPSIS.length)).trimEnd();
  return cut + ELLIPSIS;
}

/** Escapes raw text and cuts it to at most `max` characters. */
export function fit(raw: string, max: number): string {
  return cutEscaped(escapeMrkdwn(raw), max);
}

/**
 * Splits already escaped text into pieces of at most `max` characters each,
 * at line or word ends where possible. Nothing is lost; no piece is empty.
 */
export function splitEscaped(escaped: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = escaped.trim();
  while (rest.length > max) {
    let at = breakIndex(rest, max);
    if (at <= 0) at = max;
    const piece = rest.slice(0, at).trimEnd();
    if (piece) pieces.push(piece);
    rest = rest.slice(at).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}
