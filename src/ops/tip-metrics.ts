/**
 * Counts each tip post's outcome in metrics by wrapping the poster: resolved is
 * "posted", a TipPostError marked uncertain is "uncertain" (maybe delivered,
 * never retried), anything else "failed". The error is rethrown unchanged, so
 * the scheduler decides exactly as before.
 */
import { TipPostError, type TipPoster } from '../tips/schedule.js';
import type { Metrics, TipOutcome } from './metrics.js';

export function countTipPosts(poster: TipPoster, metrics: Pick<Metrics, 'tipOutcome'>): TipPoster {
  return async (target, tip) => {
    try {
      const result = await poster(target, tip);
      metrics.tipOutcome(target.platform, 'posted');
      return result;
    } catch (err) {
      const outcome: TipOutcome = err instanceof TipPostError && err.uncertain ? 'uncertain' : 'failed';
      metrics.tipOutcome(target.platform, outcome);
      throw err;
    }
  };
}
