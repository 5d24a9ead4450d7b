/**
 * The organiser's report, built from recorded questions and votes: what found
 * nothing (grouped by similarity, with the closest existing entity), what was
 * answered weakly, which answers people disliked, what was asked most, and
 * counts per platform and per day. Pure apart from the optional core lookups.
 *
 * Only real questions count (answered or not); help, notices and tips do not.
 * A *weak* answer is one whose best hit scored below `weakScore`, or after
 * which the same person asked again within `reaskMs`, in similar words (the
 * grouping's similarity), and got a different answer or none: the first
 * answer evidently did not do.
 */
import type { Hallway } from '../hallway.js';
import type { EntityKind } from '../reply.js';
import { contentWords, groupBySimilarity, normaliseQuestion, similarity, DEFAULT_GROUP_THRESHOLD } from './similarity.js';
import type { QuestionRow, StoredVote } from './store.js';

export interface ReportOptions {
  /** Only questions at or after this instant (undefined: everything kept). */
  readonly since?: Date | undefined;
  readonly now?: Date;
  /** Answers whose best hit scored below this are weak. */
  readonly weakScore?: number;
  /** An answer after which the same person asked again within this many ms is weak. Default 120,000 (2 minutes). */
  readonly reaskMs?: number;
  /** Rows per table. Default 20. */
  readonly limit?: number;
  /** Example texts per row. Default 3. */
  readonly examples?: number;
  readonly groupThreshold?: number;
  /**
   * Distinct unanswered texts grouped at most, most asked first (grouping is
   * quadratic in them); the rest still count in the totals. Default 2,000.
   */
  readonly maxDistinct?: number;
  /** The core, to suggest the closest existing entity for each unanswered group. */
  readonly hallway?: Pick<Hallway, 'ask' | 'complete'> | undefined;
}

export interface EntityKey {
  readonly kind: EntityKind;
  readonly event: string;
  readonly id: string;
  readonly title: string;
}

export interface ClosestEntity extends EntityKey {
  /** `answers-now`: the core answers the group's text today; `did-you-mean`: its first suggestion; `completion`: a name match. */
  readonly how: 'answers-now' | 'did-you-mean' | 'completion';
}

export interface UnansweredGroup {
  readonly rank: number;
  readonly count: number;
  /** Distinct askers (by hash). */
  readonly askers: number;
  readonly examples: readonly string[];
  readonly closest?: ClosestEntity;
}

export interface WeakAnswer extends EntityKey {
  readonly rank: number;
  readonly count: number;
  readonly avgScore: number;
  readonly examples: readonly string[];
}

export interface DislikedAnswer extends EntityKey {
  readonly rank: number;
  readonly up: number;
  readonly down: number;
}

export interface AskedEntity extends EntityKey {
  readonly rank: number;
  readonly count: number;
}

export interface PlatformCount {
  readonly platform: string;
  readonly questions: number;
  readonly answered: number;
  readonly unanswered: number;
}

export interface DayCount {
  /** UTC date, YYYY-MM-DD. */
  readonly day: string;
  readonly answered: number;
  readonly unanswered: number;
}

export interface InsightsReport {
  readonly generatedAt: string;
  readonly since: string | null;
  readonly totals: {
    readonly questions: number;
    readonly answered: number;
    readonly unanswered: number;
    readonly weak: number;
    readonly votesUp: number;
    readonly votesDown: number;
    readonly askers: number;
  };
  readonly perPlatform: readonly PlatformCount[];
  readonly perDay: readonly DayCount[];
  readonly unanswered: readonly UnansweredGroup[];
  readonly weak: readonly WeakAnswer[];
  readonly disliked: readonly DislikedAnswer[];
  readonly entities: readonly AskedEntity[];
}

const keyOf = (e: { kind: string; event: string; id: string }) => `${e.kind}:${e.event}:${e.id}`;

/** Only real questions count: answered or not; help, notices and tips are left out. */
function isQuestion(q: QuestionRow): boolean {
  return q.status === 'answer' || q.status === 'no-answer';
}

