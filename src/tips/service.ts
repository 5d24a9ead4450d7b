/**
 * `/tip` and its subcommands, platform-neutral: adapters pass who asked where,
 * and whether that person may manage the channel; they get a core {@link Reply}.
 *
 *   /tip                                         today's tip for this channel
 *   /tip subscribe [HH:MM] [timezone] [weekdays|daily]   (managers only)
 *   /tip unsubscribe                             (managers only)
 *   /tip status                                  next post time, tips left in the cycle
 *
 * Today's tip is the channel's pick for its local date (the subscription's
 * zone, else the default zone): the same tip that is or will be posted that
 * day, taken from the rotation once however often it is asked for.
 *
 * The database may be locked by another process (a second Hallway, `tip
 * post`): every step waits for it asynchronously (./busy.ts), never blocking
 * the process, up to {@link DEFAULT_TIPS_BUSY_WAIT_MS}; then `/tip` still shows
 * the day's tip read-only, and a change says "try again in a moment". A
 * read-only database is said so plainly. What the user typed is cleaned
 * (no bidi overrides, invisible or control characters, no mentions) before
 * it is read, so nothing of it is echoed back unsafely.
 */
import type { EntityRef, Reply, ReplyField } from '../reply.js';
import { hashAsker } from '../observe.js';
import { cleanInput } from '../text/normalize.js';
import { isBusyError, isReadOnlyError, retryBusy, TipsBusyError } from './busy.js';
import { DEFAULT_TIP_DAYS, DEFAULT_TIP_TIME, parseScheduleWords } from './config.js';
import { resolveTips, type Platform, type TipSource, type TipTarget } from './content.js';
import { DEFAULT_GRACE_MINUTES, nextPostTime, type Clock } from './schedule.js';
import type { Subscription, TipStore } from './store.js';
import { canonicalTimeZone, formatLocal, localParts } from './time.js';

export interface TipsContext {
  /** Where the command was typed; the console chat shows tips but has no channel to subscribe. */
  readonly platform: Platform | 'console';
  readonly channelId: string;
  readonly userId: string;
  /** What follows `/tip`: "", "subscribe 07:30 Europe/Berlin daily", "status", … (a leading "/tip" is ignored). */
  readonly text: string;
  /** Whether the user may manage this channel (Discord: Manage Channels; Slack: admins). */
  readonly canManage: boolean;
}

export interface TipsServiceOptions {
  /**
   * The store, or a promise of it while it is still being opened (a lock held
   * by another process at start-up): `/tip` waits for it up to `busyWaitMs`,
   * then says daily tips are starting.
   */
  readonly store: TipStore | Promise<TipStore>;
  readonly tips: TipSource;
  readonly clock?: Clock;
  /** For subscriptions that name no zone, and for `/tip` in unsubscribed channels. Default UTC. */
  readonly defaultTimezone?: string;
  readonly graceMinutes?: number;
  /** How the command is typed on this platform, for usage hints. Default "/tip". */
  readonly commandName?: string;
  /** How long one `/tip` waits for a database locked by another process, in ms. Default {@link DEFAULT_TIPS_BUSY_WAIT_MS}. */
  readonly busyWaitMs?: number;
}

/** How long one `/tip` waits for a locked database before answering without it. */
export const DEFAULT_TIPS_BUSY_WAIT_MS = 5000;

/** How long plain `/tip` waits to record the day's pick before showing it read-only. */
const TODAY_BUSY_WAIT_MS = 1000;

/** The longest `/tip` text read; schedules and subcommands are far shorter. */
const MAX_TIP_COMMAND_LENGTH = 200;

const TITLE = 'Daily tips';

/** The store promised to the service could not be opened. */
class TipsUnavailableError extends Error {
  constructor(cause: unknown) {
    super('hallway/tips: the tips database could not be opened', { cause });
  }
}

function reply(status: Reply['status'], title: string, lead: string, extra: Partial<Reply> = {}): Reply {
  return { status, query: '', title, lead, fields: [], sections: [], related: [], suggestions: [], hits: [], ...extra };
}

function describe(sub: Pick<Subscription, 'time' | 'timezone' | 'days'>): string {
  return `${sub.days === 'daily' ? 'every day' : 'every weekday (Monday to Friday)'} at ${sub.time} (${sub.timezone})`;
}

export class TipsService {
  private opened: TipStore | undefined;
  private readonly opening: Promise<TipStore> | undefined;
  private readonly tips: TipSource;
  private readonly clock: Clock;
  private readonly defaultTimezone: string;
  private readonly graceMs: number;
  private readonly cmd: string;
  private readonly busyWaitMs: number;

