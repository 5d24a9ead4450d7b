/**
 * What happened to one question, told to observers (metrics, logs, insights)
 * after the reply has been sent. Front ends build one {@link QuestionEvent} per
 * answered text or command and hand it to {@link notifyQuestion}; observers
 * must be cheap and must never throw into the answer path (a throwing observer
 * is caught and reported through `onError`).
 *
 * The event carries the asker's raw platform id only so that each observer can
 * turn it into its own opaque, salted hash ({@link hashAsker}); no observer may
 * store or log it as it is.
 */
import { createHmac } from 'node:crypto';
import type { CommandName } from './commands.js';
import type { ReplyHit, ReplyStatus } from './reply.js';

export type QuestionPlatform = 'slack' | 'discord' | 'console';

export interface QuestionEvent {
  /** When the question arrived. */
  readonly at: Date;
  readonly platform: QuestionPlatform;
  /** The command the text came through; a mention, DM or console line is `ask`. */
  readonly command: CommandName;
  /** How it came: a slash command, a mention/DM/console line, or a button. */
  readonly via: 'command' | 'message' | 'button';
  /** The normalised query the reply answers (the user's text: never log it at info). */
  readonly query: string;
  /** The reply's status; `answer` means answered. */
  readonly status: ReplyStatus;
  /** The reply's best hit, when it answered. */
  readonly topHit?: ReplyHit;
  /** Milliseconds from receiving the question to the reply being sent. */
  readonly latencyMs: number;
  /** The asker's platform id (`U123`, a Discord snowflake, `console`): hash it before keeping it. */
  readonly askerId: string;
  /**
   * An opaque id for this question, when the front end gave the reply 👍/👎
   * buttons that carry it (see src/insights/ids.ts); votes refer to it.
   */
  readonly questionId?: string;
}

export type QuestionObserver = (event: QuestionEvent) => void;

/**
 * Tells every observer about one question. An observer that throws is reported
 * through `onError` and the others still run.
 */
export function notifyQuestion(
  observers: readonly QuestionObserver[] | undefined,
  event: QuestionEvent,
  onError: (err: unknown) => void = () => {},
): void {
  for (const observer of observers ?? []) {
    try {
      observer(event);
    } catch (err) {
      onError(err);
    }
  }
}

/** An opaque, salted hash of an asker (16 hex characters); the same asker and salt give the same hash. */
export function hashAsker(salt: string, platform: QuestionPlatform, askerId: string): string {
  return createHmac('sha256', salt).update(`${platform}:${askerId}`).digest('hex').slice(0, 16);
}
