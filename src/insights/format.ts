/**
 * The report as text (for a terminal), JSON (the report object as is) and CSV
 * (one table, a `section` column saying which part of the report a row is
 * from; the same numbers as the JSON), and as the `/insights` reply.
 */
import type { Reply, ReplySection } from '../reply.js';
import type { InsightsReport } from './report.js';

export function toJson(report: InsightsReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export const CSV_COLUMNS = [
  'section',
  'rank',
  'key',
  'kind',
  'id',
  'label',
  'count',
  'answered',
  'unanswered',
  'up',
  'down',
  'score',
  'examples',
  'closest_kind',
  'closest_id',
  'closest_label',
  'closest_how',
] as const;

type CsvRow = Partial<Record<(typeof CSV_COLUMNS)[number], string | number>>;

/** A CSV cell: quoted when needed; a leading = + - @ is defused so spreadsheets do not run it as a formula. */
function cell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(report: InsightsReport): string {
  const rows: CsvRow[] = [];
  const t = report.totals;
  for (const [key, count] of Object.entries(t)) rows.push({ section: 'totals', key, count });
  for (const p of report.perPlatform) {
    rows.push({ section: 'platform', key: p.platform, count: p.questions, answered: p.answered, unanswered: p.unanswered });
  }
  for (const d of report.perDay) {
    rows.push({ section: 'day', key: d.day, count: d.answered + d.unanswered, answered: d.answered, unanswered: d.unanswered });
  }
  for (const g of report.unanswered) {
    rows.push({
      section: 'unanswered',
      rank: g.rank,
      count: g.count,
      examples: g.examples.join(' | '),
      ...(g.closest
        ? { closest_kind: g.closest.kind, closest_id: g.closest.id, closest_label: g.closest.title, closest_how: g.closest.how }
        : {}),
    });
  }
  for (const w of report.weak) {
    rows.push({ section: 'weak', rank: w.rank, kind: w.kind, id: w.id, label: w.title, count: w.count, score: w.avgScore, examples: w.examples.join(' | ') });
  }
  for (const d of report.disliked) {
    rows.push({ section: 'disliked', rank: d.rank, kind: d.kind, id: d.id, label: d.title, count: d.up + d.down, up: d.up, down: d.down });
  }
  for (const e of report.entities) {
    rows.push({ section: 'entity', rank: e.rank, kind: e.kind, id: e.id, label: e.title, count: e.count });
  }
  const lines = [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => cell(r[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;

function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [head, ...rows].map((r) => r.map((c) => String(c).replace(/\s+/g, ' ')));
  const widths = head.map((_, i) => Math.min(60, Math.max(...cells.map((r) => r[i]!.length))));
  const fit = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  return cells.map((r) => r.map((c, i) => fit(c, widths[i]!)).join('  ').trimEnd()).join('\n');
}

function periodOf(report: InsightsReport): string {
  return report.since ? `since ${report.since.slice(0, 16).replace('T', ' ')} UTC` : 'everything kept';
}

export function toText(report: InsightsReport): string {
  const t = report.totals;
  const out: string[] = [];
  out.push(`Hallway insights (${periodOf(report)})`);
  out.push(
    `${t.questions} questions from ${people(t.askers)}: ${t.answered} answered, ${t.unanswered} not answered, ${t.weak} weak; votes ${t.votesUp} up, ${t.votesDown} down.`,
  );
  if (t.questions === 0) {
    out.push('', 'No questions recorded in this period.');
    return `${out.join('\n')}\n`;
  }
  out.push('', 'Per platform');
  out.push(table(['platform', 'questions', 'answered', 'unanswered'], report.perPlatform.map((p) => [p.platform, p.questions, p.answered, p.unanswered])));
  out.push('', 'Not answered (similar questions grouped)');
  out.push(
    report.unanswered.length
      ? table(
          ['#', 'count', 'people', 'examples', 'closest entry'],
          report.unanswered.map((g) => [
            g.rank,
            g.count,
            g.askers,
            g.examples.map((e) => `"${e}"`).join(', '),
            g.closest ? `${g.closest.kind} ${g.closest.title} (${g.closest.how})` : '-',
          ]),
        )
      : '(none)',
  );
  out.push('', 'Weak answers');
  out.push(
    report.weak.length
      ? table(['#', 'count', 'avg score', 'answer', 'examples'], report.weak.map((w) => [w.rank, w.count, w.avgScore, `${w.kind} ${w.title}`, w.examples.map((e) => `"${e}"`).join(', ')]))
      : '(none)',
  );
  out.push('', 'Most disliked answers');
  out.push(report.disliked.length ? table(['#', 'down', 'up', 'answer'], report.disliked.map((d) => [d.rank, d.down, d.up, `${d.kind} ${d.title}`])) : '(none)');
  out.push('', 'Most asked');
  out.push(report.entities.length ? table(['#', 'count', 'entry'], report.entities.map((e) => [e.rank, e.count, `${e.kind} ${e.title}`])) : '(none)');
  return `${out.join('\n')}\n`;
}

/** The `/insights` reply: the period's numbers and the top of each table. Plain text; renderers escape it. */
export function summaryReply(report: InsightsReport, top = 5): Reply {
  const t = report.totals;
  const sections: ReplySection[] = [];
  if (report.unanswered.length) {
    sections.push({
      heading: 'Not answered',
      items: report.unanswered.slice(0, top).map((g) => ({
        title: `${g.count}× “${g.examples[0] ?? ''}”`,
        text: g.closest ? `closest: ${g.closest.title} (${g.closest.kind})` : 'nothing close in the knowledge',
      })),
    });
  }
  if (report.disliked.length) {
    sections.push({
      heading: 'Most disliked answers',
      items: report.disliked.slice(0, top).map((d) => ({ title: d.title, text: `${d.down} 👎, ${d.up} 👍` })),
    });
  }
  if (report.entities.length) {
    sections.push({
      heading: 'Most asked',
      items: report.entities.slice(0, top).map((e) => ({ title: e.title, text: `${e.count} questions` })),
    });
  }
  return {
    status: 'notice',
    query: '',
    title: 'Insights: the last 7 days',
    lead:
      t.questions === 0
        ? 'No questions were recorded in the last 7 days.'
        : `${t.questions} questions from ${people(t.askers)}: ${t.answered} answered, ${t.unanswered} not answered; ${t.votesUp} 👍 and ${t.votesDown} 👎. The full report: npm run insights.`,
    fields: report.perPlatform.map((p) => ({ name: p.platform, value: `${p.questions} (${p.unanswered} not answered)` })),
    sections,
    related: [],
    suggestions: [],
    hits: [],
  };
}
