/**
 * Posts a daily tip to a Discord channel: one REST call, no gateway, so it
 * works from the running bot and from the one-shot `tip post` command alike.
 *
 *   POST /channels/{id}/messages
 *   { content: "💡 <tip>\n— <source>", allowed_mentions: { parse: [] },
 *     nonce: tip.nonce, enforce_nonce: true, flags: SUPPRESS_EMBEDS }
 *
 * Exactly once: the nonce is stable per channel and local date, and with
 * `enforce_nonce` Discord answers a second send with the same nonce (a retry
 * after a lost response, a timeout, a 5xx, or the scheduler's next attempt)
 * with the message it already created instead of a new one.
 *
 * Retries belong to the scheduler (src/tips/schedule.ts), not to
 * @discordjs/rest, which would otherwise wait out a 429 and send again on its
 * own, as often as Discord keeps answering 429:
 * - `rejectOnRateLimit: () => true` makes every rate limit surface as a
 *   `RateLimitError`, mapped to `TipPostError({ retryAfterMs })`; the
 *   scheduler waits that long and retries once.
 * - Each post uses a fresh REST client, so no bucket state from an earlier
 *   429 can make the retry fail before it is sent (with an injected sleep, no
 *   real time passes). A tip is one request per channel per day; shared
 *   buckets would buy nothing.
 * - `retries: 1`: one immediate resend after a 5xx or a timeout, which the
 *   nonce makes safe; a 429 is never resent here.
 * - A 5xx or a timeout that outlasts that resend is transient: the
 *   scheduler's next attempt (one tick, a minute, later) sends the same nonce
 *   with `enforce_nonce`, well inside the few minutes Discord remembers it.
 *   A post that returned is recorded outside the poster's error handling
 *   (src/tips/schedule.ts), so it is never retried.
 *
 * Failures: Unknown Channel (10003), Missing Access (50001) and Missing
 * Permissions (50013) are permanent — the scheduler marks the channel
 * inactive with the code as the reason; everything else is transient.
 */
import {
  DiscordAPIError,
  HTTPError,
  MessageFlags,
  RateLimitError,
  REST,
  RESTEvents,
  Routes,
  type RESTPostAPIChannelMessageJSONBody,
  type RESTPostAPIChannelMessageResult,
} from 'discord.js';
import type { Logger } from '../../src/log.js';
import type { TipTarget } from '../../src/tips/content.js';
import { TipPostError, type PostedTip, type TipPoster } from '../../src/tips/schedule.js';
import { redactSecrets } from './errors.js';
import { MESSAGE_LIMITS } from './limits.js';
import { escapeKeepingCode, fitEscaped } from './text.js';

export interface DiscordTipPosterOptions {
  /** The bot token (DISCORD_TOKEN). */
  readonly token: string;
  /** The REST API base without version (DISCORD_API_URL); default https://discord.com/api. */
  readonly apiUrl?: string;
  readonly logger: Logger;
}

/** Unknown Channel, Missing Access, Missing Permissions: the channel is gone or forbids the bot. */
const PERMANENT_CODES: ReadonlySet<number> = new Set([10003, 50001, 50013]);

const SNOWFLAKE = /^\d{15,21}$/;
/** The source line never takes more than this; the tip gets the rest. */
const SOURCE_MAX = 300;
const TIP_PREFIX = '💡 ';
const SOURCE_PREFIX = '— ';

/** The message text: the tip (its `code` spans kept, the rest escaped), then its source line; at most 2,000 characters. */
function tipContent(tip: Pick<PostedTip, 'text' | 'source'>): string {
  const source = fitEscaped(tip.source.replace(/\s+/g, ' ').trim(), SOURCE_MAX);
  const sourceLine = source ? `\n${SOURCE_PREFIX}${source}` : '';
  const room = MESSAGE_LIMITS.content - TIP_PREFIX.length - sourceLine.length;
  const raw = tip.text.trim();
  let body = escapeKeepingCode(raw);
  // Tips are one chat line; a longer text is cut (its code spans then escaped like the rest).
  if (body.length > room) body = fitEscaped(raw, room);
  return `${TIP_PREFIX}${body}${sourceLine}`;
}

/** Milliseconds to wait, from a number of seconds or milliseconds that may be missing. */
function positive(value: unknown, scale = 1): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? Math.ceil(n * scale) : undefined;
}

