/**
 * What the "More" and "Share" buttons carry: how to produce a reply again
 * (a command and its query, or an entity to open) and at which length. Pure
 * encoding into a button's custom_id (at most 100 characters, see
 * `COMPONENT_LIMITS.customId`); a custom_id is data from the client, so
 * decoding accepts only what encoding produces and a reply is always rebuilt
 * by the core, never read from the id.
 */
import { isCommandName, type CommandName } from '../../src/commands.js';
import { decodeRef, encodeRef, type EntityRef, type ReplyDetail } from '../../src/reply.js';
import { COMPONENT_LIMITS } from './limits.js';

/** What produces a reply: a command with its query, or an entity to open. */
export type SourceKey =
  | { readonly type: 'command'; readonly command: CommandName; readonly query: string }
  | { readonly type: 'open'; readonly ref: Pick<EntityRef, 'kind' | 'event' | 'id'> };

/** A {@link SourceKey} at one length. */
export type ReplySource = SourceKey & { readonly detail: ReplyDetail };

export const MORE_PREFIX = 'hallway:more:';
/** The commands a More or Share button may produce again. */
const LOOKUPS: ReadonlySet<CommandName> = new Set(['talk', 'tool', 'ask']);
export const SHARE_PREFIX = 'hallway:share:';

/** The custom_id of a "More" or "Share" button, or undefined when it would not fit. */
export function sourceButtonId(prefix: typeof MORE_PREFIX | typeof SHARE_PREFIX, source: ReplySource): string | undefined {
  const detail = source.detail === 'full' ? 'f' : 's';
  const body = source.type === 'open' ? `o|${encodeRef(source.ref)}` : `c|${source.command}|${source.query}`;
  const id = `${prefix}${detail}|${body}`;
  return id.length <= COMPONENT_LIMITS.customId ? id : undefined;
}

/** The source a "More" or "Share" custom_id stands for; undefined for anything else. */
export function sourceFromButtonId(customId: string): { action: 'more' | 'share'; source: ReplySource } | undefined {
  const action = customId.startsWith(MORE_PREFIX) ? 'more' : customId.startsWith(SHARE_PREFIX) ? 'share' : undefined;
  if (!action) return undefined;
  const m = /^([fs])\|(?:o\|([^|]+)|c\|([a-z]+)\|([\s\S]*))$/.exec(customId.slice((action === 'more' ? MORE_PREFIX : SHARE_PREFIX).length));
  if (!m) return undefined;
  const detail: ReplyDetail = m[1] === 'f' ? 'full' : 'short';
  if (m[2] !== undefined) {
    const ref = decodeRef(m[2]);
    return ref ? { action, source: { type: 'open', ref, detail } } : undefined;
  }
  const command = m[3]!;
  // Only lookups are produced again: a forged id naming /tip or /insights runs nothing.
  if (!isCommandName(command) || !LOOKUPS.has(command)) return undefined;
  return { action, source: { type: 'command', command, query: m[4]!, detail } };
}
