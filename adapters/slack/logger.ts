/**
 * Bolt's `logger` option, bridged to a pino child logger.
 *
 * Bolt, its Web API client and its Socket Mode client log plain strings, some
 * of which embed whole payloads (a Socket Mode envelope carries the command's
 * `response_url`, JSON-escaped as `https:\/\/hooks.slack.com\/commands\/…`).
 * Every line is therefore scrubbed here before it reaches pino, whose own
 * hooks (`src/log.ts`) scrub once more:
 * - the configured secrets (bot token, app token, signing secret) by value;
 * - the values of keys that hold secrets (`response_url`, `token`, …) in JSON,
 *   `util.inspect` and form-encoded text;
 * - response and webhook URLs, also with JSON-escaped slashes.
 */
import { inspect } from 'node:util';
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/log.js';

const CENSOR = '[redacted]';

/** `"response_url":"…"`, `response_url: '…'`, `"token":"…"` and their kin. */
const SECRET_KEY_VALUE =
  /((?:["']?)(?:response_url|token|bot_access_token|access_token|app_token|bot_token|signing_secret|client_secret)(?:["']?)\s*[:=]\s*)(["'])(?:\\.|(?!\2)[^\\])*\2/gi;
/** `response_url=https%3A…` and `token=…` in form bodies and query strings. */
const SECRET_FORM_VALUE = /\b(response_url|token)=[^&\s"']+/gi;
/** Response URLs and webhooks, with plain or JSON-escaped slashes. */
const RESPONSE_URL =
  /https?:(?:\\?\/){2}[^\s"'<>]*?(?:hooks\.slack\.com|\\?\/(?:commands|actions|interactions|webhooks)\\?\/)[^\s"'<>]*/gi;
/** Slack tokens anywhere. */
const TOKEN = /\bx(?:ox[abposre]|app)-[A-Za-z0-9-]+/g;

export function scrubSlack(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join(CENSOR);
  return out
    .replace(SECRET_KEY_VALUE, `$1$2${CENSOR}$2`)
    .replace(SECRET_FORM_VALUE, `$1=${CENSOR}`)
    .replace(RESPONSE_URL, CENSOR)
    .replace(TOKEN, CENSOR);
}

type PinoLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

function toBolt(level: string): LogLevel {
  switch (level) {
    case 'trace':
    case 'debug':
      return LogLevel.DEBUG;
    case 'info':
      return LogLevel.INFO;
    case 'warn':
      return LogLevel.WARN;
    default:
      return LogLevel.ERROR;
  }
}

function toPino(level: LogLevel): PinoLevel {
  switch (level) {
    case LogLevel.DEBUG:
      return 'debug';
    case LogLevel.INFO:
      return 'info';
    case LogLevel.WARN:
      return 'warn';
    default:
      return 'error';
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return inspect(value, { depth: 4, breakLength: Infinity, maxStringLength: 2000 });
}

/** Bolt's Logger interface on top of a pino logger. */
export class PinoBoltLogger implements BoltLogger {
  private readonly pino: Logger;
  private readonly secrets: readonly string[];
  private name = 'bolt';

  /** @param secrets values that must never be written, whatever the level */
  constructor(parent: Logger, secrets: readonly string[] = []) {
    this.pino = parent.child({ component: 'slack-bolt' });
    this.secrets = [...secrets].sort((a, b) => b.length - a.length);
  }

  debug(...msg: unknown[]): void {
    this.write('debug', msg);
  }
  info(...msg: unknown[]): void {
    this.write('info', msg);
  }
  warn(...msg: unknown[]): void {
    this.write('warn', msg);
  }
  error(...msg: unknown[]): void {
    this.write('error', msg);
  }

  /** Bolt sets its level at start-up; the operator's pino level is kept when Bolt's agrees with it. */
  setLevel(level: LogLevel): void {
    if (toBolt(this.pino.level) !== level) this.pino.level = toPino(level);
  }

  getLevel(): LogLevel {
    return toBolt(this.pino.level);
  }

  setName(name: string): void {
    this.name = name;
  }

  private write(level: 'debug' | 'info' | 'warn' | 'error', msg: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const text = scrubSlack(msg.map(describe).join(' '), this.secrets);
    const error = msg.find((m): m is Error => m instanceof Error);
    const fields: Record<string, unknown> = { bolt: this.name };
    if (error) {
      const copy = new Error(scrubSlack(error.message, this.secrets));
      copy.name = error.name;
      if (error.stack) copy.stack = scrubSlack(error.stack, this.secrets);
      fields['err'] = copy;
    }
    this.pino[level](fields, text);
  }
}
