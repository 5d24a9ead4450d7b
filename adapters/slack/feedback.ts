/**
 * 👍/👎 on answers. The buttons carry only the question's opaque id
 * (src/insights/ids.ts) in their value; the action id says which way. A click
 * is acknowledged at once, the vote is queued for the insights recorder
 * (keyed by the voter's hashed id, so voting again changes the vote), and the
 * voter gets a short ephemeral thanks. A forged value can do nothing but cast
 * a vote, which the store ignores unless the question was recorded.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, types } from '@slack/bolt';
import { isQuestionId } from '../../src/insights/ids.js';
import type { Reply } from '../../src/reply.js';
import { MAX_ACTIONS_ELEMENTS } from './limits.js';
import type { ListenerDeps } from './listeners/deps.js';

export const ACTION_VOTE_UP = 'hallway.vote.up';
export const ACTION_VOTE_DOWN = 'hallway.vote.down';
export const ACTION_VOTE_PATTERN = /^hallway\.vote\.(up|down)$/;

/** The 👍/👎 actions block for an answer (nothing for other replies or without a question id). */
export function feedbackBlocks(reply: Reply, questionId: string | undefined): types.KnownBlock[] {
  if (!questionId || !isQuestionId(questionId) || reply.status !== 'answer') return [];
  const elements: types.Button[] = [
    { type: 'button', action_id: ACTION_VOTE_UP, text: { type: 'plain_text', text: '👍 Helpful', emoji: true }, value: questionId },
    { type: 'button', action_id: ACTION_VOTE_DOWN, text: { type: 'plain_text', text: '👎 Not helpful', emoji: true }, value: questionId },
  ];
  return [{ type: 'actions', block_id: 'hallway.feedback', elements: elements.slice(0, MAX_ACTIONS_ELEMENTS) }];
}

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** The listener for both vote buttons. */
export function voteButton(deps: Pick<ListenerDeps, 'feedback' | 'logger'>) {
  return async function onVote({ ack, action, body, respond }: ButtonArgs): Promise<void> {
    await ack();
    const up = action.action_id === ACTION_VOTE_UP;
    const accepted =
      deps.feedback !== undefined &&
      deps.feedback.vote({ questionId: action.value ?? '', platform: 'slack', voterId: body.user.id, vote: up ? 1 : -1 });
    if (!accepted) {
      deps.logger.debug('a vote without a valid question id was ignored');
      return;
    }
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: up ? 'Thanks! Glad it helped. 👍' : 'Thanks for telling us. 👎 The organisers will see which answers need work.',
    });
  };
}
