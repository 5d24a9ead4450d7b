/**
 * The report as one self-contained HTML page: inline CSS, an inline SVG chart
 * of questions per day (answered and not answered, stacked), and the tables.
 * No scripts, no external resources (a Content-Security-Policy says so), so it
 * opens from a file in any browser. Every text from users or the knowledge is
 * HTML-escaped.
 */
import type { InsightsReport } from './report.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const e = (v: string | number) => escapeHtml(String(v));

const CSS = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1d2433;background:#fff}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem;border-bottom:1px solid #dde2ea;padding-bottom:.25rem}
.sub{color:#5b6578;margin:0 0 1rem}
.cards{display:flex;flex-wrap:wrap;gap:.75rem}.card{border:1px solid #dde2ea;border-radius:8px;padding:.6rem .9rem;min-width:8rem}
.card b{display:block;font-size:1.4rem}
table{border-collapse:collapse;width:100%;margin:.25rem 0}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #eef1f5;vertical-align:top}
th{background:#f5f7fa;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;width:1%;white-space:nowrap}
.ex{color:#38425a}.muted{color:#8a93a6}
.legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:-.1rem;border-radius:2px}
svg{max-width:100%;height:auto}
`;

/** Every day from the first to the last with questions (at most 366), days without any as zero. */
function allDays(report: InsightsReport): InsightsReport['perDay'] {
  const known = report.perDay;
  if (known.length < 2) return known;
  const byDay = new Map(known.map((d) => [d.day, d]));
  const out: { day: string; answered: number; unanswered: number }[] = [];
  const last = Date.parse(`${known[known.length - 1]!.day}T00:00:00Z`);
  for (let t = Date.parse(`${known[0]!.day}T00:00:00Z`); t <= last && out.length < 366; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push(byDay.get(day) ?? { day, answered: 0, unanswered: 0 });
  }
  return out;
}

function chart(report: InsightsReport): string {
  const days = allDays(report);
  const W = 1000;
  const H = 260;
  const left = 40;
  const bottom = 40;
  const top = 10;
  const plotH = H - bottom - top;
  const max = Math.max(1, ...days.map((d) => d.answered + d.unanswered));
  const slot = days.length ? (W - left - 10) / days.length : 0;
  const bar = Math.max(2, Math.min(40, slot * 0.7));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const parts: string[] = [];
  parts.push(`<line x1="${left}" y1="${top + plotH}" x2="${W - 5}" y2="${top + plotH}" stroke="#98a2b3"/>`);
  for (const tick of [0, Math.ceil(max / 2), max]) {
    parts.push(`<text x="${left - 6}" y="${y(tick) + 4}" text-anchor="end" font-size="12" fill="#5b6578">${tick}</text>`);
    parts.push(`<line x1="${left}" y1="${y(tick)}" x2="${W - 5}" y2="${y(tick)}" stroke="#eef1f5"/>`);
  }
  const every = Math.max(1, Math.ceil(days.length / 12));
  days.forEach((d, i) => {
    const x = left + i * slot + (slot - bar) / 2;
    const hA = (d.answered / max) * plotH;
    const hU = (d.unanswered / max) * plotH;
    const base = top + plotH;
    parts.push(
      `<rect class="answered" x="${x.toFixed(1)}" y="${(base - hA).toFixed(1)}" width="${bar.toFixed(1)}" height="${hA.toFixed(1)}" fill="#2f9e8f"><title>${e(d.day)}: ${d.answered} answered</title></rect>`,
    );
    parts.push(
      `<rect class="unanswered" x="${x.toFixed(1)}" y="${(base - hA - hU).toFixed(1)}" width="${bar.toFixed(1)}" height="${hU.toFixed(1)}" fill="#e0a526"><title>${e(d.day)}: ${d.unanswered} not answered</title></rect>`,
    );
    if (i % every === 0) {
      parts.push(`<text x="${(x + bar / 2).toFixed(1)}" y="${H - bottom + 18}" text-anchor="middle" font-size="12" fill="#5b6578">${e(d.day.slice(5))}</text>`);
    }
  });
  if (!days.length) parts.push(`<text x="${W / 2}" y="${H / 2}" text-anchor="middle" font-size="14" fill="#8a93a6">No questions in this period</text>`);
  return `<svg id="per-day" role="img" aria-label="Questions per day, answered and not answered" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

function tableHtml(id: string, head: readonly string[], rows: readonly (readonly string[])[], numeric: ReadonlySet<number>): string {
  if (!rows.length) return `<p class="muted" id="${id}">None.</p>`;
  const th = head.map((h, i) => `<th${numeric.has(i) ? ' class="n"' : ''}>${e(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric.has(i) ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table id="${id}"><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const quoted = (xs: readonly string[]) => xs.map((x) => `“${e(x)}”`).join('<br>');

export function toHtml(report: InsightsReport): string {
  const t = report.totals;
  const period = report.since ? `since ${report.since.slice(0, 16).replace('T', ' ')} UTC` : 'everything kept';
  const cards = [
    ['Questions', t.questions],
    ['Answered', t.answered],
    ['Not answered', t.unanswered],
    ['Weak answers', t.weak],
    ['Helpful votes', t.votesUp],
    ['Not helpful votes', t.votesDown],
    ['People', t.askers],
  ]
    .map(([k, v]) => `<div class="card"><span>${e(k!)}</span><b>${e(v!)}</b></div>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hallway insights</title>
<style>${CSS}</style>
</head>
<body>
<h1>Hallway insights</h1>
<p class="sub">${e(period)} · generated ${e(report.generatedAt.slice(0, 16).replace('T', ' '))} UTC</p>
<div class="cards">${cards}</div>
<h2>Questions per day</h2>
<p class="legend"><span style="background:#2f9e8f"></span>answered<span style="background:#e0a526"></span>not answered</p>
${chart(report)}
<h2>Not answered</h2>
<p class="sub">Similar questions are grouped; the closest entry shows whether an alias would do.</p>
${tableHtml(
  'unanswered',
  ['#', 'Count', 'People', 'Examples', 'Closest entry'],
  report.unanswered.map((g) => [
    e(g.rank),
    e(g.count),
    e(g.askers),
    `<span class="ex">${quoted(g.examples)}</span>`,
    g.closest ? `${e(g.closest.title)} <span class="muted">(${e(g.closest.kind)}, ${e(g.closest.how)})</span>` : '<span class="muted">nothing close</span>',
  ]),
  new Set([0, 1, 2]),
)}
<h2>Weak answers</h2>
${tableHtml(
  'weak',
  ['#', 'Count', 'Avg score', 'Answer', 'Examples'],
  report.weak.map((w) => [e(w.rank), e(w.count), e(w.avgScore), `${e(w.title)} <span class="muted">(${e(w.kind)})</span>`, `<span class="ex">${quoted(w.examples)}</span>`]),
  new Set([0, 1, 2]),
)}
<h2>Most disliked answers</h2>
${tableHtml(
  'disliked',
  ['#', 'Not helpful', 'Helpful', 'Answer'],
  report.disliked.map((d) => [e(d.rank), e(d.down), e(d.up), `${e(d.title)} <span class="muted">(${e(d.kind)})</span>`]),
  new Set([0, 1, 2]),
)}
<h2>Most asked</h2>
${tableHtml('entities', ['#', 'Questions', 'Entry'], report.entities.map((x) => [e(x.rank), e(x.count), `${e(x.title)} <span class="muted">(${e(x.kind)})</span>`]), new Set([0, 1]))}
<h2>Per platform</h2>
${tableHtml(
  'platforms',
  ['Platform', 'Questions', 'Answered', 'Not answered'],
  report.perPlatform.map((p) => [e(p.platform), e(p.questions), e(p.answered), e(p.unanswered)]),
  new Set([1, 2, 3]),
)}
</body>
</html>
`;
}