/** Turns whatever the REST call threw into a {@link TipPostError} the scheduler can classify. */
function toTipPostError(err: unknown, target: TipTarget, secrets: readonly string[]): TipPostError {
  const where = `discord channel ${target.channelId}`;
  if (err instanceof RateLimitError) {
    const retryAfterMs = positive(err.retryAfter) ?? positive(err.timeToReset) ?? positive(err.sublimitTimeout) ?? 1000;
    return new TipPostError(`${where}: rate limited, retry after ${retryAfterMs} ms`, {
      retryAfterMs,
      reason: err.global ? '429 (global)' : '429',
      cause: err,
    });
  }
  if (err instanceof DiscordAPIError) {
    const message = redactSecrets(err.message, secrets);
    if (typeof err.code === 'number' && PERMANENT_CODES.has(err.code)) {
      return new TipPostError(`${where}: ${message} (${err.code})`, { permanent: true, reason: String(err.code), cause: err });
    }
    if (err.status === 429) {
      // Not expected (rejectOnRateLimit catches 429s first); still never a silent retry.
      const raw = err.rawError as { retry_after?: unknown };
      return new TipPostError(`${where}: rate limited`, { retryAfterMs: positive(raw.retry_after, 1000) ?? 1000, reason: '429', cause: err });
    }
    return new TipPostError(`${where}: ${message}`, { reason: `${err.status} ${err.code}: ${message}`, cause: err });
  }
  if (err instanceof HTTPError) {
    return new TipPostError(`${where}: HTTP ${err.status} ${err.message}`, { reason: `${err.status} ${err.message}`, cause: err });
  }
  const message = redactSecrets(err instanceof Error ? err.message : String(err), secrets);
  return new TipPostError(`${where}: ${message}`, { reason: message, cause: err });
}

/** A {@link TipPoster} for Discord channels, over REST only (no gateway login). */
export function createDiscordTipPoster(options: DiscordTipPosterOptions): TipPoster {
  const { token } = options;
  const secrets = [token];
  const logger = options.logger.child({ adapter: 'discord', component: 'tip-poster' });
  // Same shape as DISCORD_API_URL: no trailing slash, no version (REST appends /v10).
  const api = options.apiUrl?.trim().replace(/\/+$/, '').replace(/\/v\d+$/, '') || undefined;

  const newRest = (): REST => {
    const rest = new REST({
      ...(api ? { api } : {}),
      rejectOnRateLimit: () => true,
      retries: 1,
      // A client per post: no sweeper timers to keep a one-shot process alive.
      hashSweepInterval: 0,
      handlerSweepInterval: 0,
    }).setToken(token);
    rest.on(RESTEvents.Debug, (message) => logger.trace(redactSecrets(message, secrets)));
    return rest;
  };

  return async (target, tip) => {
    if (target.platform !== 'discord') {
      throw new TipPostError(`not a Discord channel: ${target.platform}:${target.channelId}`, { permanent: true, reason: 'not a discord channel' });
    }
    if (!SNOWFLAKE.test(target.channelId)) {
      // A typo in TIP_CHANNELS: Discord would refuse it on every attempt.
      throw new TipPostError(`"${target.channelId}" is not a Discord channel id`, { permanent: true, reason: 'invalid channel id' });
    }
    const body: RESTPostAPIChannelMessageJSONBody = {
      content: tipContent(tip),
      allowed_mentions: { parse: [] },
      nonce: tip.nonce.slice(0, MESSAGE_LIMITS.nonce),
      enforce_nonce: true,
      // One line and a source: no link previews under it.
      flags: MessageFlags.SuppressEmbeds,
    };
    let message: RESTPostAPIChannelMessageResult;
    try {
      message = (await newRest().post(Routes.channelMessages(target.channelId), { body })) as RESTPostAPIChannelMessageResult;
    } catch (err) {
      const failure = toTipPostError(err, target, secrets);
      logger.debug(
        { channelId: target.channelId, localDate: tip.localDate, attempt: tip.attempt, reason: failure.reason, retryAfterMs: failure.retryAfterMs },
        'tip post refused',
      );
      throw failure;
    }
    logger.debug({ channelId: target.channelId, localDate: tip.localDate, messageId: message.id, attempt: tip.attempt }, 'tip posted');
    return { messageId: message.id };
  };
}
