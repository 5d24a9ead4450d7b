/**
 * Issue 11, "What will be checked": fifty questions asked through the core
 * (twenty of them spellings and phrasings of one thing the knowledge lacks),
 * votes on three answers, then the report: its first unanswered group counts
 * twenty; the CLI's CSV and JSON carry the same numbers; no raw platform user
 * id is anywhere in the database file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hallway } from '../../src/hallway.js';
import { newQuestionId } from '../../src/insights/ids.js';
import { buildReport, type InsightsReport } from '../../src/insights/report.js';
import {
  ANSWERED,
  askAll,
  DISCORD_USERS,
  interleave,
  KNOWLEDGE,
  OTHER_UNANSWERED,
  openRecorder,
  parseCsv,
  removeDir,
  requireBuilt,
  runInsights,
  silentLogger,
  SLACK_USERS,
  tempDir,
  WIFI,
  type Asked,
} from './helpers.js';

let dir: string;
let dbPath: string;
let asked: Asked[];
let report: InsightsReport;
let hallway: Hallway;
const VOTER_1 = 'U0VOTER0001';
const VOTER_2 = '834567890123456789';
const VOTER_3 = 'U0VOTER0003';

beforeAll(async () => {
  requireBuilt();
  dir = await tempDir();
  dbPath = join(dir, 'hallway.sqlite');
  hallway = await Hallway.load(KNOWLEDGE);
  const { logger } = silentLogger();
  const { store, recorder } = openRecorder(dbPath, logger);
  const texts = interleave<string>(WIFI, OTHER_UNANSWERED, ANSWERED);
  expect(texts).toHaveLength(50);
  asked = askAll(hallway, recorder.observer, texts, new Date('2026-11-23T08:00:00Z'));

  const answer = (text: string) => asked.find((a) => a.text === text && a.reply.status === 'answer')!;
  const kuma = answer('kuma');
  const heap = answer('heap dump');
  const mongo = answer('mongodb');
  // Three answers voted on; one vote changed twice (the last one counts).
  recorder.vote({ questionId: kuma.questionId, platform: 'slack', voterId: VOTER_1, vote: 1 });
  recorder.vote({ questionId: heap.questionId, platform: 'slack', voterId: VOTER_1, vote: -1 });
  recorder.vote({ questionId: heap.questionId, platform: 'slack', voterId: VOTER_1, vote: 1 });
  recorder.vote({ questionId: heap.questionId, platform: 'slack', voterId: VOTER_1, vote: -1 });
  recorder.vote({ questionId: heap.questionId, platform: 'discord', voterId: VOTER_2, vote: -1 });
  recorder.vote({ questionId: mongo.questionId, platform: 'slack', voterId: VOTER_3, vote: -1 });
  // Forged values: not an id at all (refused), and a well-formed id of no question (ignored by the store).
  expect(recorder.vote({ questionId: "x' OR 1=1 --", platform: 'slack', voterId: VOTER_3, vote: -1 })).toBe(false);
  expect(recorder.vote({ questionId: newQuestionId(), platform: 'slack', voterId: VOTER_3, vote: -1 })).toBe(true);

  await recorder.settled();
  expect(recorder.stats()).toMatchObject({ dropped: 0, pending: 0 });
  report = buildReport(store.questions(), store.votes(), { hallway, now: new Date('2026-11-26T00:00:00Z') });
  recorder.stop();
  store.close();
});

afterAll(async () => {
  await removeDir(dir);
});

describe('the report on fifty questions', () => {
  it('counts every question, answered or not', () => {
    expect(asked.filter((a) => a.reply.status === 'answer')).toHaveLength(ANSWERED.length);
    expect(report.totals).toMatchObject({ questions: 50, answered: 18, unanswered: 32, votesUp: 1, votesDown: 3 });
    expect(report.totals.askers).toBe(SLACK_USERS.length + DISCORD_USERS.length);
  });

  it('puts the twenty spellings of the missing thing in one group, first, with examples from it', () => {
    const first = report.unanswered[0]!;
    expect(first.rank).toBe(1);
    expect(first.count).toBe(20);
    expect(first.examples).toHaveLength(3);
    for (const e of first.examples) expect((WIFI as readonly string[]).map((w) => w.toLowerCase())).toContain(e.toLowerCase());
    // The other twelve unanswered questions stay in smaller groups of their own topics.
    expect(report.unanswered.slice(1).reduce((n, g) => n + g.count, 0)).toBe(12);
    expect(Math.max(...report.unanswered.slice(1).map((g) => g.count))).toBeLessThanOrEqual(2);
  });

  it('ranks the answers with the most 👎 first, with the vote that was changed counted once, as last cast', () => {
    expect(report.disliked.map((d) => [d.title, d.down, d.up])).toEqual([
      ['Heap dump', 2, 0],
      ['MongoDB', 1, 0],
    ]);
  });

  it('lists the most asked entries and the platforms', () => {
    expect(report.entities[0]!.count).toBeGreaterThanOrEqual(2);
    const counts = Object.fromEntries(report.perPlatform.map((p) => [p.platform, p.questions]));
    expect(counts).toEqual({ slack: 25, discord: 25 });
    expect(report.perDay.reduce((n, d) => n + d.answered + d.unanswered, 0)).toBe(50);
  });
});

describe('npm run insights', () => {
  const env = () => ({ DATABASE_PATH: dbPath, KNOWLEDGE_DIR: KNOWLEDGE });

  it('prints the same numbers as JSON and as CSV', () => {
    const json = runInsights(['--format', 'json'], env());
    expect(json.status, json.stderr).toBe(0);
    const r = JSON.parse(json.stdout) as InsightsReport;
    const csv = runInsights(['--format', 'csv'], env());
    expect(csv.status, csv.stderr).toBe(0);
    const rows = parseCsv(csv.stdout);

    expect(r.unanswered[0]!.count).toBe(20);
    const section = (s: string) => rows.filter((x) => x.section === s);
    expect(Object.fromEntries(section('totals').map((x) => [x.key, Number(x.count)]))).toEqual(r.totals);
    expect(section('unanswered').map((x) => [Number(x.rank), Number(x.count), x.examples, x.closest_id])).toEqual(
      r.unanswered.map((g) => [g.rank, g.count, g.examples.join(' | '), g.closest?.id ?? '']),
    );
    expect(section('platform').map((x) => [x.key, Number(x.count), Number(x.answered), Number(x.unanswered)])).toEqual(
      r.perPlatform.map((p) => [p.platform, p.questions, p.answered, p.unanswered]),
    );
    expect(section('day').map((x) => [x.key, Number(x.answered), Number(x.unanswered)])).toEqual(r.perDay.map((d) => [d.day, d.answered, d.unanswered]));
    expect(section('disliked').map((x) => [x.id, Number(x.down), Number(x.up)])).toEqual(r.disliked.map((d) => [d.id, d.down, d.up]));
    expect(section('entity').map((x) => [x.id, Number(x.count)])).toEqual(r.entities.map((e) => [e.id, e.count]));
    expect(section('weak').map((x) => [x.id, Number(x.count)])).toEqual(r.weak.map((w) => [w.id, w.count]));
  });

  it('prints a readable text table with the group and its count', () => {
    const text = runInsights([], env());
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/50 questions from 5 people: 18 answered, 32 not answered/);
    const line = text.stdout.split('\n').find((l) => /^1\s+20\s/.test(l));
    expect(line, text.stdout).toBeDefined();
  });

  it('--since leaves out older questions', () => {
    // The questions span 2026-11-23 08:00 to 16:10 UTC; from 12:00 on there are 25 (every tenth minute from 12:00).
    const r = JSON.parse(runInsights(['--format', 'json', '--since', '2026-11-23T12:00:00Z'], env()).stdout) as InsightsReport;
    expect(r.totals.questions).toBe(asked.filter((_, i) => i * 10 >= 240).length);
    const bad = runInsights(['--since', 'last tuesday'], env());
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^hallway\/insights: --since/);
  });

});

describe('the closest existing entry of an unanswered group', () => {
  it('names what the core answers today, its "did you mean", or nothing', () => {
    const row = (id: string, query: string) => ({
      id,
      at: '2026-11-23T08:00:00.000Z',
      platform: 'slack' as const,
      command: 'ask' as const,
      via: 'message' as const,
      query,
      status: 'no-answer' as const,
      answered: false,
      latencyMs: 1,
      asker: 'h1',
    });
    // "kuma" found nothing when it was asked (say, before Kuma was added): the core answers it now.
    const r = buildReport([row('a', 'kuma'), row('b', 'kuma'), row('c', 'lunch menu'), row('d', 'wifi password')], [], { hallway });
    const closest = Object.fromEntries(r.unanswered.map((g) => [g.examples[0], g.closest]));
    expect(closest['kuma']).toMatchObject({ kind: 'tool', id: 'kuma', how: 'answers-now' });
    const lunch = hallway.ask('lunch menu').suggestions[0]!;
    expect(closest['lunch menu']).toMatchObject({ kind: lunch.kind, id: lunch.id, how: 'did-you-mean' });
    expect(closest['wifi password']).toBeUndefined();
  });
});

describe('weak answers', () => {
  it('are answers after which the same person soon asked again in similar words and got something else', () => {
    const top = (id: string) => ({ kind: 'tool' as const, event: 'e', id, title: id, score: 1 });
    const row = (id: string, asker: string, at: string, query: string, hit?: string) => ({
      id,
      at: `2026-11-23T${at}.000Z`,
      platform: 'slack' as const,
      command: 'ask' as const,
      via: 'message' as const,
      query,
      status: hit ? ('answer' as const) : ('no-answer' as const),
      answered: hit !== undefined,
      top: hit ? top(hit) : undefined,
      latencyMs: 1,
      asker,
    });
    const r = buildReport(
      [
        // Rephrased 30 s later, and got another answer: the first was weak.
        row('a1', 'h1', '08:00:00', 'kafka consumer lag', 'kafka'),
        row('a2', 'h1', '08:00:30', 'how to monitor kafka consumer lag', 'burrow'),
        // Another topic right after: not a sign of anything.
        row('b1', 'h2', '08:00:00', 'kuma', 'kuma'),
        row('b2', 'h2', '08:00:20', 'wifi password'),
        // The same words again, but ten minutes later: not counted.
        row('c1', 'h3', '08:00:00', 'mongodb', 'mongodb'),
        row('c2', 'h3', '08:10:00', 'mongodb sharding'),
      ],
      [],
    );
    expect(r.weak.map((w) => [w.id, w.count, w.examples])).toEqual([['kafka', 1, ['kafka consumer lag']]]);
    expect(r.totals.weak).toBe(1);
  });
});

describe('privacy', () => {
  it('stores no raw platform user id anywhere in the database file', () => {
    const files = [dbPath, `${dbPath}-wal`].filter((f) => {
      try {
        readFileSync(f);
        return true;
      } catch {
        return false;
      }
    });
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    expect(bytes.length).toBeGreaterThan(0);
    // The questions are in there (a control that the search can find text at all)…
    expect(bytes.includes(Buffer.from('wiif password'))).toBe(true);
    // …but none of the askers' or voters' ids, in any of the encodings SQLite might use.
    for (const id of [...SLACK_USERS, ...DISCORD_USERS, VOTER_1, VOTER_2, VOTER_3]) {
      expect(bytes.includes(Buffer.from(id, 'utf8')), id).toBe(false);
      expect(bytes.includes(Buffer.from(id, 'utf16le')), id).toBe(false);
    }
  });
});
