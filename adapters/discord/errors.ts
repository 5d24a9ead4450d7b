/**
 * Errors and secrets: which Discord errors are expected races rather than
 * failures, and how an error is described in a log line without the bot token
 * or an interaction token (both can hide in URLs, REST handler ids and stacks).
 */
import type { Logger } from '../../src/log.js';

/** "Unknown interaction": the 3-second window passed, or the interaction is gone. */
export const UNKNOWN_INTERACTION = 10062;
/** "Interaction has already been acknowledged". */
export const ALREADY_ACKNOWLEDGED = 40060;

const BENIGN_API_CODES: ReadonlySet<number> = new Set([UNKNOWN_INTERACTION, ALREADY_ACKNOWLEDGED]);
/** discord.js's own error for replying twice to an interaction. */
const BENIGN_DJS_CODES: ReadonlySet<string> = new Set(['InteractionAlreadyReplied', 'InteractionNotReplied']);

function codeOf(err: unknown): unknown {
  return typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : undefined;
}

/** True for the interaction races Discord reports as 10062 and 40060 (and discord.js's equivalents). */
export function isBenignInteractionError(err: unknown): boolean {
  const code = codeOf(err);
  if (typeof code === 'number') return BENIGN_API_CODES.has(code);
  if (typeof code === 'string') return BENIGN_DJS_CODES.has(code);
  return false;
}

/**
 * Removes secrets from a text: the given literal secrets (the bot token), and
 * interaction tokens wherever discord.js puts them: callback and webhook paths,
 * and REST handler ids of the form "<application id>/<token>".
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 8) out = out.split(s).join('[redacted]');
  return out
    .replace(/(\/(?:interactions|webhooks)\/\d+\/)[^/\s?\]"']+/g, '$1[redacted]')
    .replace(/\b(\d{15,21}\/)[A-Za-z0-9_.-]{20,}/g, '$1[redacted]');
}

/** The parts of an error worth logging, without URLs, request bodies or secrets. */
export function describeError(err: unknown, secrets: readonly string[]): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: redactSecrets(String(err), secrets) };
  const out: Record<string, unknown> = {
    type: err.name,
    message: redactSecrets(err.message, secrets),
  };
  const e = err as Error & { code?: unknown; status?: unknown; method?: unknown };
  if (e.code !== undefined) out.code = e.code;
  if (typeof e.status === 'number') out.status = e.status;
  if (typeof e.method === 'string') out.method = e.method;
  if (err.stack) out.stack = redactSecrets(err.stack, secrets);
  return out;
}

/** Logs a failed Discord call: benign interaction races at warn, the rest at error. */
export function logFailure(
  logger: Logger,
  err: unknown,
  context: Record<string, unknown>,
  what: string,
  secrets: readonly string[],
): void {
  const error = describeError(err, secrets);
  if (isBenignInteractionError(err)) {
    logger.warn({ ...context, error }, `${what}: interaction expired or already answered`);
  } else {
    logger.error({ ...context, error }, `${what} failed`);
  }
}
