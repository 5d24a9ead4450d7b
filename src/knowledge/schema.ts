/**
 * The schema of a conference's knowledge files, one zod schema per file.
 *
 * Every entity has an `id` (lower-case words joined by hyphens, unique per kind
 * within its event) and links to other entities by id through the fields named
 * after the kind linked to: `talks`, `speakers`, `tools`, `booths`, `books`.
 * The loader resolves those links and derives the reverse ones, so a link is
 * written once, on whichever side reads most naturally.
 *
 * knowledge/README.md documents each field for organisers; keep the two in step.
 */
import { z } from 'zod';

export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_ID_LENGTH = 64;

/**
 * A whole number written bare (`title: 2048`, `tags: [october, 2026]`), which
 * YAML reads as a number, is read as its digits. A number with a point is not
 * (YAML has already turned `1.10` into 1.1), so it must be quoted.
 */
const asDigits = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v);

/** Messages are written for an organiser editing YAML, not for a programmer. */
const text = (what: string) =>
  z.preprocess(
    asDigits,
    z
      .string({ error: (issue) => (issue.input === undefined ? `${what} is missing` : `${what} must be text`) })
      .refine((s) => s.trim().length > 0, { message: `${what} must not be empty` }),
  );

const id = z
  .string({ error: (issue) => (issue.input === undefined ? 'id is missing' : 'id must be text') })
  .max(MAX_ID_LENGTH, { message: `id must be at most ${MAX_ID_LENGTH} characters` })
  .regex(ID_PATTERN, {
    message: 'id must be lower-case letters and digits joined by single hyphens, e.g. "kuma-service-mesh"',
  });

const idList = z.array(id).default([]);
const textList = (what: string) => z.array(text(what)).default([]);

const links = {
  talks: idList,
  speakers: idList,
  tools: idList,
  booths: idList,
  books: idList,
};

const aliases = textList('an alias');
const tags = textList('a tag');

export const venueSchema = z.strictObject({
  name: text('the venue name'),
  aliases,
  location: text('the location').optional(),
  getting_there: text('how to get there').optional(),
});

export const ticketSchema = z.strictObject({
  name: text('the ticket name'),
  aliases,
  details: text('the ticket details'),
});

/** One fact, stated once: a key point of a talk or a fact about the event. */
export const pointSchema = z.strictObject({
  text: text('a point'),
  tags,
  ...links,
});

export const eventSchema = z.strictObject({
  id,
  name: text('the event name'),
  aliases,
  city: text('the city').optional(),
  summary: text('the summary'),
  format: text('the format').optional(),
  venue: venueSchema.optional(),
  tickets: z.array(ticketSchema).default([]),
  facts: z.array(pointSchema).default([]),
  source: text('the source').optional(),
  tags,
  /** Words this conference adds to how questions are read (see knowledge/README.md). */
  vocabulary: z
    .strictObject({
      synonyms: z.array(z.array(text('a synonym')).min(2, { message: 'a synonym group needs at least two words' })).default([]),
      stop_words: textList('a stop word'),
    })
    .optional(),
});

export const talkSchema = z.strictObject({
  id,
  title: text('the title'),
  aliases,
  summary: text('the summary'),
  points: z.array(pointSchema).default([]),
  tags,
  ...links,
});

export const speakerSchema = z.strictObject({
  id,
  name: text('the name'),
  aliases,
  company: text('the company').optional(),
  company_aliases: textList('a company alias'),
  bio: text('the bio').optional(),
  tags,
  ...links,
});

export const toolSchema = z.strictObject({
  id,
  name: text('the name'),
  aliases,
  category: text('the category').optional(),
  purpose: text('the purpose'),
  problems: textList('a problem'),
  command: text('the command').optional(),
  tags,
  ...links,
});

export const boothSchema = z.strictObject({
  id,
  name: text('the name'),
  aliases,
  description: text('the description'),
  tags,
  ...links,
});

export const bookSchema = z.strictObject({
  id,
  title: text('the title'),
  aliases,
  authors: z.array(text('an author')).min(1, { message: 'a book needs at least one author' }),
  about: text('what the book is about').optional(),
  note: text('the note').optional(),
  tags,
  ...links,
});

/** The author's own remarks, kept apart from what the speakers said. */
export const remarkSchema = z.strictObject({
  id,
  text: text('the remark'),
  tags,
  ...links,
});

export const tipSchema = z
  .strictObject({
    id,
    text: text('the tip'),
    tags,
    ...links,
  })
  .refine((t) => t.talks.length + t.tools.length + t.booths.length + t.books.length > 0, {
    message: 'a tip needs a source: link it to at least one talk, tool, booth or book',
  });

const listOf = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item, { error: `${what} must be a list (each entry starting with "- ")` });

/** Each file of an event folder, with the schema of its content. */
export const FILE_SCHEMAS = {
  'event.yaml': eventSchema,
  'talks.yaml': listOf(talkSchema, 'talks.yaml'),
  'speakers.yaml': listOf(speakerSchema, 'speakers.yaml'),
  'tools.yaml': listOf(toolSchema, 'tools.yaml'),
  'booths.yaml': listOf(boothSchema, 'booths.yaml'),
  'books.yaml': listOf(bookSchema, 'books.yaml'),
  'remarks.yaml': listOf(remarkSchema, 'remarks.yaml'),
  'tips.yaml': listOf(tipSchema, 'tips.yaml'),
} as const;
export type KnowledgeFile = keyof typeof FILE_SCHEMAS;
export const REQUIRED_FILES: readonly KnowledgeFile[] = ['event.yaml'];

export type EventData = z.infer<typeof eventSchema>;
export type TalkData = z.infer<typeof talkSchema>;
export type SpeakerData = z.infer<typeof speakerSchema>;
export type ToolData = z.infer<typeof toolSchema>;
export type BoothData = z.infer<typeof boothSchema>;
export type BookData = z.infer<typeof bookSchema>;
export type RemarkData = z.infer<typeof remarkSchema>;
export type TipData = z.infer<typeof tipSchema>;
export type PointData = z.infer<typeof pointSchema>;