function closestFor(hallway: NonNullable<ReportOptions['hallway']>, text: string): ClosestEntity | undefined {
  try {
    const reply = hallway.ask(text);
    const hit = reply.status === 'answer' ? reply.hits[0] : undefined;
    if (hit) return { kind: hit.kind, event: hit.ref.event, id: hit.id, title: hit.title, how: 'answers-now' };
    const s = reply.suggestions[0];
    if (s) return { kind: s.kind, event: s.event, id: s.id, title: s.label, how: 'did-you-mean' };
    for (const kind of ['talk', 'tool'] as const) {
      const c = hallway.complete(kind, text, 1)[0];
      if (c) return { kind: c.kind, event: c.event, id: c.id, title: c.label, how: 'completion' };
    }
  } catch {
    // a suggestion is a nicety; the report stands without it
  }
  return undefined;
}

export function buildReport(
  questions: readonly QuestionRow[],
  votes: readonly StoredVote[],
  options: ReportOptions = {},
): InsightsReport {
  const limit = options.limit ?? 20;
  const nExamples = options.examples ?? 3;
  const weakScore = options.weakScore ?? 0.5;
  const sinceIso = options.since?.toISOString();
  const qs = questions.filter((q) => isQuestion(q) && (sinceIso === undefined || q.at >= sinceIso));
  const ids = new Set(qs.map((q) => q.id));
  const vs = votes.filter((v) => ids.has(v.questionId));

  // Per platform and per day.
  const platforms = new Map<string, { questions: number; answered: number; unanswered: number }>();
  const days = new Map<string, { answered: number; unanswered: number }>();
  for (const q of qs) {
    const p = platforms.get(q.platform) ?? { questions: 0, answered: 0, unanswered: 0 };
    p.questions++;
    if (q.answered) p.answered++;
    else p.unanswered++;
    platforms.set(q.platform, p);
    const day = q.at.slice(0, 10);
    const d = days.get(day) ?? { answered: 0, unanswered: 0 };
    if (q.answered) d.answered++;
    else d.unanswered++;
    days.set(day, d);
  }

  // Unanswered, grouped.
  const byText = new Map<string, { text: string; count: number; askers: Set<string>; raw: Map<string, number> }>();
  for (const q of qs) {
    if (q.answered) continue;
    const text = normaliseQuestion(q.query);
    if (!text) continue;
    const e = byText.get(text) ?? { text, count: 0, askers: new Set<string>(), raw: new Map<string, number>() };
    e.count++;
    e.askers.add(q.asker);
    e.raw.set(q.query, (e.raw.get(q.query) ?? 0) + 1);
    byText.set(text, e);
  }
  const distinct = [...byText.values()].sort((x, y) => y.count - x.count || x.text.localeCompare(y.text)).slice(0, options.maxDistinct ?? 2000);
  const groups = groupBySimilarity(distinct, options.groupThreshold ?? DEFAULT_GROUP_THRESHOLD);
  const unanswered: UnansweredGroup[] = groups.slice(0, limit).map((g, i) => {
    const askers = new Set<string>();
    for (const m of g.members) for (const a of m.askers) askers.add(a);
    const examples = g.members
      .flatMap((m) => [...m.raw.entries()])
      .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
      .slice(0, nExamples)
      .map(([raw]) => raw);
    const closest = options.hallway ? closestFor(options.hallway, g.members[0]!.text) : undefined;
    return { rank: i + 1, count: g.count, askers: askers.size, examples, ...(closest ? { closest } : {}) };
  });

  // Weak answers: a low score, or the same person asking again soon after (the answer did not do).
  const reaskMs = options.reaskMs ?? 120_000;
  const threshold = options.groupThreshold ?? DEFAULT_GROUP_THRESHOLD;
  const weakIds = new Set<string>();
  const byAsker = new Map<string, QuestionRow[]>();
  for (const q of qs) {
    const k = `${q.platform}:${q.asker}`;
    const list = byAsker.get(k) ?? [];
    list.push(q);
    byAsker.set(k, list);
  }
  for (const list of byAsker.values()) {
    for (let i = 0; i < list.length; i++) {
      const q = list[i]!;
      if (!q.answered || !q.top) continue;
      const next = list[i + 1];
      // Asked again: the same person, soon after, in similar words, getting a different answer (or none).
      const reasked =
        next !== undefined &&
        Date.parse(next.at) - Date.parse(q.at) <= reaskMs &&
        next.top?.id !== q.top.id &&
        similarity(contentWords(q.query), contentWords(next.query)) >= threshold - 1e-9;
      if (q.top.score < weakScore || reasked) weakIds.add(q.id);
    }
  }

  // Weak answers and most asked entities, by top hit.
  const weakBy = new Map<string, { e: EntityKey; count: number; scoreSum: number; examples: Map<string, number> }>();
  const askedBy = new Map<string, { e: EntityKey; count: number }>();
  let weakTotal = 0;
  for (const q of qs) {
    if (!q.answered || !q.top) continue;
    const e: EntityKey = { kind: q.top.kind, event: q.top.event, id: q.top.id, title: q.top.title };
    const k = keyOf(e);
    const a = askedBy.get(k) ?? { e, count: 0 };
    a.count++;
    askedBy.set(k, a);
    if (weakIds.has(q.id)) {
      weakTotal++;
      const w = weakBy.get(k) ?? { e, count: 0, scoreSum: 0, examples: new Map<string, number>() };
      w.count++;
      w.scoreSum += q.top.score;
      w.examples.set(q.query, (w.examples.get(q.query) ?? 0) + 1);
      weakBy.set(k, w);
    }
  }
  const weak: WeakAnswer[] = [...weakBy.values()]
    .sort((x, y) => y.count - x.count || x.scoreSum / x.count - y.scoreSum / y.count || keyOf(x.e).localeCompare(keyOf(y.e)))
    .slice(0, limit)
    .map((w, i) => ({
      rank: i + 1,
      ...w.e,
      count: w.count,
      avgScore: Math.round((w.scoreSum / w.count) * 1000) / 1000,
      examples: [...w.examples.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).slice(0, nExamples).map(([t]) => t),
    }));
  const entities: AskedEntity[] = [...askedBy.values()]
    .sort((x, y) => y.count - x.count || keyOf(x.e).localeCompare(keyOf(y.e)))
    .slice(0, limit)
    .map((a, i) => ({ rank: i + 1, ...a.e, count: a.count }));

  // Votes, by the top hit they were cast on.
  const voteBy = new Map<string, { e: EntityKey; up: number; down: number }>();
  let up = 0;
  let down = 0;
  for (const v of vs) {
    if (v.vote > 0) up++;
    else down++;
    if (!v.top) continue;
    const e: EntityKey = { kind: v.top.kind, event: v.top.event, id: v.top.id, title: v.top.title };
    const k = keyOf(e);
    const x = voteBy.get(k) ?? { e, up: 0, down: 0 };
    if (v.vote > 0) x.up++;
    else x.down++;
    voteBy.set(k, x);
  }
  const disliked: DislikedAnswer[] = [...voteBy.values()]
    .filter((x) => x.down > 0)
    .sort((x, y) => y.down - x.down || x.up - y.up || keyOf(x.e).localeCompare(keyOf(y.e)))
    .slice(0, limit)
    .map((x, i) => ({ rank: i + 1, ...x.e, up: x.up, down: x.down }));

  const answered = qs.filter((q) => q.answered).length;
  return {
    generatedAt: (options.now ?? new Date()).toISOString(),
    since: sinceIso ?? null,
    totals: {
      questions: qs.length,
      answered,
      unanswered: qs.length - answered,
      weak: weakTotal,
      votesUp: up,
      votesDown: down,
      askers: new Set(qs.map((q) => q.asker)).size,
    },
    perPlatform: [...platforms.entries()]
      .sort((x, y) => y[1].questions - x[1].questions || x[0].localeCompare(y[0]))
      .map(([platform, c]) => ({ platform, ...c })),
    perDay: [...days.entries()].sort((x, y) => x[0].localeCompare(y[0])).map(([day, c]) => ({ day, ...c })),
    unanswered,
    weak,
    disliked,
    entities,
  };
}

/**
 * Reads a `--since` value: a duration (`7d`, `12h`, `2w`), a date
 * (`2026-11-01`) or `all`. Undefined means everything kept.
 */
export function parseSince(value: string, now: Date = new Date()): Date | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'all') return undefined;
  const m = /^(\d{1,5})\s*([hdw])$/.exec(v);
  if (m) {
    const unit = m[2] === 'h' ? 3_600_000 : m[2] === 'd' ? 86_400_000 : 7 * 86_400_000;
    return new Date(now.getTime() - Number(m[1]) * unit);
  }
  if (/^\d{4}-\d{2}-\d{2}(t[\d:.]+z?)?$/.test(v)) {
    const d = new Date(v.length === 10 ? `${v}T00:00:00Z` : v.toUpperCase());
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new Error(`hallway/insights: --since must be a duration such as 7d, 12h or 2w, a date such as 2026-11-01, or "all" (got "${value}")`);
}
