/**
 * What the listeners need, injected once by `registerListeners`.
 */
import type { TipsContext, TipsService as CoreTipsService } from '../../../src/tips/service.js';
import type { Hallway } from '../../../src/hallway.js';
import type { Logger } from '../../../src/log.js';
import type { FeedbackPort, InsightsPort } from '../../../src/insights/service.js';
import type { QuestionObserver } from '../../../src/observe.js';
import type { SlackConfig } from '../config.js';
import type { RecentKeys } from '../recent.js';

/** The part of the core the Slack adapter uses. */
export type SlackHallway = Pick<Hallway, 'ask' | 'command' | 'open' | 'help'>;

/**
 * What a tips service is told about a `/tip` command. On Slack, `canManage` is
 * true for users listed in SLACK_ADMIN_USER_IDS or (looked up with users.info for
 * subscribe and unsubscribe only) workspace admins and owners.
 */
export type TipContext = TipsContext;

/** The optional tips service; without it `/tip` is answered by the core. */
export type TipsService = Pick<CoreTipsService, 'handle'>;

export interface ListenerDeps {
  readonly hallway: SlackHallway;
  readonly config: SlackConfig;
  /** The adapter's own pino logger (already a child named for Slack). */
  readonly logger: Logger;
  readonly tips?: TipsService;
  /** Event ids and message keys seen recently, for answering once. */
  readonly seen: RecentKeys;
  /** Told about each question after its reply is sent (metrics, logs, insights). */
  readonly observers?: readonly QuestionObserver[];
  /** Records 👍/👎 votes; without it answers get no vote buttons. */
  readonly feedback?: FeedbackPort;
  /** Answers /insights for admins; without it /insights says insights are off. */
  readonly insights?: InsightsPort;
}
