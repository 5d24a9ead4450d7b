/**
 * What the Discord adapter needs from the rest of Hallway: the core's four
 * entry points, and optionally the tips service (issue 5).
 */
import type { Hallway } from '../../src/hallway.js';
import type { Reply } from '../../src/reply.js';

/** The part of the core the adapter calls; a `Hallway` is one. */
export type HallwayPort = Pick<Hallway, 'ask' | 'command' | 'open' | 'complete'>;

export interface TipContext {
  readonly platform: 'discord';
  readonly channelId: string;
  readonly userId: string;
  /** The `/tip` query as typed (raw user text; the service cleans it). */
  readonly text: string;
  /** Whether the member has Manage Channels in that channel (false in DMs). */
  readonly canManage: boolean;
}

/** The daily-tips service; `/tip` falls back to the core's answer without it. */
export interface TipsService {
  handle(ctx: TipContext): Promise<Reply>;
}
