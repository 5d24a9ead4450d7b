/**
 * The platform-neutral reply: a small tree of plain data that every adapter
 * turns into its own format with one pure render function.
 *
 * All strings are plain text exactly as written in the knowledge base or typed
 * by the user: nothing here is escaped or marked up. Escaping belongs to each
 * renderer, because each platform has its own markup. `code` strings are meant
 * to be shown verbatim (a renderer may put them in a code span).
 */

export const ENTITY_KINDS = ['talk', 'speaker', 'tool', 'booth', 'book', 'event'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** A link to one entity of the knowledge base; `open` it to get its card. */
export interface EntityRef {
  readonly kind: EntityKind;
  /** The event folder's id the entity belongs to. */
  readonly event: string;
  /** The entity's id, unique per kind within its event. */
  readonly id: string;
  /** What to show for the link: a talk's title, a person's or tool's name. */
  readonly label: string;
}

/**
 * One entry of a list: a named thing (`title`, shown in bold by renderers that
 * have bold) with an optional description, or a sentence alone (`text` only,
 * e.g. a key point), which is never bold.
 */
export interface ReplyItem {
  /** The item's name, e.g. a tool's name or a talk's title; absent for a plain sentence. */
  readonly title?: string;
  /** A short description, or the sentence itself. */
  readonly text?: string;
  /** A command to show verbatim, e.g. `top -H -p <pid>`. */
  readonly code?: string;
  /** The entity the item stands for, when it is one. */
  readonly ref?: EntityRef;
}

export interface ReplySection {
  /** An optional heading, e.g. "Key points" or "Tools mentioned". */
  readonly heading?: string;
  /** A paragraph of text. */
  readonly text?: string;
  /** A list of items. */
  readonly items?: readonly ReplyItem[];
}

export interface ReplyField {
  readonly name: string;
  readonly value: string;
}

export interface ReplySource {
  /** The talk the answer comes from. */
  readonly talk?: EntityRef;
  /** Who gave that talk. */
  readonly speakers?: readonly EntityRef[];
  /** The event and where its knowledge comes from. */
  readonly event?: EntityRef;
  /** Free text such as "from the author's own notes". */
  readonly note?: string;
}

export interface ReplyHit {
  readonly kind: EntityKind;
  readonly id: string;
  readonly title: string;
  /** Relative confidence in (0, 1]; only the order is meaningful. */
  readonly score: number;
  readonly ref: EntityRef;
}

export type ReplyStatus = 'answer' | 'no-answer' | 'help' | 'notice';

export interface Reply {
  readonly status: ReplyStatus;
  /** The normalised query the reply answers (user text: escape it when shown). */
  readonly query: string;
  readonly title: string;
  /** One or two sentences that lead with what was asked. */
  readonly lead: string;
  /** Short labelled facts, e.g. "Speakers", "Company", "Command". */
  readonly fields: readonly ReplyField[];
  readonly sections: readonly ReplySection[];
  /** Other entities worth a look ("also see"). */
  readonly related: readonly EntityRef[];
  readonly source?: ReplySource;
  /** "Did you mean" candidates, at most three; set when nothing was confident. */
  readonly suggestions: readonly EntityRef[];
  /** Confident results, best first; empty unless status is "answer". */
  readonly hits: readonly ReplyHit[];
  /**
   * True when this is the chat-sized answer and a fuller one exists: asking the
   * same again with `detail: 'full'` gives every key point, tool and note.
   * Renderers show it as a "More" button.
   */
  readonly more?: boolean;
}

/** How long a reply is: the chat-sized answer (default) or the whole card. */
export type ReplyDetail = 'short' | 'full';

/** The slash command that opens an entity of a kind, for help texts and buttons. */
export function commandFor(kind: EntityKind): 'talk' | 'tool' | 'ask' {
  if (kind === 'talk') return 'talk';
  if (kind === 'tool') return 'tool';
  return 'ask';
}

/** Encodes a ref as a short string (≤ 140 characters) for button values and custom ids. */
export function encodeRef(ref: Pick<EntityRef, 'kind' | 'event' | 'id'>): string {
  return `${ref.kind}:${ref.event}:${ref.id}`;
}

/** The inverse of {@link encodeRef}; undefined for anything that is not one. */
export function decodeRef(value: string): Pick<EntityRef, 'kind' | 'event' | 'id'> | undefined {
  const m = /^([a-z]+):([a-z0-9-]{1,64}):([a-z0-9-]{1,64})$/.exec(value);
  if (!m) return undefined;
  const kind = m[1] as EntityKind;
  if (!ENTITY_KINDS.includes(kind)) return undefined;
  return { kind, event: m[2]!, id: m[3]! };
}
