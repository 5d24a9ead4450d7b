/**
 * Turns a text as typed in chat into a command and its query:
 * "/talk kuma" → { command: "talk", query: "kuma" }; text without a command is
 * a free question, the same as "/ask".
 */
import { isCommandName, type CommandName } from './commands.js';
import { cleanInput, MAX_QUERY_LENGTH } from './text/normalize.js';

export interface ParsedInput {
  readonly command: CommandName;
  /** The cleaned query (mention markup stripped, control characters removed, capped). */
  readonly query: string;
  /** True when the text started with a known command. */
  readonly explicit: boolean;
}

const COMMAND_PREFIX = /^\/([a-z]+)(?:\s+|$)/i;

export function parseInput(text: string, maxLength = MAX_QUERY_LENGTH): ParsedInput {
  const cleaned = cleanInput(text, maxLength * 2);
  const m = COMMAND_PREFIX.exec(cleaned);
  if (m) {
    const name = m[1]!.toLowerCase();
    if (isCommandName(name)) {
      return { command: name, query: cleanInput(cleaned.slice(m[0].length), maxLength), explicit: true };
    }
  }
  return { command: 'ask', query: cleanInput(cleaned, maxLength), explicit: false };
}
