/**
 * Posts daily tips to Slack channels: the {@link TipPoster} the tips scheduler
 * (src/tips/schedule.ts) and `tip post` call, one `chat.postMessage` per tip.
 *
 * The poster has its own Web API client, separate from Bolt's, with every
 * retry of the client switched off: the scheduler owns retries (it waits for a
 * 429's Retry-After and tries once more, and retries other transient failures
 * on a later tick with the same claim), so a second layer of retries here
 * could only post a tip twice or hold a tick for half an hour.
 *
 * What a failure is reported as (see {@link TipPostError}):
 * - rate limited — the client's `slack_webapi_rate_limited_error` (a 429 with
 *   Retry-After, rejected at once because of `rejectRateLimitedCalls`), an
 *   HTTP 429 error, or `ok: false` with `ratelimited`/`rate_limited` and a
 *   Retry-After header → `retryAfterMs`;
 * - the channel is gone, archived or does not let the bot post →
 *   `permanent: true` with the Slack error as `reason` (the scheduler marks
 *   the subscription inactive and logs it once); see
 *   {@link PERMANENT_CHANNEL_ERRORS} for the list and why it stops there;
 * - the message may have been posted (the request was sent, but the answer
 *   is an HTTP 5xx, a timeout, a connection reset or closed mid-request, or
 *   `internal_error`/`fatal_error`/`service_unavailable`) → `uncertain: true`.
 *   `chat.postMessage` has no idempotency key, so the scheduler never retries
 *   these: a Slack that stores the message and answers 500 gets it once, not
 *   three times. See {@link UNCERTAIN_ERRORS} and {@link NOT_SENT_CODES};
 * - anything else (a token or scope problem, a connection that was refused
 *   or never resolved, so nothing was sent) is transient and thrown as is,
 *   with the Slack error as `reason`.
 *
 * The message: a section with the tip and a context line with its source,
 * both escaped like every other text the adapter sends, so a tip that holds
 * `<!channel>` shows it as text; the top-level `text` (notifications, screen
 * readers) is "tip — source", never empty. No unfurling, no `link_names`, no
 * `parse`.
 */
import { webApi } from '@slack/bolt';
import type { Logger } from '../../src/log.js';
import { TipPostError, type PostedTip, type TipPoster } from '../../src/tips/schedule.js';
import type { TipTarget } from '../../src/tips/content.js';
import { cutEscaped, escapeMrkdwn, fit } from './escape.js';
import { MAX_CONTEXT_ELEMENT_TEXT, MAX_FALLBACK_TEXT, MAX_SECTION_TEXT } from './limits.js';
import { PinoBoltLogger } from './logger.js';
import { SAFE_POST_OPTIONS } from './listeners/post.js';
import type { Block, SlackMessage } from './render.js';

export interface SlackTipPosterOptions {
  /** The bot token (`xoxb-…`, scope `chat:write`). */
  readonly token: string;
  /** Another Web API base URL ending with "/" (SLACK_API_URL); default Slack's. */
  readonly apiUrl?: string;
  /** The process logger; the client logs through a scrubbed child of it. */
  readonly logger: Logger;
}

/**
 * Slack errors that say this channel cannot be posted to until a person acts
 * (invites the bot, unarchives the channel, changes its posting rules, or
 * subscribes another channel); the subscription is switched off.
 *
 * Deliberately not here, so they stay transient (at most the scheduler's few
 * attempts a day, each logged): errors about the token or the app rather
 * than the channel — `invalid_auth`, `not_authed`, `account_inactive`,
 * `token_revoked`, `missing_scope`, `ekm_access_denied`, `org_login_required`,
 * `team_added_to_org`. They hit every channel at once, and switching every
 * subscription off because a token was rotated badly would lose them all;
 * once the operator fixes the token, posting resumes by itself.
 * `access_denied` is left out too: Slack documents it only as "access to a
 * resource is denied", which is not reliably about the channel. Content
 * errors (`msg_too_long`, `invalid_blocks`, `no_text`) are our bug, not the
 * channel's, and stay transient.
 */
