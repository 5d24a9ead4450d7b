/**
 * Prometheus metrics through prom-client, one registry per process (made by
 * {@link createMetrics}, never a module-level default). What each counts:
 *
 * | Metric                                   | Labels                                   |
 * |------------------------------------------|------------------------------------------|
 * | hallway_questions_total                  | platform, command, via, kind, answered   |
 * | hallway_answer_latency_seconds (histo.)  | platform, command                        |
 * | hallway_tips_total                       | platform, outcome (posted/failed/uncertain) |
 * | hallway_platform_reconnects_total        | platform                                 |
 * | hallway_platform_connected (gauge)       | platform                                 |
 * | hallway_knowledge_reloads_total          | result (ok/failed)                       |
 * | hallway_uncaught_errors_total            | type (rejection/exception)               |
 * | process_*, nodejs_* (prom-client defaults) |                                        |
 *
 * `kind` is the kind of the reply's best hit (talk, tool, speaker, …) or
 * `none`; `answered` is "true" when the reply's status is `answer`. No label
 * carries user text or ids, so the series stay few.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { QuestionEvent, QuestionObserver } from '../observe.js';

export type TipOutcome = 'posted' | 'failed' | 'uncertain';

export interface Metrics {
  readonly registry: Registry;
  /** Counts one question and its latency; pass it in the adapters' `observers`. */
  readonly observeQuestion: QuestionObserver;
  /** One tip post's outcome (for the tips scheduler). */
  tipOutcome(platform: string, outcome: TipOutcome): void;
  /** A platform connection is being re-established. */
  reconnect(platform: string): void;
  /** Whether a platform is connected now. */
  connected(platform: string, up: boolean): void;
  /** A knowledge reload finished (for the live-reload watcher). */
  knowledgeReload(ok: boolean): void;
  /** An unhandled rejection or uncaught exception the process survived. */
  uncaught(type: 'rejection' | 'exception'): void;
  /** The text of /metrics. */
  text(): Promise<string>;
}

/** Answer latencies in seconds: most answers take milliseconds; Slack's window is 3 s. */
export const LATENCY_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const questions = new Counter({
    name: 'hallway_questions_total',
    help: 'Questions answered, by platform, command, how they came (via), the kind of the best hit and whether it answered',
    labelNames: ['platform', 'command', 'via', 'kind', 'answered'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'hallway_answer_latency_seconds',
    help: 'Time from receiving a question to its reply being sent',
    labelNames: ['platform', 'command'] as const,
    buckets: [...LATENCY_BUCKETS],
    registers: [registry],
  });
  const tips = new Counter({
    name: 'hallway_tips_total',
    help: 'Daily tip posts by outcome: posted, failed (will be retried or channel off) or uncertain (maybe delivered, not retried)',
    labelNames: ['platform', 'outcome'] as const,
    registers: [registry],
  });
  const reconnects = new Counter({
    name: 'hallway_platform_reconnects_total',
    help: 'Times a platform connection was re-established after it dropped',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  const up = new Gauge({
    name: 'hallway_platform_connected',
    help: '1 while the platform is connected, 0 otherwise',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  const reloads = new Counter({
    name: 'hallway_knowledge_reloads_total',
    help: 'Knowledge reloads by result: ok (swapped in) or failed (old knowledge kept)',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const uncaught = new Counter({
    name: 'hallway_uncaught_errors_total',
    help: 'Unhandled rejections and uncaught exceptions the process logged and survived',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  for (const result of ['ok', 'failed']) reloads.inc({ result }, 0);

  return {
    registry,
    observeQuestion(event: QuestionEvent) {
      const labels = { platform: event.platform, command: event.command };
      questions.inc({
        ...labels,
        via: event.via,
        kind: event.topHit?.kind ?? 'none',
        answered: event.status === 'answer' ? 'true' : 'false',
      });
      if (Number.isFinite(event.latencyMs) && event.latencyMs >= 0) latency.observe(labels, event.latencyMs / 1000);
    },
    tipOutcome: (platform, outcome) => tips.inc({ platform, outcome }),
    reconnect: (platform) => reconnects.inc({ platform }),
    connected: (platform, isUp) => up.set({ platform }, isUp ? 1 : 0),
    knowledgeReload: (ok) => reloads.inc({ result: ok ? 'ok' : 'failed' }),
    uncaught: (type) => uncaught.inc({ type }),
    text: () => registry.metrics(),
  };
}
