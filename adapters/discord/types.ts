/**
 * What the Discord adapter needs from the rest of Hallway: the core's four
 * entry points, and optionally the tips service (issue 5).
 */
import type { TipsContext, TipsService as CoreTipsService } from '../../src/tips/service.js';
import type { Hallway } from '../../src/hallway.js';

/** The part of the core the adapter calls; a `Hallway` is one. */
export type HallwayPort = Pick<Hallway, 'ask' | 'command' | 'open' | 'complete'>;

/** What a tips service is told about a `/tip` command (canManage: Manage Channels in that channel). */
export type TipContext = TipsContext;

/** The daily-tips service; `/tip` falls back to the core's answer without it. */
export type TipsService = Pick<CoreTipsService, 'handle'>;
