/**
 * Slash commands: `/talk`, `/tool`, `/ask`, `/tip`, `/help` (names from the
 * configuration). Acknowledged at once with an empty body, then answered
 * through the command's response_url as an ephemeral message with a "Share in
 * channel" button.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { CommandName } from '../../../src/commands.js';
import type { Reply } from '../../../src/reply.js';
import { renderSlack } from '../render.js';
import type { ReplySource } from '../values.js';
import type { ListenerDeps } from './deps.js';
import { failureReply, respondWith } from './post.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** The names the help text shows for each command, as configured for Slack. */
export function helpNames(deps: Pick<ListenerDeps, 'config'>): Record<CommandName, string> {
  return { ...deps.config.commands };
}

async function answerCommand(name: CommandName, args: CommandArgs, deps: ListenerDeps): Promise<Reply> {
  const { command } = args;
  if (name === 'help') return deps.hallway.help(helpNames(deps));
  if (name === 'tip' && deps.tips) {
    return deps.tips.handle({
      platform: 'slack',
      channelId: command.channel_id,
      userId: command.user_id,
      text: command.text ?? '',
      canManage: deps.config.adminUserIds.includes(command.user_id),
    });
  }
  return deps.hallway.command(name, command.text ?? '', helpNames(deps));
}

/** The listener for one command. */
export function slashCommand(name: CommandName, deps: ListenerDeps) {
  return async function onSlashCommand(args: CommandArgs): Promise<void> {
    await args.ack();
    deps.logger.debug({ command: name, user: args.command.user_id }, 'slash command');
    let reply: Reply;
    try {
      reply = await answerCommand(name, args, deps);
    } catch (err) {
      deps.logger.error({ err, command: name }, 'the core failed to answer a slash command');
      reply = failureReply();
    }
    const share: ReplySource | undefined =
      name === 'tip' || name === 'help' ? undefined : { type: 'command', command: name, query: args.command.text ?? '' };
    await respondWith(args.respond, renderSlack(reply, share ? { share } : {}), {
      responseType: 'ephemeral',
      replaceOriginal: false,
    });
  };
}
