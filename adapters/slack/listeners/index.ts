/**
 * Every Slack listener, registered in one place.
 */
import type { App } from '@slack/bolt';
import { COMMAND_NAMES } from '../../../src/commands.js';
import { ACTION_MORE, ACTION_OPEN_PATTERN, ACTION_SHARE } from '../values.js';
import { moreButton, openButton, shareButton } from './actions.js';
import { slashCommand } from './commands.js';
import type { ListenerDeps } from './deps.js';
import { appMention, directMessage } from './messages.js';
import { ACTION_VOTE_PATTERN, voteButton } from '../feedback.js';

export type { ListenerDeps, SlackHallway, TipContext, TipsService } from './deps.js';

/**
 * Drops an Events API delivery whose `event_id` was already handled: Slack
 * redelivers (with X-Slack-Retry-Num) when it did not see our 200 in time.
 * Bolt has acknowledged the event before this runs, so the retries stop.
 */
function dropRepeatedEvents(deps: ListenerDeps) {
  return async function onlyFirstDelivery({ body, next }: { body: unknown; next: () => Promise<void> }): Promise<void> {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !deps.seen.firstTime(`event:${eventId}`)) {
      deps.logger.debug({ eventId }, 'repeated event delivery ignored');
      return;
    }
    await next();
  };
}

export function registerListeners(app: App, deps: ListenerDeps): void {
  app.use(dropRepeatedEvents(deps));

  for (const name of COMMAND_NAMES) app.command(deps.config.commands[name], slashCommand(name, deps));

  app.event('app_mention', appMention(deps));
  app.message(directMessage(deps));

  app.action(ACTION_SHARE, shareButton(deps));
  app.action(ACTION_MORE, moreButton(deps));
  app.action(ACTION_OPEN_PATTERN, openButton(deps));
  app.action(ACTION_VOTE_PATTERN, voteButton(deps));

  app.error(async (error) => {
    deps.logger.error({ err: error }, 'unhandled error in a Slack listener');
  });
}
