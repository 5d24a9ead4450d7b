/**
 * The tips as posted: each knowledge-base tip with a stable id, its text and
 * one source line naming where it comes from.
 */
import { refOf, type KnowledgeBase, type Tip } from '../knowledge/base.js';
import type { EntityRef } from '../reply.js';

export type Platform = 'slack' | 'discord';
export const PLATFORMS: readonly Platform[] = ['slack', 'discord'];

export interface TipTarget {
  readonly platform: Platform;
  readonly channelId: string;
}

export interface TipContent {
  /** Stable id used in rotations and claims: `<event>/<tip id>`. */
  readonly tipId: string;
  /** The tip itself, one chat line, plain text (may hold `code` spans as written). */
  readonly text: string;
  /** One plain-text source line: "Talk: …", "Tool: …", "Booth: …" or "Book: …". */
  readonly source: string;
  /** The entity the source line names, for renderers that link it. */
  readonly sourceRef?: EntityRef;
}

const SOURCE_ORDER = [
  ['talk', 'talks', 'Talk'],
  ['tool', 'tools', 'Tool'],
  ['booth', 'booths', 'Booth'],
  ['book', 'books', 'Book'],
] as const;

export function tipKey(tip: Pick<Tip, 'event' | 'id'>): string {
  return `${tip.event}/${tip.id}`;
}

/** The source line of a tip: its linked talk's title, else its tool's, booth's or book's name. */
export function tipSource(kb: KnowledgeBase, tip: Tip): { source: string; sourceRef?: EntityRef } {
  for (const [kind, field, label] of SOURCE_ORDER) {
    const id = tip[field][0];
    if (id === undefined) continue;
    const entity = kb.get(kind, tip.event, id);
    if (entity) return { source: `${label}: ${entity.label}`, sourceRef: refOf(entity) };
    return { source: `${label}: ${id}` };
  }
  return { source: 'Hallway' };
}

const catalogs = new WeakMap<KnowledgeBase, readonly TipContent[]>();

/** Every tip of the knowledge base, in file order, ready to post. Cached per knowledge base. */
export function tipCatalog(kb: KnowledgeBase): readonly TipContent[] {
  let list = catalogs.get(kb);
  if (!list) {
    list = Object.freeze(
      kb.tips().map((tip) => Object.freeze({ tipId: tipKey(tip), text: tip.text.trim(), ...tipSource(kb, tip) })),
    );
    catalogs.set(kb, list);
  }
  return list;
}

/** Where the tips come from: a knowledge base, or a function returning the current list (e.g. after a reload). */
export type TipSource = KnowledgeBase | (() => readonly TipContent[]);

export function resolveTips(source: TipSource): readonly TipContent[] {
  return typeof source === 'function' ? source() : tipCatalog(source);
}

/** A tip as one plain-text message: the tip, then its source line. */
export function formatTipPlain(tip: Pick<TipContent, 'text' | 'source'>): string {
  return `💡 ${tip.text}\n— ${tip.source}`;
}
