/**
 * Discord's message limits, written down once. Every length the adapter
 * produces is checked against these; text that does not fit is cut with "…".
 *
 * Lengths are counted in UTF-16 code units (JavaScript's `String#length`),
 * which is never less than the number of characters Discord counts, so staying
 * within these numbers in code units always stays within Discord's limits.
 *
 * Sources: https://discord.com/developers/docs/resources/message#embed-object-embed-limits,
 * https://discord.com/developers/docs/components/reference#button,
 * https://discord.com/developers/docs/interactions/application-commands.
 */
export const EMBED_LIMITS = Object.freeze({
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  /** Title, description, field names and values, footer and author together, across all embeds of one message. */
  total: 6000,
  /** Embeds per message. */
  embeds: 10,
});

export const COMPONENT_LIMITS = Object.freeze({
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
});

export const AUTOCOMPLETE_LIMITS = Object.freeze({
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
});

export const COMMAND_LIMITS = Object.freeze({
  name: 32,
  description: 100,
  optionDescription: 100,
  /** Discord's cap on a string option's max_length. */
  stringOptionLength: 6000,
});

export const MESSAGE_LIMITS = Object.freeze({
  /** A message's `content`. */
  content: 2000,
  /** A message's `nonce` (a string nonce; Discord also takes an integer). */
  nonce: 25,
});

/** What a cut text ends with. */
export const ELLIPSIS = '…';
