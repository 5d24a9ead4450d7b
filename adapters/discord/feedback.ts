/**
 * 👍/👎 on answers. Each button's custom_id is `hallway-vote:up:<question id>`
 * (or `down`): only the question's opaque id (src/insights/ids.ts), nothing
 * else. A click is answered with a short ephemeral thanks and the vote is
 * queued for the insights recorder, keyed by the voter's hashed id, so voting
 * again changes the vote. A forged custom_id can do nothing but cast a vote,
 * which the store ignores unless the question was recorded.
 */
import { ButtonStyle, ComponentType, MessageFlags, type APIButtonComponentWithCustomId, type ButtonInteraction } from 'discord.js';
import { isQuestionId } from '../../src/insights/ids.js';
import type { FeedbackPort } from '../../src/insights/service.js';
import type { Reply } from '../../src/reply.js';
import { COMPONENT_LIMITS } from './limits.js';
import type { ButtonRow } from './render.js';

export const VOTE_PREFIX = 'hallway-vote:';
const VOTE_ID = /^hallway-vote:(up|down):([A-Za-z0-9_-]{16})$/;

export function isVoteButton(customId: string): boolean {
  return customId.startsWith(VOTE_PREFIX);
}

/** The rows with a 👍/👎 row added, for an answer with a question id, when a row is free. */
export function withFeedbackRow(rows: ButtonRow[], reply: Reply, questionId: string | undefined): ButtonRow[] {
  if (!questionId || !isQuestionId(questionId) || reply.status !== 'answer' || rows.length >= COMPONENT_LIMITS.actionRows) return rows;
  const buttons: APIButtonComponentWithCustomId[] = [
    { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: `${VOTE_PREFIX}up:${questionId}`, label: 'Helpful', emoji: { name: '👍' } },
    { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: `${VOTE_PREFIX}down:${questionId}`, label: 'Not helpful', emoji: { name: '👎' } },
  ];
  return [...rows, { type: ComponentType.ActionRow, components: buttons.slice(0, COMPONENT_LIMITS.buttonsPerRow) }];
}

/** Records a vote button's click and thanks the voter (only they see it). */
export async function onVoteButton(interaction: ButtonInteraction, feedback: FeedbackPort | undefined): Promise<void> {
  const m = VOTE_ID.exec(interaction.customId);
  const up = m?.[1] === 'up';
  const accepted = m !== null && feedback !== undefined && feedback.vote({ questionId: m[2]!, platform: 'discord', voterId: interaction.user.id, vote: up ? 1 : -1 });
  await interaction.reply({
    content: !accepted
      ? 'Votes are not recorded here.'
      : up
        ? 'Thanks! Glad it helped. 👍'
        : 'Thanks for telling us. 👎 The organisers will see which answers need work.',
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}
