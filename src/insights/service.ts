/**
 * `/insights`: the last seven days in one ephemeral reply, for admins only
 * (the adapters decide who is one, by the same rule as `/tip subscribe`).
 */
import type { Hallway } from '../hallway.js';
import type { Reply } from '../reply.js';
import type { VoteInput } from './recorder.js';
import { summaryReply } from './format.js';
import { buildReport } from './report.js';
import type { InsightsStore } from './store.js';

/** What the adapters need to record votes (an {@link InsightsRecorder} is one). */
export interface FeedbackPort {
  /** Queues a vote; false when the value was not a question id at all. */
  vote(input: VoteInput): boolean;
}

/** What the adapters need for `/insights`. */
export interface InsightsPort {
  /** The week's summary; `canManage` is the caller's right (else a refusal). */
  summary(canManage: boolean): Reply;
}

const WEEK_MS = 7 * 86_400_000;

function notice(title: string, lead: string): Reply {
  return { status: 'notice', query: '', title, lead, fields: [], sections: [], related: [], suggestions: [], hits: [] };
}

export class InsightsService implements InsightsPort {
  constructor(
    private readonly options: {
      readonly store: InsightsStore;
      readonly hallway?: Pick<Hallway, 'ask' | 'complete'>;
      readonly weakScore?: number;
      readonly now?: () => Date;
    },
  ) {}

  summary(canManage: boolean): Reply {
    if (!canManage) {
      return notice('Insights are for organisers', 'Only people who can manage this channel (Slack: workspace admins) can see insights.');
    }
    try {
      const now = this.options.now?.() ?? new Date();
      const since = new Date(now.getTime() - WEEK_MS);
      const sinceIso = since.toISOString();
      const report = buildReport(this.options.store.questions(sinceIso), this.options.store.votes(sinceIso), {
        since,
        now,
        limit: 5,
        // In the bot's event loop: keep the grouping small (the CLI groups up to 2,000).
        maxDistinct: 300,
        ...(this.options.hallway ? { hallway: this.options.hallway } : {}),
        ...(this.options.weakScore !== undefined ? { weakScore: this.options.weakScore } : {}),
      });
      return summaryReply(report);
    } catch {
      return notice('Insights unavailable', 'The insights could not be read just now. Try again in a moment, or run npm run insights.');
    }
  }
}

/** The reply when insights are switched off. */
export function insightsOffReply(): Reply {
  return notice('Insights are off', 'Questions are not recorded here (INSIGHTS_RETENTION_DAYS=0, or no database).');
}
