/**
 * Organiser insights, wired for `npm start`: the recorder (the question
 * observer and the vote sink the adapters get) and the /insights service,
 * both on one connection to the tips' SQLite file. Returns undefined when
 * INSIGHTS_RETENTION_DAYS=0 (recording off).
 */
import type { Hallway } from '../src/hallway.js';
import { readInsightsConfig, type InsightsConfig } from '../src/insights/config.js';
import { InsightsRecorder } from '../src/insights/recorder.js';
import { InsightsService } from '../src/insights/service.js';
import { InsightsStore } from '../src/insights/store.js';
import type { Logger } from '../src/log.js';

export interface InsightsRuntime {
  readonly config: InsightsConfig;
  readonly store: InsightsStore;
  readonly recorder: InsightsRecorder;
  readonly service: InsightsService;
  /** What every adapter gets: `observers`, `feedback` (votes) and `insights` (/insights). */
  readonly deps: { observers: InsightsRecorder['observer'][]; feedback: InsightsRecorder; insights: InsightsService };
  /** Writes what is queued (one try) and closes the database. */
  stop(): void;
}

/**
 * Reads the settings (a wrong value throws a `hallway/insights:` error) and
 * opens the database (an error here means: run without insights).
 */
export function createInsights(deps: {
  hallway: Hallway;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  onDropped?: (rows: number, reason: 'busy' | 'error' | 'full') => void;
}): InsightsRuntime | undefined {
  const config = readInsightsConfig(deps.env);
  if (config.retentionDays === 0) return undefined;
  const store = InsightsStore.open(config.databasePath);
  try {
    const logger = deps.logger.child({ component: 'insights' });
    const recorder = new InsightsRecorder({
      store,
      salt: store.salt(config.salt),
      retentionDays: config.retentionDays,
      logger,
      ...(deps.onDropped ? { onDropped: deps.onDropped } : {}),
    });
    const service = new InsightsService({ store, hallway: deps.hallway, weakScore: config.weakScore });
    return {
      config,
      store,
      recorder,
      service,
      deps: { observers: [recorder.observer], feedback: recorder, insights: service },
      stop() {
        recorder.stop();
        store.close();
      },
    };
  } catch (err) {
    store.close();
    throw err;
  }
}
