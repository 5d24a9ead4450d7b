/**
 * Slash commands: `/talk`, `/tool`, `/ask`, `/tip`, `/help` (names from the
 * configuration). Acknowledged at once with an empty body, then answered
 * through the command's response_url as an ephemeral message with a "Share in
 * channel" button (not for /tip and /help).
 *
 * `/tip` goes to the tips service; `/tip subscribe` and `/tip unsubscribe`
 * are allowed to the users in SLACK_ADMIN_USER_IDS and to workspace admins and
 * owners (see {@link canManageTips}). Everything `/tip` answers, refusals
 * included, is ephemeral: only the person who typed it sees it.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs, webApi } from '@slack/bolt';
import type { CommandName } from '../../../src/commands.js';
import type { Reply } from '../../../src/reply.js';
import { renderSlack } from '../render.js';
import { fullSource, type ReplySource } from '../values.js';
import type { ListenerDeps } from './deps.js';
import { failureReply, respondWith } from './post.js';
import { observeReply, questionIdFor } from './observe.js';
import { insightsOffReply } from '../../../src/insights/service.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** The names the help text shows for each command, as configured for Slack. */
export function helpNames(deps: Pick<ListenerDeps, 'config'>): Record<CommandName, string> {
  return { ...deps.config.commands };
}

/** `/tip` subcommands that change the channel's subscription, and so need a manager. */
const MANAGING_SUBCOMMANDS: ReadonlySet<string> = new Set(['subscribe', 'unsubscribe']);

/** The `/tip` subcommand, read the way the tips service reads it (a leading "/tip" is ignored). */
export function tipSubcommand(text: string): string | undefined {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words[0]?.toLowerCase() === '/tip') words.shift();
  return words[0]?.toLowerCase();
}

/**
 * Whether a user may subscribe or unsubscribe a channel: listed in
 * SLACK_ADMIN_USER_IDS, or a workspace admin or owner according to
 * `users.info` (scope `users:read`). Asked afresh each time, nothing cached:
 * someone who stops being an admin loses the right at once. A lookup that
 * fails counts as "no" (the user gets the refusal) and is logged.
 */
export async function canManageTips(
  userId: string,
  client: Pick<webApi.WebClient, 'users'>,
  deps: Pick<ListenerDeps, 'config' | 'logger'>,
): Promise<boolean> {
  if (deps.config.adminUserIds.includes(userId)) return true;
  try {
    const res = await client.users.info({ user: userId });
    const user = res.user;
    return user?.deleted !== true && (user?.is_admin === true || user?.is_owner === true || user?.is_primary_owner === true);
  } catch (err) {
    const code = (err as { data?: { error?: unknown } }).data?.error;
    deps.logger.warn(
      { err },
      code === 'missing_scope'
        ? 'cannot tell whether the user is a workspace admin: the app lacks the users:read scope (reinstall it from manifest.yaml)'
        : 'cannot tell whether the user is a workspace admin (users.info failed); treating them as not one',
    );
    return false;
  }
}

async function answerCommand(name: CommandName, args: CommandArgs, deps: ListenerDeps): Promise<Reply> {
  const { command } = args;
  if (name === 'help') return deps.hallway.help(helpNames(deps));
  // /insights: for the same people as /tip subscribe; always ephemeral, never recorded.
  if (name === 'insights') {
    return deps.insights ? deps.insights.summary(await canManageTips(command.user_id, args.client, deps)) : insightsOffReply();
  }
  if (name === 'tip' && deps.tips) {
    const text = command.text ?? '';
    const sub = tipSubcommand(text);
    // users.info only when the answer matters: plain /tip and /tip status need no lookup.
    const canManage =
      sub !== undefined && MANAGING_SUBCOMMANDS.has(sub)
        ? await canManageTips(command.user_id, args.client, deps)
        : deps.config.adminUserIds.includes(command.user_id);
    return deps.tips.handle({ platform: 'slack', channelId: command.channel_id, userId: command.user_id, text, canManage });
  }
  return deps.hallway.command(name, command.text ?? '', helpNames(deps));
}

/** The listener for one command. */
export function slashCommand(name: CommandName, deps: ListenerDeps) {
  return async function onSlashCommand(args: CommandArgs): Promise<void> {
    const at = new Date();
    await args.ack();
    deps.logger.debug({ command: name }, 'slash command');
    let reply: Reply;
    try {
      reply = await answerCommand(name, args, deps);
    } catch (err) {
      deps.logger.error({ err, command: name }, 'the core failed to answer a slash command');
      reply = failureReply();
    }
    const share: ReplySource | undefined =
      name === 'tip' || name === 'help' || name === 'insights' ? undefined : { type: 'command', command: name, query: args.command.text ?? '' };
    const questionId = name === 'insights' ? undefined : questionIdFor(deps);
    await respondWith(
      args.respond,
      renderSlack(reply, { ...(share ? { share, more: fullSource(share) } : {}), ...(questionId ? { feedback: questionId } : {}) }),
      { responseType: 'ephemeral', replaceOriginal: false },
    );
    if (name !== 'insights') {
      observeReply(deps, { at, command: name, via: 'command', query: args.command.text ?? '', reply, userId: args.command.user_id, questionId });
    }
  };
}
