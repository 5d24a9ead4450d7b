/**
 * What the bot's buttons carry, and how it is read back. Button values travel
 * through Slack and come back in an interaction payload, so they are written
 * like any other text the bot sends: refs through `encodeRef` (ids only, never
 * markup), and a query escaped and capped.
 */
import { isCommandName, type CommandName } from '../../src/commands.js';
import { decodeRef, encodeRef, type EntityRef, type ReplyDetail } from '../../src/reply.js';
import { cutEscaped, escapeMrkdwn, unescapeMrkdwn } from './escape.js';
import { MAX_BUTTON_VALUE } from './limits.js';

/** action_id prefixes; each button gets a unique suffix within its message. */
export const ACTION_SHARE = 'hallway.share';
/** "More": the whole card of the same reply. */
export const ACTION_MORE = 'hallway.more';
export const ACTION_OPEN_PREFIX = 'hallway.open.';
export const ACTION_OPEN_PATTERN = /^hallway\.open\.[a-z]+\.\d+$/;

export type RefKey = Pick<EntityRef, 'kind' | 'event' | 'id'>;

/** How to produce a reply again, for "Share in channel" and "More"; `detail: 'full'` is the whole card. */
export type ReplySource = (
  | { readonly type: 'command'; readonly command: CommandName; readonly query: string }
  | { readonly type: 'open'; readonly ref: RefKey }
) & { readonly detail?: ReplyDetail };

/** The same source, asking for the whole card. */
export function fullSource(source: ReplySource): ReplySource {
  return { ...source, detail: 'full' };
}

const FULL = 'full|';

/** Raw query characters kept in a share value (queries are capped far below this by the core). */
const MAX_SHARED_QUERY = 1000;

export function encodeOpenValue(ref: RefKey): string {
  return encodeRef(ref);
}

export function decodeOpenValue(value: string | undefined): RefKey | undefined {
  return value === undefined ? undefined : decodeRef(value);
}

export function encodeShareValue(source: ReplySource): string {
  const full = source.detail === 'full' ? FULL : '';
  if (source.type === 'open') return `${full}open|${encodeRef(source.ref)}`;
  const head = `${full}cmd|${source.command}|`;
  const query = cutEscaped(escapeMrkdwn(source.query.slice(0, MAX_SHARED_QUERY)), MAX_BUTTON_VALUE - head.length);
  return head + query;
}

export function decodeShareValue(value: string | undefined): ReplySource | undefined {
  if (!value) return undefined;
  if (value.startsWith(FULL)) {
    const inner = decodeShareValue(value.slice(FULL.length));
    return inner && !inner.detail ? fullSource(inner) : undefined;
  }
  if (value.startsWith('open|')) {
    const ref = decodeRef(value.slice('open|'.length));
    return ref ? { type: 'open', ref } : undefined;
  }
  const m = /^cmd\|([a-z]+)\|([\s\S]*)$/.exec(value);
  if (!m || !isCommandName(m[1]!)) return undefined;
  return { type: 'command', command: m[1], query: unescapeMrkdwn(m[2]!) };
}
