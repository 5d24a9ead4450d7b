/**
 * `npm run --silent insights -- [--since 7d] [--format text|json|csv] [--html report.html]`
 *
 * The organiser's report from the questions and votes recorded in the
 * database (DATABASE_PATH, or --db): unanswered questions grouped by
 * similarity with the closest existing entry (from the knowledge in
 * KNOWLEDGE_DIR, or --knowledge), weak answers, the most disliked answers,
 * the most asked entries and counts per platform. `--since` takes a duration
 * (7d, 12h, 2w), a date (2026-11-01) or `all` (the default: everything kept).
 * `--html FILE` also writes a self-contained HTML page with a chart.
 * A database written before insights existed is migrated first.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readCoreConfig } from '../config.js';
import { Hallway } from '../hallway.js';
import { readInsightsConfig } from '../insights/config.js';
import { toCsv, toJson, toText } from '../insights/format.js';
import { toHtml } from '../insights/html.js';
import { buildReport, parseSince } from '../insights/report.js';
import { InsightsStore } from '../insights/store.js';

const USAGE =
  'usage: npm run --silent insights -- [--since 7d|2026-11-01|all] [--format text|json|csv] [--html report.html] [--db FILE] [--knowledge DIR] [--limit N]';
const PREFIX = 'hallway/insights:';
const FORMATS = new Set(['text', 'json', 'csv']);

export async function main(
  argv: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        since: { type: 'string' },
        format: { type: 'string' },
        html: { type: 'string' },
        db: { type: 'string' },
        knowledge: { type: 'string' },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.stderr.write(`${PREFIX} ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const v = args.values;
  if (v.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const format = v.format ?? (v.html ? undefined : 'text');
  if (format !== undefined && !FORMATS.has(format)) {
    io.stderr.write(`${PREFIX} --format must be text, json or csv (got "${format}")\n${USAGE}\n`);
    return 2;
  }
  const limit = v.limit === undefined ? 20 : Number(v.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    io.stderr.write(`${PREFIX} --limit must be a whole number from 1 to 1000\n`);
    return 2;
  }
  const now = new Date();
  let since: Date | undefined;
  let config;
  try {
    since = v.since === undefined ? undefined : parseSince(v.since, now);
    config = readInsightsConfig(env);
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }

  let store: InsightsStore;
  try {
    store = InsightsStore.open(v.db ?? config.databasePath, { busyTimeoutMs: 5000 });
  } catch (err) {
    io.stderr.write(`${PREFIX} cannot open the database ${v.db ?? config.databasePath}: ${(err as Error).message}\n`);
    return 1;
  }
  let hallway: Hallway | undefined;
  try {
    const sinceIso = since?.toISOString();
    const questions = store.questions(sinceIso);
    const votes = store.votes(sinceIso);
    if (questions.some((q) => !q.answered)) {
      const dir = v.knowledge ?? readCoreConfig(env).knowledgeDir;
      try {
        hallway = await Hallway.load(dir);
      } catch (err) {
        io.stderr.write(`${PREFIX} no closest-entry suggestions: the knowledge in ${dir} could not be loaded (${(err as Error).message.split('\n')[0]})\n`);
      }
    }
    const report = buildReport(questions, votes, { since, now, weakScore: config.weakScore, limit, hallway });
    if (v.html) {
      writeFileSync(v.html, toHtml(report));
      io.stderr.write(`${PREFIX} wrote ${v.html}\n`);
    }
    if (format === 'json') io.stdout.write(toJson(report));
    else if (format === 'csv') io.stdout.write(toCsv(report));
    else if (format === 'text') io.stdout.write(toText(report));
    return 0;
  } catch (err) {
    io.stderr.write(`${PREFIX} ${(err as Error).message}\n`);
    return 1;
  } finally {
    store.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
