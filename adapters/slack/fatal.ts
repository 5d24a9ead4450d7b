/**
 * Which Slack errors end the process: a token Slack refuses will not start
 * working on the next reconnect, so the supervisor should restart the bot and
 * an operator should see why. Kept free of Bolt imports, so the composition
 * root can use it without loading Slack.
 */

/** Slack's answers that mean a token itself is wrong: the connection will never come back. */
export const FATAL_AUTH_ERRORS: ReadonlySet<string> = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'user_removed_from_team',
  'team_disabled',
]);

/** @slack/web-api's code for an error answer from Slack (`{ ok: false, error }`). */
const PLATFORM_ERROR = 'slack_webapi_platform_error';

/** The reason to stop the process when `err` is a Slack error no reconnect can fix; undefined otherwise. */
export function fatalSlackReason(err: unknown): string | undefined {
  const e = err as { code?: unknown; data?: { error?: unknown } } | null;
  const error = typeof e?.data?.error === 'string' ? e.data.error : undefined;
  if (e?.code === PLATFORM_ERROR && error && FATAL_AUTH_ERRORS.has(error)) {
    return `Slack refused the token (${error}); check SLACK_APP_TOKEN and SLACK_BOT_TOKEN, then restart`;
  }
  return undefined;
}
