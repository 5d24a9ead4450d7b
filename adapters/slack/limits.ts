/**
 * Block Kit and Web API limits, written down once. Every number here is a hard
 * limit documented by Slack (docs.slack.dev/reference/block-kit) unless marked
 * as a budget of our own. The renderer cuts text to fit (ending with "…") and
 * drops the least important blocks, so Slack never rejects a reply.
 */

/** Blocks in one message (chat.postMessage, response_url, ack payload). */
export const MAX_BLOCKS = 50;

/** `text` of a section block (mrkdwn or plain_text). */
export const MAX_SECTION_TEXT = 3000;

/** Fields of one section block. */
export const MAX_SECTION_FIELDS = 10;

/** Text of each field of a section block. */
export const MAX_SECTION_FIELD_TEXT = 2000;

/** `text` of a header block (plain_text only). */
export const MAX_HEADER_TEXT = 150;

/** Elements (text objects and images) of one context block. */
export const MAX_CONTEXT_ELEMENTS = 10;

/** Text of any text object, e.g. a context element. */
export const MAX_TEXT_OBJECT = 3000;

/** Elements of one actions block. */
export const MAX_ACTIONS_ELEMENTS = 25;

/** `text` of a button (plain_text). */
export const MAX_BUTTON_TEXT = 75;

/** `value` of a button. */
export const MAX_BUTTON_VALUE = 2000;

/** `action_id` of an interactive element, and `block_id` of a block. */
export const MAX_ACTION_ID = 255;
export const MAX_BLOCK_ID = 255;

/**
 * The top-level `text` of a message. Slack truncates at 40,000 characters;
 * when blocks are present `text` is only the notification and screen-reader
 * fallback, so we keep it short (our budget, well inside the hard limit).
 */
export const MAX_FALLBACK_TEXT = 3000;

/**
 * Our budget for the characters of all blocks together. Slack documents no
 * total, but rejects messages whose blocks add up to roughly 13,000 characters
 * with `msg_blocks_too_long` (slackapi/bolt-js#2509), so we stay below that.
 */
export const MAX_TOTAL_BLOCK_TEXT = 12_000;

/**
 * Our budget for each element of the source context line (talk, speakers,
 * event, note): a context line is a footnote, and keeping it short leaves the
 * character budget to the body. With it, header + first lead block + context +
 * every button stay below 8,200 characters, so the body always gets room.
 */
export const MAX_CONTEXT_ELEMENT_TEXT = 300;

/** Our choice: "did you mean" buttons shown for a low-confidence reply (the core sends at most three). */
export const MAX_SUGGESTION_BUTTONS = 3;

/** Our choice: "also see" buttons shown under a reply. */
export const MAX_RELATED_BUTTONS = 5;

/** What a cut text ends with. */
export const ELLIPSIS = '…';

/** Slack's acknowledgement window for commands, actions and events, in milliseconds. */
export const ACK_WINDOW_MS = 3000;

/** Slash command names: at most 32 characters including the leading "/" (app manifest reference). */
export const MAX_COMMAND_NAME = 32;