export const PERMANENT_CHANNEL_ERRORS: ReadonlySet<string> = new Set([
  // The channel does not exist, or is private and the bot is not in it.
  'channel_not_found',
  // The bot was never invited to, or was removed from, the channel.
  'not_in_channel',
  // The channel was archived (the second spelling is used by some methods).
  'is_archived',
  'channel_is_archived',
  // Workspace or channel posting rules that forbid the bot here:
  // e.g. #general limited to admins, read-only (announcement) and thread-only channels.
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  // Workspace tokens: "make sure your app is a member of the conversation".
  'no_permission',
]);

/**
 * Slack's `ok: false` errors after which the message may exist: Slack
 * documents `internal_error` and `fatal_error` as "it's possible some aspect
 * of the operation succeeded", and `service_unavailable` gives no guarantee
 * either. Not retried (a second tip is worse than none).
 */
export const UNCERTAIN_ERRORS: ReadonlySet<string> = new Set(['internal_error', 'fatal_error', 'service_unavailable']);

/**
 * Network error codes that mean the request never reached Slack (refused,
 * unresolvable or unreachable host, connect timeout, bad TLS certificate):
 * retrying cannot post twice. Any other network failure — a reset, a socket
 * closed mid-request, an unknown code — may come after Slack read the
 * request, so it is uncertain.
 */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_INVALID_URL',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Slack's `ok: false` errors that mean "rate limited". */
const RATE_LIMIT_ERRORS: ReadonlySet<string> = new Set(['ratelimited', 'rate_limited']);

/** How long one chat.postMessage may take; a hung request must not hold the tick (and the other channels) forever. */
const REQUEST_TIMEOUT_MS = 30_000;

