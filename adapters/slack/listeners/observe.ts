/**
 * Tells the question observers (metrics, logs, insights) about a reply once
 * it has been sent; an observer's failure is logged, never thrown.
 */
import type { CommandName } from '../../../src/commands.js';
import { newQuestionId } from '../../../src/insights/ids.js';
import { notifyQuestion } from '../../../src/observe.js';
import type { Reply } from '../../../src/reply.js';
import type { ListenerDeps } from './deps.js';

/** A question id for the reply's 👍/👎 buttons, when votes are recorded. */
export function questionIdFor(deps: Pick<ListenerDeps, 'feedback'>): string | undefined {
  return deps.feedback ? newQuestionId() : undefined;
}

export function observeReply(
  deps: Pick<ListenerDeps, 'observers' | 'logger'>,
  q: { at: Date; command: CommandName; via: 'command' | 'message' | 'button'; query: string; reply: Reply; userId: string; questionId?: string | undefined },
): void {
  if (!deps.observers?.length) return;
  notifyQuestion(
    deps.observers,
    {
      at: q.at,
      platform: 'slack',
      command: q.command,
      via: q.via,
      query: q.reply.query || q.query,
      status: q.reply.status,
      ...(q.reply.hits[0] ? { topHit: q.reply.hits[0] } : {}),
      latencyMs: Date.now() - q.at.getTime(),
      askerId: q.userId,
      ...(q.questionId ? { questionId: q.questionId } : {}),
    },
    (err) => deps.logger.warn({ err }, 'a question observer failed'),
  );
}
