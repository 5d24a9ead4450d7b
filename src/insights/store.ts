/**
 * Organiser insights in the same SQLite file as the daily tips: every question
 * (normalised text, answered or not, top hit, latency, an opaque asker hash)
 * and every 👍/👎 vote. The tables are this module's own, with their own
 * versioned migrations in `insights_migrations` (the tips keep
 * `schema_migrations`), so either side can change without the other; a
 * database written before insights existed is migrated on open.
 *
 * No raw platform user id is ever written: askers and voters arrive here
 * already hashed ({@link hashAsker}).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { CommandName } from '../commands.js';
import type { QuestionPlatform } from '../observe.js';
import type { EntityKind, ReplyStatus } from '../reply.js';
import { DEFAULT_DATABASE_PATH } from '../tips/store.js';

interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const INSIGHTS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'questions, votes, meta',
    sql: `
      CREATE TABLE insights_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE insights_questions (
        id         TEXT PRIMARY KEY,
        at         TEXT NOT NULL,
        platform   TEXT NOT NULL,
        command    TEXT NOT NULL,
        via        TEXT NOT NULL,
        query      TEXT NOT NULL,
        status     TEXT NOT NULL,
        answered   INTEGER NOT NULL,
        top_kind   TEXT,
        top_event  TEXT,
        top_id     TEXT,
        top_title  TEXT,
        top_score  REAL,
        latency_ms INTEGER NOT NULL,
        asker      TEXT NOT NULL
      );
      CREATE INDEX insights_questions_at ON insights_questions (at);
      CREATE TABLE insights_votes (
        question_id TEXT NOT NULL REFERENCES insights_questions (id) ON DELETE CASCADE,
        voter       TEXT NOT NULL,
        vote        INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        top_kind    TEXT,
        top_event   TEXT,
        top_id      TEXT,
        top_title   TEXT,
        at          TEXT NOT NULL,
        PRIMARY KEY (question_id, voter)
      );
    `,
  },
];

export const INSIGHTS_SCHEMA_VERSION = INSIGHTS_MIGRATIONS[INSIGHTS_MIGRATIONS.length - 1]!.version;

/** How long opening (and migrating) waits for another connection's write lock. */
export const OPEN_BUSY_TIMEOUT_MS = 2000;

export interface QuestionRow {
  readonly id: string;
  /** ISO instant. */
  readonly at: string;
  readonly platform: QuestionPlatform;
  readonly command: CommandName;
  readonly via: 'command' | 'message' | 'button';
  readonly query: string;
  readonly status: ReplyStatus;
  readonly answered: boolean;
  readonly top?: { kind: EntityKind; event: string; id: string; title: string; score: number } | undefined;
  readonly latencyMs: number;
  /** The salted asker hash, never a platform id. */
  readonly asker: string;
}

export interface VoteRow {
  readonly questionId: string;
  /** The salted voter hash, never a platform id. */
  readonly voter: string;
  readonly vote: 1 | -1;
  readonly at: string;
}

export interface StoredVote extends VoteRow {
  readonly top?: { kind: EntityKind; event: string; id: string; title: string } | undefined;
}

export interface InsightsStoreOptions {
  /** Busy timeout for writes after opening, in ms: 0 (default) never waits on a lock, the recorder retries later instead. */
  readonly busyTimeoutMs?: number;
}

interface RawQuestion {
  id: string;
  at: string;
  platform: QuestionPlatform;
  command: CommandName;
  via: 'command' | 'message' | 'button';
  query: string;
  status: ReplyStatus;
  answered: number;
  top_kind: EntityKind | null;
  top_event: string | null;
  top_id: string | null;
  top_title: string | null;
  top_score: number | null;
  latency_ms: number;
  asker: string;
}

interface RawVote {
  question_id: string;
  voter: string;
  vote: 1 | -1;
  top_kind: EntityKind | null;
  top_event: string | null;
  top_id: string | null;
  top_title: string | null;
  at: string;
}

const SALT_KEY = 'asker_salt';

export class InsightsStore {
  readonly db: Database.Database;
  readonly path: string;

