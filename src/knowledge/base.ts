/**
 * The loaded knowledge: every entity of every event, with links resolved in
 * both directions. Built once by the loader and read-only afterwards.
 */
import type { EntityKind, EntityRef } from '../reply.js';
import type {
  BookData,
  BoothData,
  EventData,
  PointData,
  RemarkData,
  SpeakerData,
  TalkData,
  TipData,
  ToolData,
} from './schema.js';

/** The kinds that links can point to (everything but the event itself). */
export const LINKABLE_KINDS = ['talk', 'speaker', 'tool', 'booth', 'book'] as const;
export type LinkableKind = (typeof LINKABLE_KINDS)[number];

/** Link field name in the YAML files ↔ the kind it points to. */
export const FIELD_KIND = {
  talks: 'talk',
  speakers: 'speaker',
  tools: 'tool',
  booths: 'booth',
  books: 'book',
} as const satisfies Record<string, LinkableKind>;
export type LinkFieldName = keyof typeof FIELD_KIND;
export const LINK_FIELD_NAMES = Object.keys(FIELD_KIND) as LinkFieldName[];

export type Links = Readonly<Record<LinkableKind, readonly string[]>>;

interface EntityBase<K extends EntityKind, D> {
  readonly kind: K;
  readonly event: string;
  readonly id: string;
  /** A talk's or book's title, a person's, tool's, booth's or event's name. */
  readonly label: string;
  readonly aliases: readonly string[];
  readonly tags: readonly string[];
  /** Ids of linked entities per kind, both the written and the derived direction. */
  readonly links: Links;
  /** The author's remarks that link to this entity. */
  readonly remarks: readonly RemarkData[];
  readonly data: D;
}

export type TalkEntity = EntityBase<'talk', TalkData>;
export type SpeakerEntity = EntityBase<'speaker', SpeakerData>;
export type ToolEntity = EntityBase<'tool', ToolData>;
export type BoothEntity = EntityBase<'booth', BoothData>;
export type BookEntity = EntityBase<'book', BookData>;
export type EventEntity = EntityBase<'event', EventData>;
export type Entity = TalkEntity | SpeakerEntity | ToolEntity | BoothEntity | BookEntity | EventEntity;

export interface Tip extends TipData {
  readonly event: string;
}

export type { PointData, RemarkData };

export interface EventKnowledge {
  readonly id: string;
  /** The folder the event was loaded from. */
  readonly dir: string;
  readonly event: EventEntity;
  readonly tips: readonly Tip[];
  readonly remarks: readonly RemarkData[];
}

/** The key an entity is found by in {@link KnowledgeBase.get}. */
export const entityKey = (kind: EntityKind, event: string, id: string) => `${kind}\u0000${event}\u0000${id}`;
const key = entityKey;

export class KnowledgeBase {
  readonly events: readonly EventKnowledge[];
  private readonly byKey: ReadonlyMap<string, Entity>;
  private readonly list: readonly Entity[];
  /** Each kind's entities, in file order, listed once: `all(kind)` is called on the answer path. */
  private readonly byKind: ReadonlyMap<EntityKind, readonly Entity[]>;
  /**
   * SHA-256 over the loaded files' names and contents, when loaded from a
   * folder: equal digests mean equal knowledge (keys the cached search index).
   */
  readonly digest: string | undefined;

  /**
   * `byKey`, when given, must map {@link entityKey} of each of `entities` to
   * it (the loader fills it event by event, so a reload never builds it in one go).
   */
  constructor(events: readonly EventKnowledge[], entities: readonly Entity[], digest?: string, byKey?: ReadonlyMap<string, Entity>) {
    this.digest = digest;
    this.events = Object.freeze([...events]);
    this.list = Object.freeze([...entities]);
    this.byKey = byKey ?? new Map(entities.map((e) => [key(e.kind, e.event, e.id), e]));
    const byKind = new Map<EntityKind, Entity[]>();
    for (const e of this.list) {
      const list = byKind.get(e.kind);
      if (list) list.push(e);
      else byKind.set(e.kind, [e]);
    }
    for (const list of byKind.values()) Object.freeze(list);
    this.byKind = byKind;
  }

  /** Every entity, or every entity of one kind, in file order. */
  all(): readonly Entity[];
  all<K extends EntityKind>(kind: K): readonly Extract<Entity, { kind: K }>[];
  all(kind?: EntityKind): readonly Entity[] {
    return kind ? (this.byKind.get(kind) ?? []) : this.list;
  }

  get<K extends EntityKind>(kind: K, event: string, id: string): Extract<Entity, { kind: K }> | undefined {
    return this.byKey.get(key(kind, event, id)) as Extract<Entity, { kind: K }> | undefined;
  }

  /** The entities of `kind` that `entity` links to, in the order written. */
  linked<K extends LinkableKind>(entity: Entity, kind: K): Extract<Entity, { kind: K }>[] {
    const out: Extract<Entity, { kind: K }>[] = [];
    for (const id of entity.links[kind]) {
      const target = this.get(kind, entity.event, id);
      if (target) out.push(target);
    }
    return out;
  }

  /** The event entity an entity belongs to. */
  eventOf(entity: Pick<Entity, 'event'>): EventEntity | undefined {
    return this.events.find((e) => e.id === entity.event)?.event;
  }

  /** All tips, event by event, in file order. */
  tips(): readonly Tip[] {
    return this.events.flatMap((e) => e.tips);
  }
}

/** The link to an entity as replies carry it. */
export function refOf(entity: Entity): EntityRef {
  return { kind: entity.kind, event: entity.event, id: entity.id, label: entity.label };
}


export type { TalkData, SpeakerData, ToolData, BoothData, BookData, EventData, TipData };
