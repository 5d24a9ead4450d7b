/**
 * Daily-tip state in an embedded SQLite database (better-sqlite3):
 * subscriptions, each channel's rotation, the tip picked for each channel and
 * local date, and the claims that make posting happen at most once.
 *
 * Concurrency: every write that decides something (picking a tip, claiming a
 * post) runs in a `BEGIN IMMEDIATE` transaction, so two connections — two
 * schedulers in one process or two processes on one file — are serialised by
 * SQLite's write lock, and the claim's `INSERT … ON CONFLICT DO NOTHING`
 * succeeds for exactly one of them.
 *
 * Locks: the store's methods are synchronous (better-sqlite3) and SQLite's
 * busy timeout is only {@link DEFAULT_BUSY_TIMEOUT_MS} ms, so a call meeting a
 * lock held by another process throws SQLITE_BUSY quickly instead of freezing
 * the event loop; callers wait and retry asynchronously (see ./busy.ts and
 * {@link openTipStore}).
 *
 * Schema changes are versioned migrations recorded in `schema_migrations`;
 * a database newer than this code is refused rather than guessed at.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Platform, TipContent, TipTarget } from './content.js';
import { DEFAULT_BUSY_TIMEOUT_MS, retryBusy } from './busy.js';
import { advance, peek, rotationKey, tipsLeft, type RotationState } from './rotation.js';

export { DEFAULT_BUSY_TIMEOUT_MS } from './busy.js';
export const DEFAULT_DATABASE_PATH = 'data/hallway.sqlite';

export type Days = 'weekdays' | 'daily';

/** The `created_by` of subscriptions that come from `TIP_CHANNELS`. */
export const CONFIG_CREATOR = 'config:TIP_CHANNELS';

export interface Subscription extends TipTarget {
  /** Local time of day, `HH:MM`. */
  readonly time: string;
  /** IANA time zone, canonical spelling. */
  readonly timezone: string;
  readonly days: Days;
  readonly active: boolean;
  /** Why it is inactive: "unsubscribed by U123", "channel_not_found", … */
  readonly inactiveReason: string | null;
  /** A user id, or {@link CONFIG_CREATOR}. */
  readonly createdBy: string;
  /** ISO instant; slots before it are never posted (subscribing at 09:05 does not post a 09:00 tip). */
  readonly createdAt: string;
}

