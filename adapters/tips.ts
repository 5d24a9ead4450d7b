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
import { isBusyError, retryBusy } from '../src/tips/busy.js';
import { openTipStore, TipStore } from '../src/tips/store.js';

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
  /** The store once it is open (see {@link ready}); undefined while another process holds the lock at start-up. */
  readonly store: TipStore | undefined;
  /**
   * The store, open and with TIP_CHANNELS applied. While another process
   * holds the database's lock this waits, retrying in the background; it
   * rejects only on {@link stop}.
   */
  ready(): Promise<TipStore>;
  /** The schedule: `start()` begins ticking as soon as the store is ready. */
  readonly scheduler: Pick<TipScheduler, 'start' | 'stop'>;
  /** Sends a tip to its channel's platform. */
  readonly poster: TipPoster;
  /** A /tip service, with the command's name on its platform for usage hints. */
  service(commandName?: string): TipsService;
  /** Stops the schedule (or the wait for the database) and closes the database. */
  stop(): Promise<void>;
}

/**
 * Reads the tip settings (a bad one throws a `hallway/tips:` error at once),
 * opens the database (created on first start), applies TIP_CHANNELS and
 * builds the scheduler. A database locked by another process does not switch
 * tips off: opening and TIP_CHANNELS are retried in the background, `/tip`
 * waits a little and otherwise says so, and the schedule starts once the
 * database is free. Other errors opening the database are thrown.
 */
export function createTips(deps: {
  hallway: Hallway;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  now?: () => Date;
  /** Wraps the poster, e.g. to count outcomes in metrics (src/ops/tip-metrics.ts). */
  observePoster?: (poster: TipPoster) => TipPoster;
}): TipsRuntime {
  const config = readTipsConfig(deps.env);
  const now = deps.now ?? (() => new Date());
  const logger = deps.logger.child({ component: 'tips' });
  const stopping = new AbortController();
  const waitForever = { deadlineMs: Number.POSITIVE_INFINITY, maxDelayMs: 2000, signal: stopping.signal };

  let first: TipStore | undefined;
  try {
    first = TipStore.open(config.databasePath);
  } catch (err) {
    if (!isBusyError(err)) throw err;
    logger.warn({ path: config.databasePath }, 'tips: the database is locked by another process; daily tips start once it is free');
  }
  let store: TipStore | undefined;
  const opening = (async () => {
    const opened = first ?? (await openTipStore(config.databasePath, { signal: stopping.signal }));
    try {
      await retryBusy('apply TIP_CHANNELS', () => applyConfiguredChannels(opened, config.channels, now()), waitForever);
    } catch (err) {
      opened.close();
      throw err;
    }
    if (stopping.signal.aborted) {
      opened.close();
      throw new Error('hallway/tips: stopped before the database was open');
    }
    store = opened;
    return opened;
  })();
  opening.catch((err: unknown) => {
    if (!stopping.signal.aborted) logger.error({ err }, 'daily tips are off: the tips database could not be opened (DATABASE_PATH)');
  });

  const plain = createTipPoster(deps.env, logger);
  const poster = deps.observePoster ? deps.observePoster(plain) : plain;
  let scheduler: TipScheduler | undefined;
  let started: Promise<void> | undefined;
  const schedule: Pick<TipScheduler, 'start' | 'stop'> = {
    start() {
      started ??= opening.then(
        (s) => {
          if (stopping.signal.aborted) return;
          scheduler = new TipScheduler({ store: s, tips: deps.hallway.knowledge, poster, graceMinutes: config.graceMinutes, clock: { now }, logger });
          scheduler.start();
          logger.info({ channels: s.listSubscriptions({ activeOnly: true }).length }, 'daily tips scheduled');
        },
        () => {},
      );
    },
    async stop() {
      await scheduler?.stop();
    },
  };
  return {
    config,
    get store() {
      return store;
    },
    ready: () => opening,
    scheduler: schedule,
    poster,
    service: (commandName) =>
      new TipsService({
        store: store ?? opening,
        tips: deps.hallway.knowledge,
        clock: { now },
        defaultTimezone: config.defaultTimezone,
        graceMinutes: config.graceMinutes,
        ...(commandName ? { commandName } : {}),
      }),
    async stop() {
      stopping.abort();
      await started;
      await scheduler?.stop();
      await opening.catch(() => {});
      store?.close();
    },
  };
}
