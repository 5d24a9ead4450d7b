/**
 * `tip post [--date YYYY-MM-DD] [--channel ID]` and `tip preview [--channel ID] [--date YYYY-MM-DD]`,
 * for deployments that run posting from an external scheduler (a Kubernetes
 * CronJob, a systemd timer). The caller wires the platform poster, the store
 * and the knowledge; this module only decides and reports.
 *
 * - `post`: posts the tips due now (same rule and claims as the in-process
 *   scheduler), or with `--date D` the tips for local date D whatever the
 *   time (a backfill; days the subscription did not ask for are skipped).
 *   Once per channel and date however often it runs. Exit 0 when nothing
 *   failed (also when there was nothing to post, or a channel was found
 *   gone and switched off), 1 when a post failed and may be retried, or
 *   may have gone through (`uncertain`, never retried: look at the channel).
 * - `preview`: prints what would be posted for each active subscription
 *   (default: today in each channel's zone), writing nothing.
 * - `--channel` takes `platform:ID` or a bare ID (matching any platform).
 * Usage errors exit 2.
 */
import { parseArgs } from 'node:util';
import { applyConfiguredChannels, type ConfiguredChannel } from './config.js';
import { formatTipPlain, resolveTips, type TipSource } from './content.js';
import { TipScheduler, type TipLogger, type TipOutcome, type TipPoster } from './schedule.js';
import type { Subscription, TipStore } from './store.js';
import { localParts, parseLocalDate } from './time.js';

export interface TipCliDeps {
  readonly poster: TipPoster;
  readonly store: TipStore;
  readonly knowledge: TipSource;
  readonly now: () => Date;
  readonly stdout: (line: string) => void;
  readonly stderr?: (line: string) => void;
  /** Channels from TIP_CHANNELS, written into the store before anything else. */
  readonly channels?: readonly ConfiguredChannel[];
  readonly graceMinutes?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly logger?: TipLogger;
}

export const TIP_CLI_USAGE = `usage: tip post [--date YYYY-MM-DD] [--channel ID]
       tip preview [--channel ID] [--date YYYY-MM-DD]`;

function channelFilter(value: string | undefined): ((sub: Subscription) => boolean) | undefined {
  if (value === undefined) return undefined;
  const m = /^(slack|discord):(.+)$/.exec(value);
  return m ? (s) => s.platform === m[1] && s.channelId === m[2] : (s) => s.channelId === value;
}

function describeOutcome(o: TipOutcome): string {
  const where = `${o.platform}:${o.channelId} ${o.localDate}`;
  switch (o.status) {
    case 'posted':
      return `posted ${where} ${o.tipId}${o.messageId ? ` (message ${o.messageId})` : ''}`;
    case 'failed':
      return `failed ${where} ${o.tipId ?? ''}: ${o.error ?? 'unknown error'}`.replace('  ', ' ');
    case 'uncertain':
      return `uncertain ${where} ${o.tipId ?? ''}: ${o.error ?? 'unknown error'} (may have been posted; not retried)`.replace('  ', ' ');
    case 'deactivated':
      return `channel off ${where}: ${o.error ?? 'unknown reason'}`;
    case 'already-claimed':
      return `already done ${where}`;
    case 'not-scheduled':
      return `not scheduled ${where}`;
    case 'no-tips':
      return `no tips ${where}`;
  }
}

/** Runs the tip CLI; resolves to the exit code. */
export async function runTipCli(argv: readonly string[], deps: TipCliDeps): Promise<number> {
  const err = deps.stderr ?? deps.stdout;
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { date: { type: 'string' }, channel: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    err(`hallway/tips: ${(e as Error).message}`);
    err(TIP_CLI_USAGE);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    deps.stdout(TIP_CLI_USAGE);
    return 0;
  }
  const command = positionals[0];
  if ((command !== 'post' && command !== 'preview') || positionals.length > 1) {
    err(command === undefined ? TIP_CLI_USAGE : `hallway/tips: unknown command "${positionals.join(' ')}"\n${TIP_CLI_USAGE}`);
    return 2;
  }
  if (values.date !== undefined && !parseLocalDate(values.date)) {
    err(`hallway/tips: --date must be a date as YYYY-MM-DD (got "${values.date}")`);
    return 2;
  }
  const only = channelFilter(values.channel);
  const now = deps.now();
  if (deps.channels) applyConfiguredChannels(deps.store, deps.channels, now);

  if (command === 'preview') {
    const tips = resolveTips(deps.knowledge);
    const subs = deps.store.listSubscriptions({ activeOnly: true }).filter((s) => !only || only(s));
    if (subs.length === 0) {
      deps.stdout(values.channel ? `no active subscription for channel ${values.channel}` : 'no active subscriptions');
      return 0;
    }
    for (const sub of subs) {
      const date = values.date ?? localParts(now, sub.timezone).date;
      const tip = deps.store.previewTip(sub, date, tips);
      deps.stdout(`${sub.platform}:${sub.channelId} ${date} ${sub.time} ${sub.timezone} ${sub.days}`);
      deps.stdout(tip ? formatTipPlain(tip) : '(no tips)');
      deps.stdout('');
    }
    return 0;
  }

  const scheduler = new TipScheduler({
    store: deps.store,
    tips: deps.knowledge,
    poster: deps.poster,
    clock: { now: deps.now },
    ...(deps.graceMinutes !== undefined ? { graceMinutes: deps.graceMinutes } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  let outcomes: TipOutcome[];
  if (values.date !== undefined) {
    outcomes = await scheduler.postDate(values.date, only);
  } else {
    outcomes = await scheduler.runDue(now, only);
  }
  for (const o of outcomes) deps.stdout(describeOutcome(o));
  if (outcomes.length === 0) deps.stdout('nothing due');
  return outcomes.some((o) => o.status === 'failed' || o.status === 'uncertain') ? 1 : 0;
}