export interface NewSubscription extends TipTarget {
  readonly time: string;
  readonly timezone: string;
  readonly days: Days;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface Claim extends TipTarget {
  readonly localDate: string;
  readonly tipId: string;
  /** The exact text and source posted (and re-posted on a retry). */
  readonly text: string | null;
  readonly source: string | null;
  readonly claimedAt: string;
  readonly postedAt: string | null;
  readonly messageId: string | null;
  /** Posting attempts so far, 1 for the first. */
  readonly attempts: number;
  /** Set when the last attempt failed (so a later tick may retry it); null while in flight or once posted. */
  readonly failedAt: string | null;
  readonly lastError: string | null;
}

/** A claim won by this caller: it alone may post this tip now. */
export interface ClaimTicket extends TipTarget {
  readonly localDate: string;
  readonly tipId: string;
  readonly text: string;
  readonly source: string;
  readonly attempt: number;
}

interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'subscriptions, rotations, claims',
    sql: `
      CREATE TABLE subscriptions (
        platform        TEXT NOT NULL CHECK (platform IN ('slack', 'discord')),
        channel_id      TEXT NOT NULL,
        time            TEXT NOT NULL,
        timezone        TEXT NOT NULL,
        days            TEXT NOT NULL CHECK (days IN ('weekdays', 'daily')),
        active          INTEGER NOT NULL DEFAULT 1,
        inactive_reason TEXT,
        created_by      TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        PRIMARY KEY (platform, channel_id)
      );
      CREATE TABLE rotations (
        platform   TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        cycle      INTEGER NOT NULL,
        position   INTEGER NOT NULL,
        "order"    TEXT NOT NULL,
        PRIMARY KEY (platform, channel_id)
      );
      CREATE TABLE claims (
        platform   TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        local_date TEXT NOT NULL,
        tip_id     TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        posted_at  TEXT,
        message_id TEXT,
        PRIMARY KEY (platform, channel_id, local_date)
      );
    `,
  },
  {
    version: 2,
    name: 'day picks, retry bookkeeping',
    sql: `
      CREATE TABLE day_tips (
        platform   TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        local_date TEXT NOT NULL,
        tip_id     TEXT NOT NULL,
        picked_at  TEXT NOT NULL,
        PRIMARY KEY (platform, channel_id, local_date)
      );
      ALTER TABLE claims ADD COLUMN text TEXT;
      ALTER TABLE claims ADD COLUMN source TEXT;
      ALTER TABLE claims ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE claims ADD COLUMN failed_at TEXT;
      ALTER TABLE claims ADD COLUMN last_error TEXT;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export interface StoreOptions {
  /**
   * How long one statement waits (blocking the event loop) for another
   * connection's lock before SQLITE_BUSY, in ms. Default {@link DEFAULT_BUSY_TIMEOUT_MS};
   * keep it small and retry asynchronously instead (./busy.ts).
   */
  readonly busyTimeoutMs?: number;
}

interface SubscriptionRow {
  platform: Platform;
  channel_id: string;
  time: string;
  timezone: string;
  days: Days;
  active: number;
  inactive_reason: string | null;
  created_by: string;
  created_at: string;
}

interface ClaimRow {
  platform: Platform;
  channel_id: string;
  local_date: string;
  tip_id: string;
  text: string | null;
  source: string | null;
  claimed_at: string;
  posted_at: string | null;
  message_id: string | null;
  attempts: number;
  failed_at: string | null;
  last_error: string | null;
}

const toSubscription = (r: SubscriptionRow): Subscription => ({
  platform: r.platform,
  channelId: r.channel_id,
  time: r.time,
  timezone: r.timezone,
  days: r.days,
  active: r.active === 1,
  inactiveReason: r.inactive_reason,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

const toClaim = (r: ClaimRow): Claim => ({
  platform: r.platform,
  channelId: r.channel_id,
  localDate: r.local_date,
  tipId: r.tip_id,
  text: r.text,
  source: r.source,
  claimedAt: r.claimed_at,
  postedAt: r.posted_at,
  messageId: r.message_id,
  attempts: r.attempts,
  failedAt: r.failed_at,
  lastError: r.last_error,
});

/**
 * Opens the store like {@link TipStore.open}, but while another process holds
 * the database's lock (a migration, or `journal_mode = WAL` on a fresh file,
 * needs it) it waits asynchronously and tries again, up to `deadlineMs`
 * (default: for ever, until `signal` aborts). Other errors are thrown at once.
 */
export function openTipStore(
  path: string = DEFAULT_DATABASE_PATH,
  options: StoreOptions & { deadlineMs?: number; signal?: AbortSignal } = {},
): Promise<TipStore> {
  return retryBusy('open the tips database', () => TipStore.open(path, options), {
    deadlineMs: options.deadlineMs ?? Number.POSITIVE_INFINITY,
    maxDelayMs: 2000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

export class TipStore {
  readonly db: Database.Database;
  readonly path: string;

  /**
   * Opens (creating the file and its directory on first start) and migrates
   * the database at `path`; `:memory:` gives a private in-memory database.
   */
  static open(path: string = DEFAULT_DATABASE_PATH, options: StoreOptions = {}): TipStore {
    if (path !== ':memory:' && !path.startsWith('file:')) mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    try {
      return new TipStore(db, path, options);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  private constructor(db: Database.Database, path: string, options: StoreOptions) {
    this.db = db;
    this.path = path;
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS))}`);
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    this.migrate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The schema version the database is at. */
  schemaVersion(): number {
    const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    return row.v ?? 0;
  }

  private migrate(): void {
    // Up to date already (every start but the first after an upgrade): only read,
    // so a start while another process holds the write lock needs no lock at all.
    const known = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    if (known && this.schemaVersion() === SCHEMA_VERSION) return;
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const run = this.db.transaction(() => {
      const current = this.schemaVersion();
      if (current > SCHEMA_VERSION) {
        throw new Error(
          `hallway/tips: the database ${this.path} is at schema version ${current}, newer than this Hallway knows (${SCHEMA_VERSION}); upgrade Hallway`,
        );
      }
      const record = this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
      for (const m of MIGRATIONS) {
        if (m.version <= current) continue;
        this.db.exec(m.sql);
        record.run(m.version, m.name, new Date().toISOString());
      }
    });
    run.immediate();
  }

  // --- subscriptions -----------------------------------------------------------

  getSubscription(target: TipTarget): Subscription | undefined {
    const row = this.db
      .prepare('SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ?')
      .get(target.platform, target.channelId) as SubscriptionRow | undefined;
    return row && toSubscription(row);
  }

  listSubscriptions(options: { activeOnly?: boolean } = {}): Subscription[] {
    const sql = options.activeOnly
      ? 'SELECT * FROM subscriptions WHERE active = 1 ORDER BY platform, channel_id'
      : 'SELECT * FROM subscriptions ORDER BY platform, channel_id';
    return (this.db.prepare(sql).all() as SubscriptionRow[]).map(toSubscription);
  }

  /** Subscribes a channel, or changes and re-activates its subscription. */
  subscribe(sub: NewSubscription): Subscription {
    this.db
      .prepare(
        `INSERT INTO subscriptions (platform, channel_id, time, timezone, days, active, inactive_reason, created_by, created_at)
         VALUES (@platform, @channelId, @time, @timezone, @days, 1, NULL, @createdBy, @createdAt)
         ON CONFLICT (platform, channel_id) DO UPDATE SET
           time = excluded.time, timezone = excluded.timezone, days = excluded.days,
           active = 1, inactive_reason = NULL, created_by = excluded.created_by, created_at = excluded.created_at`,
      )
      .run(sub);
    return this.getSubscription(sub)!;
  }

  /**
   * Applies a channel from configuration: inserted when absent; when it came
   * from configuration before, its time, zone and days follow the
   * configuration but its active state is kept (an unsubscribe, or a channel
   * found gone, outlives a restart). Subscriptions made by command are left alone.
   */
  applyConfigured(sub: Omit<NewSubscription, 'createdBy'>): void {
    this.db
      .prepare(
        `INSERT INTO subscriptions (platform, channel_id, time, timezone, days, active, inactive_reason, created_by, created_at)
         VALUES (@platform, @channelId, @time, @timezone, @days, 1, NULL, @createdBy, @createdAt)
         ON CONFLICT (platform, channel_id) DO UPDATE SET
           time = excluded.time, timezone = excluded.timezone, days = excluded.days
         WHERE subscriptions.created_by = @createdBy`,
      )
      .run({ ...sub, createdBy: CONFIG_CREATOR });
  }

  /** Marks a subscription inactive; true only for the call that switched it off (so it is logged once). */
  deactivate(target: TipTarget, reason: string): boolean {
    const r = this.db
      .prepare(
        'UPDATE subscriptions SET active = 0, inactive_reason = ? WHERE platform = ? AND channel_id = ? AND active = 1',
      )
      .run(reason, target.platform, target.channelId);
    return r.changes === 1;
  }

  // --- rotation and the tip of each day ----------------------------------------

  getRotation(target: TipTarget): RotationState | undefined {
    const row = this.db
      .prepare('SELECT cycle, position, "order" AS o FROM rotations WHERE platform = ? AND channel_id = ?')
      .get(target.platform, target.channelId) as { cycle: number; position: number; o: string } | undefined;
    if (!row) return undefined;
    const order = JSON.parse(row.o) as unknown;
    if (!Array.isArray(order) || !order.every((x) => typeof x === 'string')) return undefined;
    return { cycle: row.cycle, position: row.position, order };
  }

  private saveRotation(target: TipTarget, state: RotationState): void {
    this.db
      .prepare(
        `INSERT INTO rotations (platform, channel_id, cycle, position, "order") VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (platform, channel_id) DO UPDATE SET cycle = excluded.cycle, position = excluded.position, "order" = excluded."order"`,
      )
      .run(target.platform, target.channelId, state.cycle, state.position, JSON.stringify(state.order));
  }

  /** The tip already picked for a channel and local date, if any. */
  getPick(target: TipTarget, localDate: string): string | undefined {
    const row = this.db
      .prepare('SELECT tip_id FROM day_tips WHERE platform = ? AND channel_id = ? AND local_date = ?')
      .get(target.platform, target.channelId, localDate) as { tip_id: string } | undefined;
    return row?.tip_id;
  }

  /** Inside a transaction: the day's pick, advancing the rotation once when there is none yet. */
  private pickIn(target: TipTarget, localDate: string, tips: readonly TipContent[], nowIso: string): TipContent | undefined {
    const byId = new Map(tips.map((t) => [t.tipId, t]));
    const picked = this.getPick(target, localDate);
    if (picked !== undefined && byId.has(picked)) return byId.get(picked);
    const next = advance(this.getRotation(target), [...byId.keys()], rotationKey(target.platform, target.channelId));
    if (!next) return undefined;
    this.saveRotation(target, next.state);
    this.db
      .prepare(
        `INSERT INTO day_tips (platform, channel_id, local_date, tip_id, picked_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (platform, channel_id, local_date) DO UPDATE SET tip_id = excluded.tip_id, picked_at = excluded.picked_at`,
      )
      .run(target.platform, target.channelId, localDate, next.tipId, nowIso);
    return byId.get(next.tipId);
  }

  /**
   * The channel's tip for a local date: what was (or is being) posted that
   * day if a claim exists, else the day's pick — made now, taking the next
   * tip of the rotation, if nobody asked before. Asking again the same day
   * returns the same tip and does not move the rotation.
   */
  tipForDate(
    target: TipTarget,
    localDate: string,
    tips: readonly TipContent[],
    nowIso: string,
  ): (Pick<TipContent, 'tipId' | 'text' | 'source'> & Partial<TipContent>) | undefined {
    const run = this.db.transaction(() => {
      const claim = this.getClaim(target, localDate);
      if (claim?.text != null && claim.source != null) {
        const live = tips.find((t) => t.tipId === claim.tipId);
        return { ...live, tipId: claim.tipId, text: claim.text, source: claim.source };
      }
      return this.pickIn(target, localDate, tips, nowIso);
    });
    return run.immediate();
  }

  /** What {@link tipForDate} would return, without writing anything (for previews). */
  previewTip(target: TipTarget, localDate: string, tips: readonly TipContent[]): Pick<TipContent, 'tipId' | 'text' | 'source'> | undefined {
    const claim = this.getClaim(target, localDate);
    if (claim?.text != null && claim.source != null) return { tipId: claim.tipId, text: claim.text, source: claim.source };
    const byId = new Map(tips.map((t) => [t.tipId, t]));
    const picked = this.getPick(target, localDate);
    if (picked !== undefined && byId.has(picked)) return byId.get(picked);
    const id = peek(this.getRotation(target), [...byId.keys()], rotationKey(target.platform, target.channelId));
    return id === undefined ? undefined : byId.get(id);
  }

  /** Tips still to come in the channel's current cycle, and how many tips there are. */
  tipsLeft(target: TipTarget, tips: readonly TipContent[]): { left: number; total: number } {
    const ids = tips.map((t) => t.tipId);
    return { left: tipsLeft(this.getRotation(target), ids), total: new Set(ids).size };
  }

  // --- claims ------------------------------------------------------------------

  getClaim(target: TipTarget, localDate: string): Claim | undefined {
    const row = this.db
      .prepare('SELECT * FROM claims WHERE platform = ? AND channel_id = ? AND local_date = ?')
      .get(target.platform, target.channelId, localDate) as ClaimRow | undefined;
    return row && toClaim(row);
  }

  listClaims(target?: TipTarget): Claim[] {
    const rows = target
      ? this.db
          .prepare('SELECT * FROM claims WHERE platform = ? AND channel_id = ? ORDER BY local_date')
          .all(target.platform, target.channelId)
      : this.db.prepare('SELECT * FROM claims ORDER BY platform, channel_id, local_date').all();
    return (rows as ClaimRow[]).map(toClaim);
  }

  /**
   * Takes the right to post a channel's tip for a local date, before posting.
   * Exactly one caller across connections and processes gets a ticket for a
   * new (channel, date): the claim row is inserted with `ON CONFLICT DO
   * NOTHING` inside an immediate transaction and only `changes === 1` wins.
   *
   * A claim whose last attempt is known to have failed (`failed_at` set, not
   * posted) may be taken again, up to `maxAttempts` attempts in all; the
   * ticket then carries the text recorded at the first attempt. A claim
   * still in flight, or left behind by a crash mid-post, is never retaken:
   * we cannot know whether that message went out, and a missing tip is
   * better than a double one.
   */
  claim(
    target: TipTarget,
    localDate: string,
    tips: readonly TipContent[],
    nowIso: string,
    maxAttempts = 3,
  ): ClaimTicket | undefined {
    const run = this.db.transaction((): ClaimTicket | undefined => {
      const existing = this.getClaim(target, localDate);
      if (existing) {
        if (
          existing.postedAt !== null ||
          existing.failedAt === null ||
          existing.attempts >= maxAttempts ||
          existing.text === null ||
          existing.source === null
        ) {
          return undefined;
        }
        const r = this.db
          .prepare(
            `UPDATE claims SET attempts = attempts + 1, failed_at = NULL, claimed_at = ?
             WHERE platform = ? AND channel_id = ? AND local_date = ? AND posted_at IS NULL AND failed_at IS NOT NULL`,
          )
          .run(nowIso, target.platform, target.channelId, localDate);
        if (r.changes !== 1) return undefined;
        return {
          platform: target.platform,
          channelId: target.channelId,
          localDate,
          tipId: existing.tipId,
          text: existing.text,
          source: existing.source,
          attempt: existing.attempts + 1,
        };
      }
      const tip = this.pickIn(target, localDate, tips, nowIso);
      if (!tip) return undefined;
      const r = this.db
        .prepare(
          `INSERT INTO claims (platform, channel_id, local_date, tip_id, text, source, claimed_at, attempts)
           VALUES (?, ?, ?, ?, ?, ?, ?, 1)
           ON CONFLICT (platform, channel_id, local_date) DO NOTHING`,
        )
        .run(target.platform, target.channelId, localDate, tip.tipId, tip.text, tip.source, nowIso);
      if (r.changes !== 1) return undefined;
      return {
        platform: target.platform,
        channelId: target.channelId,
        localDate,
        tipId: tip.tipId,
        text: tip.text,
        source: tip.source,
        attempt: 1,
      };
    });
    return run.immediate();
  }

  markPosted(target: TipTarget, localDate: string, messageId: string | undefined, nowIso: string): void {
    this.db
      .prepare(
        `UPDATE claims SET posted_at = ?, message_id = ?, failed_at = NULL
         WHERE platform = ? AND channel_id = ? AND local_date = ?`,
      )
      .run(nowIso, messageId ?? null, target.platform, target.channelId, localDate);
  }

  /** Records an error on a claim without making it retryable (failed_at stays null). */
  noteError(target: TipTarget, localDate: string, error: string): void {
    this.db
      .prepare(
        `UPDATE claims SET last_error = ?
         WHERE platform = ? AND channel_id = ? AND local_date = ? AND posted_at IS NULL`,
      )
      .run(error.slice(0, 500), target.platform, target.channelId, localDate);
  }

  /** Records a failed attempt; the claim stays (posted_at null) so a later tick may retry it. */
  markFailed(target: TipTarget, localDate: string, error: string, nowIso: string): void {
    this.db
      .prepare(
        `UPDATE claims SET failed_at = ?, last_error = ?
         WHERE platform = ? AND channel_id = ? AND local_date = ? AND posted_at IS NULL`,
      )
      .run(nowIso, error.slice(0, 500), target.platform, target.channelId, localDate);
  }
}