  constructor(options: TipsServiceOptions) {
    if (options.store instanceof Promise) {
      this.opening = options.store.then((store) => (this.opened = store));
      // Reported to whoever asks for /tip (and logged by the runtime), never unhandled.
      this.opening.catch(() => {});
    } else {
      this.opened = options.store;
    }
    this.tips = options.tips;
    this.clock = options.clock ?? { now: () => new Date() };
    const zone = canonicalTimeZone(options.defaultTimezone ?? 'UTC');
    if (!zone) throw new Error(`hallway/tips: unknown default time zone "${options.defaultTimezone}"`);
    this.defaultTimezone = zone;
    this.graceMs = Math.max(0, options.graceMinutes ?? DEFAULT_GRACE_MINUTES) * 60_000;
    this.cmd = options.commandName ?? '/tip';
    this.busyWaitMs = Math.max(0, options.busyWaitMs ?? DEFAULT_TIPS_BUSY_WAIT_MS);
  }

  /** The open store; only after {@link open} resolved. */
  private get store(): TipStore {
    if (!this.opened) throw new Error('hallway/tips: the tips database is not open');
    return this.opened;
  }

  /** Waits (up to the busy wait) for a store still being opened. */
  private async open(): Promise<void> {
    if (this.opened || !this.opening) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TipsBusyError('open the tips database', this.busyWaitMs)), this.busyWaitMs);
    });
    try {
      await Promise.race([this.opening, late]);
    } catch (err) {
      if (err instanceof TipsBusyError) throw err;
      throw new TipsUnavailableError(err);
    } finally {
      clearTimeout(timer);
    }
  }

  /** One database step, retried asynchronously while another process holds the lock. */
  private db<T>(what: string, step: () => T): Promise<T> {
    return retryBusy(what, step, { deadlineMs: this.busyWaitMs });
  }

  async handle(ctx: TipsContext): Promise<Reply> {
    try {
      await this.open();
      return await this.route(ctx);
    } catch (err) {
      if (err instanceof TipsBusyError || isBusyError(err)) {
        return reply('notice', TITLE, 'The daily-tips database is busy (another Hallway process is using it). Nothing was changed; try again in a moment.');
      }
      if (err instanceof TipsUnavailableError) {
        return reply('notice', TITLE, 'Daily tips are off: the tips database could not be opened (see the log and DATABASE_PATH).');
      }
      if (isReadOnlyError(err)) {
        return reply('notice', TITLE, 'Daily tips cannot be changed here: the tips database is read-only (see DATABASE_PATH). Nothing was changed.');
      }
      throw err;
    }
  }

  private async route(ctx: TipsContext): Promise<Reply> {
    // Cleaned before anything is read or echoed: no bidi overrides, invisible or control characters, no mentions.
    const words = cleanInput(ctx.text, MAX_TIP_COMMAND_LENGTH).split(' ').filter(Boolean);
    if (words[0]?.toLowerCase() === '/tip') words.shift();
    const sub = words[0]?.toLowerCase();
    // The console's tips are kept apart from every real channel's (the store only schedules slack and discord).
    const target = { platform: ctx.platform, channelId: ctx.channelId } as TipTarget;
    if (ctx.platform === 'console' && (sub === 'subscribe' || sub === 'unsubscribe')) {
      return reply('notice', TITLE, 'The console has no channel to subscribe. Use /tip subscribe in Slack or Discord, or set TIP_CHANNELS.');
    }
    switch (sub) {
      case undefined:
      case 'today':
        return this.today(target);
      case 'subscribe':
        return this.subscribe(ctx, target, words.slice(1));
      case 'unsubscribe':
        return this.unsubscribe(ctx, target);
      case 'status':
        return this.status(target);
      default:
        return this.usage(`I don't know "${words[0]}".`);
    }
  }

  private usage(prefix = ''): Reply {
    const c = this.cmd;
    return reply('notice', TITLE, `${prefix ? `${prefix} ` : ''}Try ${c}, ${c} status, ${c} subscribe [HH:MM] [time zone] [weekdays|daily] or ${c} unsubscribe.`, {
      sections: [
        {
          items: [
            { title: c, text: "Today's tip for this channel" },
            { title: `${c} status`, text: 'When the next tip comes, and how many are left in this round' },
            { title: `${c} subscribe 09:00 Europe/Berlin weekdays`, text: 'Post a tip here every morning (channel managers)' },
            { title: `${c} unsubscribe`, text: 'Stop the daily tips here (channel managers)' },
          ],
        },
      ],
    });
  }

  private async zoneOf(target: TipTarget): Promise<string> {
    return (await this.db('read the subscription', () => this.store.getSubscription(target)))?.timezone ?? this.defaultTimezone;
  }

  private async today(target: TipTarget): Promise<Reply> {
    const now = this.clock.now();
    const date = localParts(now, await this.zoneOf(target)).date;
    const tips = resolveTips(this.tips);
    let tip;
    try {
      // Not long: if the pick cannot be written soon, the read-only preview below shows the same tip.
      tip = await retryBusy("pick today's tip", () => this.store.tipForDate(target, date, tips, now.toISOString()), {
        deadlineMs: Math.min(this.busyWaitMs, TODAY_BUSY_WAIT_MS),
      });
    } catch (err) {
      if (!(err instanceof TipsBusyError) && !isReadOnlyError(err)) throw err;
      // The day's pick cannot be written now: show what it will be, writing nothing.
      const preview = this.store.previewTip(target, date, tips);
      tip = preview && { ...tips.find((t) => t.tipId === preview.tipId), ...preview };
    }
    if (!tip) return reply('notice', 'Tip of the day', 'There are no tips in the knowledge base yet.');
    const ref: EntityRef | undefined = tip.sourceRef;
    // Where the tip comes from, named once: as the reply's source.
    return reply('answer', 'Tip of the day', tip.text, {
      source: ref?.kind === 'talk' ? { talk: ref } : { note: tip.source },
    });
  }

  private refuse(action: string): Reply {
    return reply(
      'notice',
      TITLE,
      `Only people who can manage this channel can ${action} daily tips. Ask a channel manager or an admin.`,
    );
  }

  private async subscribe(ctx: TipsContext, target: TipTarget, words: string[]): Promise<Reply> {
    if (!ctx.canManage) return this.refuse('subscribe it to');
    const parsed = parseScheduleWords(words);
    if (!parsed.ok) return this.usage(`${parsed.error}.`);
    const now = this.clock.now();
    const sub = await this.db('subscribe the channel', () =>
      this.store.subscribe({
        ...target,
        time: parsed.value.time ?? DEFAULT_TIP_TIME,
        timezone: parsed.value.timezone ?? this.defaultTimezone,
        days: parsed.value.days ?? DEFAULT_TIP_DAYS,
        createdBy: whoOf(ctx),
        createdAt: now.toISOString(),
      }),
    );
    const next = await this.db('read the next post time', () => nextPostTime(this.store, sub, now, this.graceMs));
    return reply('notice', TITLE, `Subscribed: this channel gets a tip ${describe(sub)}.`, {
      fields: this.fields(sub, next),
    });
  }

  private async unsubscribe(ctx: TipsContext, target: TipTarget): Promise<Reply> {
    if (!ctx.canManage) return this.refuse('unsubscribe it from');
    const sub = await this.db('read the subscription', () => this.store.getSubscription(target));
    if (!sub?.active) return reply('notice', TITLE, 'This channel is not subscribed to daily tips.');
    await this.db('unsubscribe the channel', () => this.store.deactivate(target, 'unsubscribed by a channel manager'));
    return reply('notice', TITLE, `Unsubscribed: no more daily tips here. ${this.cmd} still shows today's tip.`);
  }

  private async status(target: TipTarget): Promise<Reply> {
    const now = this.clock.now();
    const sub = await this.db('read the subscription', () => this.store.getSubscription(target));
    const tips = resolveTips(this.tips);
    const { left, total } = await this.db('read the rotation', () => this.store.tipsLeft(target, tips));
    const leftField: ReplyField = { name: 'Tips left in this cycle', value: `${left} of ${total}` };
    if (!sub) {
      return reply('notice', TITLE, `This channel is not subscribed. A manager can start it with ${this.cmd} subscribe [HH:MM] [time zone] [weekdays|daily].`, {
        fields: [leftField],
      });
    }
    if (!sub.active) {
      const why = sub.inactiveReason?.startsWith('unsubscribed') ? sub.inactiveReason : `the last post failed: ${sub.inactiveReason ?? 'unknown reason'}`;
      return reply('notice', TITLE, `Daily tips are off here (${why}). A manager can switch them on again with ${this.cmd} subscribe.`, {
        fields: [{ name: 'Schedule', value: describe(sub) }, leftField],
      });
    }
    const next = await this.db('read the next post time', () => nextPostTime(this.store, sub, now, this.graceMs));
    return reply('notice', TITLE, `This channel gets a tip ${describe(sub)}.`, { fields: this.fields(sub, next, leftField) });
  }

  private fields(sub: Subscription, next: Date | undefined, ...more: ReplyField[]): ReplyField[] {
    const out: ReplyField[] = [{ name: 'Schedule', value: describe(sub) }];
    if (next) out.push({ name: 'Next tip', value: `${formatLocal(next, sub.timezone)} (${sub.timezone})` });
    return [...out, ...more];
  }
}

/**
 * Who changed a subscription, as the database keeps it: an opaque hash of the
 * platform user, never the raw id (the database file holds no platform user
 * id; insights keep their own, salted hashes).
 */
function whoOf(ctx: TipsContext): string {
  return `user:${hashAsker('hallway-tips', ctx.platform, ctx.userId)}`;
}
