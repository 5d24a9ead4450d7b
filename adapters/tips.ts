/**
 * Daily tips, wired to the platforms: the store, the scheduler and the /tip
 * service from src/tips, with a poster that sends each tip to the platform its
 * channel belongs to. Used by `npm start` (in-process schedule) and by
 * `npm run tip` (one-shot posting for an external scheduler).
 */
import type { Hallway } from '../src/hallway.js';
import type { Logger } from '../src/log.js';
import { applyConfiguredChannels, readTipsConfig, type TipsConfig } from '../src/tips/config.js';
import type { Platform } from '../src/tips/content.js';
import { TipPostError, TipScheduler, type TipPoster } from '../src/tips/schedule.js';
import { TipsService } from '../src/tips/service.js';
import { TipStore } from '../src/tips/store.js';

const trimmed = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

/**
 * A poster that sends to Slack or Discord by the channel's platform. Each
 * platform's client is created on first use, from its own token; a channel of
 * a platform without a token fails permanently (the channel is marked inactive).
 */
export function createTipPoster(env: NodeJS.ProcessEnv, logger: Logger): TipPoster {
  const posters = new Map<Platform, Promise<TipPoster>>();
  const load = (platform: Platform): Promise<TipPoster> => {
    let poster = posters.get(platform);
    if (!poster) {
      poster = (async () => {
        if (platform === 'slack') {
          const token = trimmed(env.SLACK_BOT_TOKEN);
          if (!token) throw new TipPostError('SLACK_BOT_TOKEN is not set', { permanent: true, reason: 'slack is not configured' });
          const { createSlackTipPoster } = await import('./slack/tip-poster.js');
          return createSlackTipPoster({ token, apiUrl: trimmed(env.SLACK_API_URL), logger: logger.child({ platform: 'slack' }) });
        }
        const token = trimmed(env.DISCORD_TOKEN);
        if (!token) throw new TipPostError('DISCORD_TOKEN is not set', { permanent: true, reason: 'discord is not configured' });
        const { createDiscordTipPoster } = await import('./discord/tip-poster.js');
        return createDiscordTipPoster({ token, apiUrl: trimmed(env.DISCORD_API_URL), logger: logger.child({ platform: 'discord' }) });
      })();
      posters.set(platform, poster);
    }
    return poster;
  };
  return async (target, tip) => (await load(target.platform))(target, tip);
}

export interface TipsRuntime {
  readonly config: TipsConfig;
  readonly store: TipStore;
  readonly scheduler: TipScheduler;
  /** Sends a tip to its channel's platform. */
  readonly poster: TipPoster;
  /** A /tip service, with the command's name on its platform for usage hints. */
  service(commandName?: string): TipsService;
  /** Stops the schedule and closes the database. */
  stop(): Promise<void>;
}

/** Opens the database (created on first start), applies TIP_CHANNELS and builds the scheduler. */
export function createTips(deps: {
  hallway: Hallway;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  now?: () => Date;
  /** Wraps the poster, e.g. to count outcomes in metrics (src/ops/tip-metrics.ts). */
  observePoster?: (poster: TipPoster) => TipPoster;
}): TipsRuntime {
  const config = readTipsConfig(deps.env);
  const store = TipStore.open(config.databasePath);
  const now = deps.now ?? (() => new Date());
  applyConfiguredChannels(store, config.channels, now());
  const logger = deps.logger.child({ component: 'tips' });
  const plain = createTipPoster(deps.env, logger);
  const poster = deps.observePoster ? deps.observePoster(plain) : plain;
  const scheduler = new TipScheduler({
    store,
    tips: deps.hallway.knowledge,
    poster,
    graceMinutes: config.graceMinutes,
    clock: { now },
    logger,
  });
  return {
    config,
    store,
    scheduler,
    poster,
    service: (commandName) =>
      new TipsService({
        store,
        tips: deps.hallway.knowledge,
        clock: { now },
        defaultTimezone: config.defaultTimezone,
        graceMinutes: config.graceMinutes,
        ...(commandName ? { commandName } : {}),
      }),
    async stop() {
      await scheduler.stop();
      store.close();
    },
  };
}
