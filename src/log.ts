/**
 * Logging through pino, with secrets kept out of every line.
 *
 * Two layers: `redact` censors the object paths where secrets live (tokens,
 * signing secrets, response URLs, authorisation headers), and `scrub` replaces
 * anything that looks like a secret inside free text, for libraries such as
 * Bolt and discord.js whose log lines are plain strings.
 */
import { pino, type Logger, type LoggerOptions, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

const CENSOR = '[redacted]';

/** Object paths censored in every log line (pino `redact` syntax). */
export const REDACT_PATHS: readonly string[] = [
  'token',
  '*.token',
  '*.*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'clientSecret',
  '*.clientSecret',
  'response_url',
  '*.response_url',
  '*.*.response_url',
  'responseUrl',
  '*.responseUrl',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.*.headers.authorization',
  'headers["x-slack-signature"]',
  '*.headers["x-slack-signature"]',
  'env',
];

/**
 * Patterns of secrets that may appear inside free text: Slack tokens, Slack
 * response URLs and webhooks, Discord bot tokens, interaction callback URLs
 * and authorisation headers.
 */
const SECRET_PATTERNS: readonly RegExp[] = [
  /\bxox[abposre]-[A-Za-z0-9-]+/g,
  /\bxapp-[A-Za-z0-9-]+/g,
  // Response URLs and webhooks, also with JSON-escaped slashes (https:\/\/hooks.slack.com\/…).
  /https?:(?:\\?\/){2}[^\s"'<>]*?(?:hooks\.slack\.com|\\?\/(?:commands|actions|interactions|webhooks)\\?\/)[^\s"'<>]*/gi,
  /\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g,
  /\b(Bot|Bearer)\s+[A-Za-z0-9._-]{10,}/g,
];

/** Field names whose values are secrets at any depth (signing secrets look like nothing in particular). */
const SECRET_KEY = /^(token|bot_?token|app_?token|signing_?secret|client_?secret|secret|password|authorization|response_?url)$/i;

/** Replaces anything that looks like a secret in `text`. */
export function scrub(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, CENSOR);
  return out;
}

/** Deeply scrubs strings inside plain objects and arrays (depth-limited). */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const copy = new Error(scrub(value.message));
    copy.name = value.name;
    if (value.stack) copy.stack = scrub(value.stack);
    return copy;
  }
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) && v !== undefined ? CENSOR : scrubValue(v, depth + 1);
  return out;
}

export interface LoggerSettings {
  /** pino level: fatal, error, warn, info, debug, trace or silent. Default: info. */
  readonly level?: string;
  /** Where lines go. Default: standard error, so standard output stays for replies. */
  readonly destination?: DestinationStream;
  /** A name shown on every line. */
  readonly name?: string;
}

/** Creates the process logger; every adapter takes a child of it. */
export function createLogger(settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? 'info',
    redact: { paths: [...REDACT_PATHS], censor: CENSOR },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => scrubValue(a)) as Parameters<typeof method>);
      },
    },
  };
  if (settings.name) options.name = settings.name;
  return pino(options, settings.destination ?? pino.destination(2));
}