  /** Opens (creating the file and its directory if needed) and migrates the database at `path`. */
  static open(path: string = DEFAULT_DATABASE_PATH, options: InsightsStoreOptions = {}): InsightsStore {
    if (path !== ':memory:' && !path.startsWith('file:')) mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    try {
      return new InsightsStore(db, path, options);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  private constructor(db: Database.Database, path: string, options: InsightsStoreOptions) {
    this.db = db;
    this.path = path;
    db.pragma(`busy_timeout = ${OPEN_BUSY_TIMEOUT_MS}`);
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    this.migrate();
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 0))}`);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  schemaVersion(): number {
    const row = this.db.prepare('SELECT MAX(version) AS v FROM insights_migrations').get() as { v: number | null };
    return row.v ?? 0;
  }

  private migrate(): void {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS insights_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const run = this.db.transaction(() => {
      const current = this.schemaVersion();
      if (current > INSIGHTS_SCHEMA_VERSION) {
        throw new Error(
          `hallway/insights: the database ${this.path} has insights schema version ${current}, newer than this Hallway knows (${INSIGHTS_SCHEMA_VERSION}); upgrade Hallway`,
        );
      }
      const record = this.db.prepare('INSERT INTO insights_migrations (version, name, applied_at) VALUES (?, ?, ?)');
      for (const m of INSIGHTS_MIGRATIONS) {
        if (m.version <= current) continue;
        this.db.exec(m.sql);
        record.run(m.version, m.name, new Date().toISOString());
      }
    });
    run.immediate();
  }

  /**
   * The asker-hash salt: `configured` when given, else the one kept in the
   * database (generated on first use, 32 random bytes).
   */
  salt(configured?: string): string {
    if (configured) return configured;
    this.db
      .prepare('INSERT INTO insights_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING')
      .run(SALT_KEY, randomBytes(32).toString('hex'));
    return (this.db.prepare('SELECT value FROM insights_meta WHERE key = ?').get(SALT_KEY) as { value: string }).value;
  }

  /** Writes questions and votes in one transaction (in order: a vote may follow its question in the same batch). */
  write(questions: readonly QuestionRow[], votes: readonly VoteRow[]): void {
    const insertQuestion = this.db.prepare(
      `INSERT INTO insights_questions
         (id, at, platform, command, via, query, status, answered, top_kind, top_event, top_id, top_title, top_score, latency_ms, asker)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    );
    // A vote counts only for a recorded question: a forged or unknown id changes nothing.
    const upsertVote = this.db.prepare(
      `INSERT INTO insights_votes (question_id, voter, vote, top_kind, top_event, top_id, top_title, at)
       SELECT id, ?, ?, top_kind, top_event, top_id, top_title, ? FROM insights_questions WHERE id = ?
       ON CONFLICT (question_id, voter) DO UPDATE SET vote = excluded.vote, at = excluded.at`,
    );
    const run = this.db.transaction(() => {
      for (const q of questions) {
        insertQuestion.run(
          q.id,
          q.at,
          q.platform,
          q.command,
          q.via,
          q.query,
          q.status,
          q.answered ? 1 : 0,
          q.top?.kind ?? null,
          q.top?.event ?? null,
          q.top?.id ?? null,
          q.top?.title ?? null,
          q.top?.score ?? null,
          Math.max(0, Math.round(q.latencyMs)),
          q.asker,
        );
      }
      for (const v of votes) upsertVote.run(v.voter, v.vote, v.at, v.questionId);
    });
    run.immediate();
  }

  /** Deletes questions (and their votes) recorded before `beforeIso`; returns how many questions went. */
  prune(beforeIso: string): number {
    const run = this.db.transaction(() => {
      this.db.prepare('DELETE FROM insights_votes WHERE question_id IN (SELECT id FROM insights_questions WHERE at < ?)').run(beforeIso);
      return this.db.prepare('DELETE FROM insights_questions WHERE at < ?').run(beforeIso).changes;
    });
    return run.immediate();
  }

  /** Questions recorded at or after `sinceIso` (all when undefined), oldest first. */
  questions(sinceIso?: string): QuestionRow[] {
    const rows = (
      sinceIso === undefined
        ? this.db.prepare('SELECT * FROM insights_questions ORDER BY at, id').all()
        : this.db.prepare('SELECT * FROM insights_questions WHERE at >= ? ORDER BY at, id').all(sinceIso)
    ) as RawQuestion[];
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      platform: r.platform,
      command: r.command,
      via: r.via,
      query: r.query,
      status: r.status,
      answered: r.answered === 1,
      top:
        r.top_kind && r.top_event && r.top_id
          ? { kind: r.top_kind, event: r.top_event, id: r.top_id, title: r.top_title ?? r.top_id, score: r.top_score ?? 0 }
          : undefined,
      latencyMs: r.latency_ms,
      asker: r.asker,
    }));
  }

  /** Votes on questions recorded at or after `sinceIso` (all when undefined). */
  votes(sinceIso?: string): StoredVote[] {
    const rows = (
      sinceIso === undefined
        ? this.db.prepare('SELECT v.* FROM insights_votes v ORDER BY v.at').all()
        : this.db
            .prepare('SELECT v.* FROM insights_votes v JOIN insights_questions q ON q.id = v.question_id WHERE q.at >= ? ORDER BY v.at')
            .all(sinceIso)
    ) as RawVote[];
    return rows.map((r) => ({
      questionId: r.question_id,
      voter: r.voter,
      vote: r.vote,
      at: r.at,
      top: r.top_kind && r.top_event && r.top_id ? { kind: r.top_kind, event: r.top_event, id: r.top_id, title: r.top_title ?? r.top_id } : undefined,
    }));
  }
}
