/**
 * What the listeners need, injected once by `registerListeners`.
 */
import type { Hallway } from '../../../src/hallway.js';
import type { Logger } from '../../../src/log.js';
import type { Reply } from '../../../src/reply.js';
import type { SlackConfig } from '../config.js';
import type { RecentKeys } from '../recent.js';

/** The part of the core the Slack adapter uses. */
export type SlackHallway = Pick<Hallway, 'ask' | 'command' | 'open' | 'help'>;

/** What a tips service is told about a `/tip` command. */
export interface TipContext {
  readonly platform: 'slack';
  readonly channelId: string;
  readonly userId: string;
  /** The command's text exactly as typed (the service parses and cleans it). */
  readonly text: string;
  /**
   * Whether the user may subscribe or unsubscribe the channel: listed in
   * SLACK_ADMIN_USER_IDS, or (looked up with users.info for subscribe and
   * unsubscribe only) a workspace admin or owner.
   */
  readonly canManage: boolean;
}

/** The optional tips service (the tip issue); without it `/tip` is answered by the core. */
export interface TipsService {
  handle(ctx: TipContext): Promise<Reply>;
}

export interface ListenerDeps {
  readonly hallway: SlackHallway;
  readonly config: SlackConfig;
  /** The adapter's own pino logger (already a child named for Slack). */
  readonly logger: Logger;
  readonly tips?: TipsService;
  /** Event ids and message keys seen recently, for answering once. */
  readonly seen: RecentKeys;
}