/** The message for one tip: the tip in a section, its source in a context line, "tip — source" as text. */
export function renderTip(tip: Pick<PostedTip, 'text' | 'source'>): SlackMessage {
  const text = tip.text.trim() || 'Tip of the day';
  const source = tip.source.trim();
  const blocks: Block[] = [
    { type: 'section', text: { type: 'mrkdwn', text: cutEscaped(`:bulb: ${escapeMrkdwn(text)}`, MAX_SECTION_TEXT) } },
  ];
  if (source) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: fit(source, MAX_CONTEXT_ELEMENT_TEXT) }] });
  }
  return { blocks, text: fit(source ? `${text} — ${source}` : text, MAX_FALLBACK_TEXT) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Seconds from a Retry-After value (Slack sends whole seconds). */
function seconds(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Turns what the Web API client threw into what the scheduler understands. */
export function toTipPostError(err: unknown, target: Pick<TipTarget, 'channelId'>): unknown {
  if (!isRecord(err)) return err;
  const where = `slack: chat.postMessage to ${target.channelId}`;
  const code = err['code'];

  if (code === webApi.ErrorCode.RateLimitedError) {
    const retry = seconds(err['retryAfter']);
    if (retry !== undefined) {
      return new TipPostError(`${where} was rate limited; retry after ${retry} s`, {
        retryAfterMs: retry * 1000,
        reason: 'ratelimited',
        cause: err,
      });
    }
  }

  if (code === webApi.ErrorCode.HTTPError && err['statusCode'] === 429) {
    const headers = isRecord(err['headers']) ? err['headers'] : {};
    const retry = seconds(headers['retry-after'] ?? headers['Retry-After']);
    if (retry !== undefined) {
      return new TipPostError(`${where} got HTTP 429; retry after ${retry} s`, { retryAfterMs: retry * 1000, reason: 'http_429', cause: err });
    }
    return new TipPostError(`${where} got HTTP 429 without Retry-After`, { reason: 'http_429', cause: err });
  }

  if (code === webApi.ErrorCode.HTTPError) {
    const status = Number(err['statusCode']);
    // A 5xx (or 408) comes after Slack read the request: the message may exist.
    const uncertain = status >= 500 || status === 408;
    return new TipPostError(`${where} failed with HTTP ${String(err['statusCode'])}${uncertain ? '; it may have been posted, so it is not retried' : ''}`, {
      reason: `http_${String(err['statusCode'])}`,
      ...(uncertain ? { uncertain: true } : {}),
      cause: err,
    });
  }

  if (code === webApi.ErrorCode.PlatformError && isRecord(err['data'])) {
    const data = err['data'];
    const error = typeof data['error'] === 'string' ? data['error'] : 'unknown_error';
    if (PERMANENT_CHANNEL_ERRORS.has(error)) {
      return new TipPostError(`${where} failed: ${error}`, { permanent: true, reason: error, cause: err });
    }
    if (UNCERTAIN_ERRORS.has(error)) {
      return new TipPostError(`${where} failed: ${error}; it may have been posted, so it is not retried`, { uncertain: true, reason: error, cause: err });
    }
    if (RATE_LIMIT_ERRORS.has(error)) {
      const meta = isRecord(data['response_metadata']) ? data['response_metadata'] : {};
      const retry = seconds(meta['retryAfter']);
      return new TipPostError(`${where} was rate limited (${error})`, {
        ...(retry !== undefined ? { retryAfterMs: retry * 1000 } : {}),
        reason: error,
        cause: err,
      });
    }
    return new TipPostError(`${where} failed: ${error}`, { reason: error, cause: err });
  }

  if (code === webApi.ErrorCode.RequestError) {
    const original = isRecord(err['original']) ? err['original'] : undefined;
    const name = original && typeof original['name'] === 'string' ? original['name'] : '';
    // fetch puts the socket's code on `cause`; other clients on the error itself.
    const cause = original && isRecord(original['cause']) ? original['cause'] : undefined;
    const netCode = [original?.['code'], cause?.['code']].find((c): c is string => typeof c === 'string');
    if (name === 'TimeoutError' || name === 'AbortError') {
      // Slack has no idempotency key for chat.postMessage: after a timeout the message
      // may exist, so the claim is not retried (a second tip is worse than none).
      return new TipPostError(`${where} timed out; it may have been posted, so it is not retried`, { reason: 'timeout', uncertain: true, cause: err });
    }
    if (netCode !== undefined && NOT_SENT_CODES.has(netCode)) {
      return new TipPostError(`${where} did not get through (${netCode})`, { reason: 'request_error', cause: err });
    }
    return new TipPostError(`${where} lost its connection (${netCode ?? 'unknown'}); it may have been posted, so it is not retried`, {
      reason: `connection_lost${netCode ? ` ${netCode}` : ''}`,
      uncertain: true,
      cause: err,
    });
  }

  return err;
}

/**
 * A {@link TipPoster} for Slack. The composition root passes it to the
 * scheduler and to `tip post`, for subscriptions whose platform is `slack`:
 *
 *   const postSlackTip = createSlackTipPoster({ token: process.env.SLACK_BOT_TOKEN, apiUrl: process.env.SLACK_API_URL, logger });
 */
export function createSlackTipPoster(options: SlackTipPosterOptions): TipPoster {
  const client = new webApi.WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    // The scheduler owns retries: none here, and a 429 comes back at once with its Retry-After.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: REQUEST_TIMEOUT_MS,
    // Bolt's bridge: the client's string logs go to pino as component "slack-bolt", tokens scrubbed.
    logger: new PinoBoltLogger(options.logger, [options.token]),
  });

  return async function postSlackTip(target: TipTarget, tip: PostedTip): Promise<{ messageId?: string }> {
    const message = renderTip(tip);
    let result: { ts?: string | undefined };
    try {
      result = await client.chat.postMessage({
        channel: target.channelId,
        text: message.text,
        blocks: message.blocks,
        ...SAFE_POST_OPTIONS,
      });
    } catch (err) {
      throw toTipPostError(err, target);
    }
    return typeof result.ts === 'string' && result.ts ? { messageId: result.ts } : {};
  };
}
