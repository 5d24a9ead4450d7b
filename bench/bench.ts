/**
 * `npm run bench`: Hallway's benchmark (issue 2, section 7).
 *
 * For the real knowledge base and for generated ones of 1,000 and 10,000
 * talks it measures index build time, answer latency p50/p99 for keyword,
 * typo and plain-language queries, and memory; the same for a naive baseline
 * (one Fuse index over every field of every talk, default options), with the
 * ratio side by side; the longest blocking `ask()` for inputs up to 10,000
 * characters; and start-up to first answer of the CLI. Prints a table, the
 * targets as PASS/FAIL, and as the last line one JSON object with every
 * figure. It is a report: the exit code is 0 even when a target fails.
 *
 * Every measured phase runs in a child process of its own (this file with
 * `--phase <json>`), so memory figures are not mixed up between systems.
 * Generated knowledge is written as YAML under the OS temp folder (one event
 * folder per 100 talks) and loaded through the real `loadKnowledge`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKnowledge, type Generated } from './generate.js';
import { runBaseline, runOurs, type BaselineResult, type OursResult, type PhaseSpec } from './phases.js';
import { KINDS, QUERIES } from './queries.js';
import { runScale, type MiniSearchResult, type ReloadBenchResult, type ScaleSpec, type StartResult } from './scale.js';
import { fmt, hasGc, median, msSince, nowNs, round, table } from './stats.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The project root: dist/bench/ → ../.. */
const ROOT = resolve(HERE, '..', '..');
const REAL_KNOWLEDGE = join(ROOT, 'knowledge');
const ASK_CLI = join(ROOT, 'dist', 'src', 'cli', 'ask.js');

/** The project's targets (issues 2 and 10). */
const TARGETS = {
  realP99Ms: 0.5,
  largeP99Ms: 2,
  blockMs: 20,
  startupMs: 1000,
  /** Ours ≥ 1000× faster than the naive Fuse baseline at 10,000 talks (p50, each kind). */
  fuseRatio: 1000,
  build10kMs: 1500,
  heap10kMB: 150,
  /** Start (warm knowledge cache) plus 200 answers, whole process, 10,000 talks. */
  warmStart200Ms: 3000,
  coldStart200Ms: 15_000,
  peakRss10kMB: 400,
  /** Slowest answer while the whole 10,000-talk knowledge reloads. */
  reloadAnswerMs: 100,
  /** hit@1 on queries with a known target at 10,000 talks: 60/70 keyword and typo, 50/60 question. */
  hitRate: { keyword: 60 / 70, typo: 60 / 70, question: 50 / 60 },
} as const;

const RESULT_MARK = '@@bench-result ';

interface Dataset {
  readonly key: 'real' | '1k' | '10k';
  readonly label: string;
  readonly talks: number;
  readonly ours: Omit<Extract<PhaseSpec, { system: 'ours' }>, 'system' | 'label' | 'dir' | 'generated'>;
  readonly baseline: Omit<Extract<PhaseSpec, { system: 'baseline' }>, 'system' | 'label' | 'dir' | 'generated'>;
}

/**
 * Samples and time budgets per kind of query, chosen so the whole run stays
 * near three minutes on a 2-core machine. The Fuse baseline takes 0.5–11 s
 * per query at 10,000 talks, so there it gets through only a few queries.
 */
const DATASETS: readonly Dataset[] = [
  {
    key: 'real',
    label: 'real KB',
    talks: 0,
    ours: { builds: 15, warmup: 30, samplesPerKind: 5000, kindBudgetMs: 2500 },
    baseline: { samplesPerKind: 2000, kindBudgetMs: 2500 },
  },
  {
    key: '1k',
    label: '1,000 talks',
    talks: 1000,
    ours: { builds: 3, warmup: 5, samplesPerKind: 3000, kindBudgetMs: 3000 },
    baseline: { samplesPerKind: 200, kindBudgetMs: 4000 },
  },
  {
    key: '10k',
    label: '10,000 talks',
    talks: 10_000,
    ours: { builds: 1, warmup: 3, samplesPerKind: 1500, kindBudgetMs: 5000 },
    baseline: { samplesPerKind: 50, kindBudgetMs: 9000 },
  },
];

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/** Runs one phase in a child process (with --expose-gc) and returns its result. */
function runPhase<T>(spec: PhaseSpec | ScaleSpec, timeoutMs = 240_000): Promise<T> {
  return new Promise((resolvePhase, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--phase', JSON.stringify(spec)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith(RESULT_MARK));
      if (code !== 0 || !line) {
        reject(new Error(`phase ${spec.system} ${spec.label} failed (exit ${code}): ${out.slice(-500)}`));
        return;
      }
      resolvePhase(JSON.parse(line.slice(RESULT_MARK.length)) as T);
    });
  });
}

async function phaseMain(json: string): Promise<void> {
  const spec = JSON.parse(json) as PhaseSpec | ScaleSpec;
  const result =
    spec.system === 'ours' ? await runOurs(spec) : spec.system === 'baseline' ? await runBaseline(spec) : await runScale(spec);
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(result)}\n`);
}

interface StartupResult {
  readonly runs: readonly number[];
  readonly medianMs: number;
  readonly ok: boolean;
  readonly note?: string;
}

/** Wall clock from spawning `node dist/src/cli/ask.js "/talk kuma"` to its exit. */
async function measureStartup(runs: number): Promise<StartupResult> {
  const times: number[] = [];
  let ok = true;
  let note: string | undefined;
  for (let i = 0; i < runs; i++) {
    const t0 = nowNs();
    const { code, out } = await new Promise<{ code: number | null; out: string }>((done) => {
      const child = spawn(process.execPath, [ASK_CLI, '/talk kuma'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (d: string) => (text += d));
      child.stderr.resume();
      child.on('close', (c) => done({ code: c, out: text }));
      child.on('error', () => done({ code: -1, out: text }));
    });
    times.push(msSince(t0));
    if (code !== 0 || !/kuma/i.test(out)) {
      ok = false;
      note = `run ${i + 1}: exit ${code}, output ${JSON.stringify(out.slice(0, 120))}`;
    }
  }
  return { runs: times.map(round), medianMs: round(median(times)), ok, ...(note ? { note } : {}) };
}

const ratio = (base: number, ours: number) => (ours > 0 && Number.isFinite(base) ? base / ours : NaN);
const times = (n: number) => (Number.isFinite(n) ? `${n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2)}×` : '–');

async function main(): Promise<void> {
  const started = nowNs();
  if (!existsSync(ASK_CLI)) {
    log(`${ASK_CLI} is missing: run "npm run build" first`);
  }
  if (!hasGc()) log('run with --expose-gc (npm run bench does) for clean memory figures');

  const cores = cpus().length;
  const loadBefore = loadavg()[0]!;
  if (loadBefore > cores * 0.75) log(`the machine is busy (load ${loadBefore.toFixed(1)} on ${cores} cores): wall times will include waiting for a CPU`);
  const tmp = await mkdtemp(join(tmpdir(), 'hallway-bench-'));
  const results: Array<{ ds: Dataset; gen?: Generated; genMs?: number; ours: OursResult; base: BaselineResult }> = [];
  const scale: Array<{
    ds: Dataset;
    mini: MiniSearchResult;
    cold: StartResult & { wallMs: number };
    warm: StartResult & { wallMs: number };
    reload: ReloadBenchResult;
  }> = [];
  const timedPhase = async <T>(spec: ScaleSpec): Promise<T & { wallMs: number }> => {
    const t0 = nowNs();
    const r = await runPhase<T>(spec);
    const external = round(msSince(t0));
    // The phase's own figure (process start to 200th answer) when it has one; else spawn to exit.
    return { ...r, wallMs: (r as { totalMs?: number }).totalMs ?? external };
  };
  try {
    for (const ds of DATASETS) {
      let dir = REAL_KNOWLEDGE;
      let gen: Generated | undefined;
      let genMs: number | undefined;
      if (ds.talks > 0) {
        const t0 = nowNs();
        gen = await generateKnowledge(join(tmp, ds.key), ds.talks);
        genMs = round(msSince(t0));
        dir = gen.dir;
        log(`${ds.label}: wrote ${gen.events} event folders, ${(gen.bytes / 1e6).toFixed(1)} MB of YAML in ${fmt(genMs)} ms`);
      }
      log(`${ds.label}: Hallway (load, build, queries, blocking)…`);
      const ours = await runPhase<OursResult>({ system: 'ours', label: ds.label, dir, generated: ds.talks, ...ds.ours });
      log(`${ds.label}: Fuse baseline…`);
      const base = await runPhase<BaselineResult>({
        system: 'baseline',
        label: ds.label,
        ...(ds.talks > 0 ? {} : { dir }),
        generated: ds.talks,
        ...ds.baseline,
      });
      results.push({ ds, ...(gen ? { gen } : {}), ...(genMs !== undefined ? { genMs } : {}), ours, base });
      if (ds.talks > 0) {
        log(`${ds.label}: MiniSearch baseline…`);
        const mini = await runPhase<MiniSearchResult>({ system: 'minisearch', label: ds.label, dir, perKind: 200 });
        const cacheDir = join(tmp, `cache-${ds.key}`);
        log(`${ds.label}: cold start (empty knowledge cache) + 200 answers…`);
        const cold = await timedPhase<StartResult>({ system: 'start', label: ds.label, dir, cacheDir, perKind: 70 });
        log(`${ds.label}: warm start (knowledge cache filled) + 200 answers…`);
        const warm = await timedPhase<StartResult>({ system: 'start', label: ds.label, dir, cacheDir, perKind: 70 });
        log(`${ds.label}: answers during a full reload…`);
        const reload = await runPhase<ReloadBenchResult>({ system: 'reload', label: ds.label, dir, cacheDir });
        scale.push({ ds, mini, cold, warm, reload });
      }
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }

  log('start-up: node dist/src/cli/ask.js "/talk kuma" ×5…');
  const startup = await measureStartup(5);

  // ---- The table --------------------------------------------------------
  const header = [
    'dataset',
    'kind',
    'build ms',
    'p50 ms',
    'p99 ms',
    'cpu p99',
    'n',
    'answered',
    'base build',
    'base p50',
    'base p99',
    'base n',
    'p50 ratio',
    'p99 ratio',
    'heap MB',
    'base heap',
    'peak RSS',
    'base RSS',
  ];
  const rows: string[][] = [];
  for (const { ds, ours, base } of results) {
    for (const kind of KINDS) {
      const o = ours.kinds[kind];
      const b = base.kinds[kind];
      rows.push([
        ds.label,
        kind,
        fmt(ours.buildMs),
        fmt(o.p50),
        fmt(o.p99),
        fmt(o.cpuP99),
        String(o.n),
        `${o.answered}/${QUERIES[kind].length}`,
        fmt(base.buildMs),
        fmt(b.p50),
        fmt(b.p99),
        b.queries < QUERIES[kind].length ? `${b.n} (${b.queries}q)` : String(b.n),
        times(ratio(b.p50, o.p50)),
        times(ratio(b.p99, o.p99)),
        fmt(ours.memory.retainedHeap),
        fmt(base.memory.retainedHeap),
        fmt(ours.memory.peakRss, 0),
        fmt(base.memory.peakRss, 0),
      ]);
    }
  }
  const out: string[] = [];
  out.push('');
  out.push('Hallway benchmark: ours = new Hallway(kb) + hallway.ask(text); base = one new Fuse(talks, { keys: every field }) with default options, fuse.search(cleaned query)');
  out.push('');
  out.push(table(header, rows));
  out.push('');
  out.push('  build ms: new Hallway(kb) (median of runs) / new Fuse(talks, {keys}); p50/p99: wall time per call, after warm-up;');
  out.push("  cpu p99: the process's CPU time per call: not inflated by other processes, but it includes V8's own GC and compiler threads, so it can exceed wall time;");
  out.push('  n: timed calls (base n "(kq)": only k of the 10 queries fitted the time budget).');
  out.push('  answered: queries of the kind that got an answer (ours) / at least one result (base, not shown). ratio: base ÷ ours.');
  out.push('  heap MB: JS heap + external (typed-array) memory the index retains on top of the loaded data, after a full GC; peak RSS: highest RSS sampled during build and queries (MB).');
  for (const { ds, ours, base, gen, genMs } of results) {
    const extra = gen ? `; YAML ${(gen.bytes / 1e6).toFixed(1)} MB in ${gen.events} event folders, written in ${fmt(genMs)} ms` : '';
    out.push(
      `  ${ds.label}: ${ours.talks} talks, ${ours.entities} entities, ${ours.searchDocs ?? '?'} search docs; loadKnowledge ${fmt(ours.loadMs)} ms${extra}; ` +
        `heap peak Δ ours ${fmt(ours.memory.peakHeapDelta)} MB / base ${fmt(base.memory.peakHeapDelta)} MB; data heap before index ${fmt(ours.memory.heapBefore)} MB; ` +
        `RSS before ${fmt(ours.memory.rssBefore, 0)} MB, process maxRSS (load included) ${fmt(ours.memory.maxRssProcess, 0)} MB`,
    );
  }
  out.push(
    `  GC during timed calls (ours): ${results
      .map(({ ds, ours }) => `${ds.label} ${KINDS.map((k) => `${ours.kinds[k].gc.count}×/${fmt(ours.kinds[k].gc.totalMs)} ms (max ${fmt(ours.kinds[k].gc.maxMs)})`).join(', ')}`)
      .join('; ')}`,
  );
  const slow = results.flatMap(({ ds, ours }) =>
    KINDS.flatMap((kind) => ours.kinds[kind].perQuery.map((q) => ({ ds: ds.label, kind, ...q }))),
  );
  out.push('');
  out.push('Slowest queries (ours, by p99):');
  for (const ds of DATASETS) {
    const top = slow
      .filter((s) => s.ds === ds.label)
      .sort((a, b) => b.p99 - a.p99)
      .slice(0, 4);
    out.push(`  ${ds.label.padEnd(13)} ${top.map((s) => `${JSON.stringify(s.q)} p50 ${fmt(s.p50)} / p99 ${fmt(s.p99)} ms`).join('; ')}`);
  }
  const tenK = results.find((r) => r.ds.key === '10k');
  if (tenK) {
    const b = tenK.base.kinds;
    out.push(
      `  Baseline at 10,000 talks: only ${KINDS.map((k) => `${b[k].n} ${k}`).join(', ')} queries timed (Fuse takes seconds per query there); its p99 is then the max of those.`,
    );
  }

  // ---- Blocking and start-up ---------------------------------------------
  const blocking = results.map(({ ds, ours }) => ({ dataset: ds.label, ...ours.blocking }));
  const worstBlock = blocking.reduce((a, b) => (b.maxMs > a.maxMs ? b : a));
  out.push('');
  out.push(
    `Longest blocking ask() (inputs up to 10,000 chars, each ×5): ${fmt(worstBlock.maxMs)} ms (${worstBlock.dataset}, ${worstBlock.worst}); ` +
      blocking.map((b) => `${b.dataset} ${fmt(b.maxMs)} ms (${b.worst}; cpu ${fmt(b.inputs.find((i) => i.label === b.worst)?.cpuMaxMs)} ms)`).join(', '),
  );
  out.push(
    `Start-up to first answer (node dist/src/cli/ask.js "/talk kuma", real KB): median ${fmt(startup.medianMs)} ms of ${startup.runs.length} runs [${startup.runs.map((r) => fmt(r)).join(', ')}]${startup.ok ? '' : `; NOT OK: ${startup.note}`}`,
  );

  // ---- Scale: accuracy against MiniSearch, start, reload ------------------
  out.push('');
  out.push(
    'Queries with a known target talk (generated knowledge, 200 distinct per kind): hit@1 = the first hit is the target. ' +
      'MiniSearch 7: talks only, fields title/aliases/tags/summary/points/speakers/tools, boost title 3, prefix, fuzzy 0.2.',
  );
  const accRows: string[][] = [];
  for (const { ds, ours } of results) {
    const sc = scale.find((x) => x.ds.key === ds.key);
    if (!ours.targets || !sc) continue;
    for (const kind of KINDS) {
      const o = ours.targets[kind];
      const m = sc.mini.kinds[kind];
      accRows.push([ds.label, kind, String(o.queries), `${o.hits}/${o.queries}`, fmt(o.p50), fmt(o.p99), `${m.hits}/${m.n}`, fmt(m.p50), fmt(m.p99)]);
    }
  }
  out.push(table(['dataset', 'kind', 'queries', 'ours hit@1', 'ours p50', 'ours p99', 'MiniSearch hit@1', 'MS p50', 'MS p99'], accRows));
  for (const { ds, mini, cold, warm, reload } of scale) {
    out.push(
      `  ${ds.label}: cold start + ${cold.answers} answers ${fmt(cold.wallMs)} ms wall (load+index ${fmt(cold.loadMs)} ms, answers ${fmt(cold.answersMs)} ms, peak RSS ${fmt(cold.maxRssMB, 0)} MB); ` +
        `warm ${fmt(warm.wallMs)} ms wall (load+index ${fmt(warm.loadMs)} ms, answers ${fmt(warm.answersMs)} ms, peak RSS ${fmt(warm.maxRssMB, 0)} MB, live heap ${fmt(warm.heapMB)} MB + ${fmt(warm.arrayBuffersMB)} MB typed arrays); ` +
        `full reload (${reload.via}) ${fmt(reload.reloadMs)} ms${reload.ok ? '' : ' (FAILED)'} with ${reload.answersDuring} answers meanwhile, slowest ${fmt(reload.maxAnswerMs)} ms (target ≤ ${TARGETS.reloadAnswerMs}; p99 ${fmt(reload.p99AnswerMs)}); ` +
        `MiniSearch build ${fmt(mini.buildMs)} ms, heap ${fmt(mini.heapMB)} MB`,
    );
  }
  out.push('  start wall: from the process\'s start to its 200th answer (node start-up, imports, knowledge, index, answers; drawing the queries not counted); the knowledge load alone without cache is "loadKnowledge" above.');

  // ---- Targets -------------------------------------------------------------
  const targets: Array<{ name: string; pass: boolean; detail: string }> = [];
  const real = results.find((r) => r.ds.key === 'real');
  const latencyTarget = (label: string, r: (typeof results)[number] | undefined, limit: number) => {
    if (!r) return;
    for (const kind of KINDS) {
      const k = r.ours.kinds[kind];
      const pass = k.p99 <= limit;
      // A wall-time miss while the CPU time is within the limit means other processes held the CPU.
      const hint = !pass && k.cpuP99 <= limit ? ` (cpu p99 ${fmt(k.cpuP99)} ms is within it: the machine was busy; rerun when it is quiet)` : '';
      targets.push({ name: `p99 ${kind} ${label} ≤ ${limit} ms`, pass, detail: `${fmt(k.p99)} ms${hint}` });
    }
  };
  latencyTarget('real KB', real, TARGETS.realP99Ms);
  latencyTarget('10,000 talks', tenK, TARGETS.largeP99Ms);
  targets.push({
    name: `longest blocking ask() ≤ ${TARGETS.blockMs} ms`,
    pass: worstBlock.maxMs <= TARGETS.blockMs,
    detail: `${fmt(worstBlock.maxMs)} ms (${worstBlock.dataset}, ${worstBlock.worst})`,
  });
  targets.push({
    name: `start-up to first answer < ${TARGETS.startupMs} ms`,
    pass: startup.ok && startup.medianMs < TARGETS.startupMs,
    detail: `median ${fmt(startup.medianMs)} ms${startup.ok ? '' : ', CLI did not answer'}`,
  });
  if (tenK) {
    targets.push({
      name: `10,000 talks build < ${TARGETS.build10kMs} ms`,
      pass: tenK.ours.buildMs < TARGETS.build10kMs,
      detail: `${fmt(tenK.ours.buildMs)} ms`,
    });
    const worstRatio = Math.min(...KINDS.map((k) => ratio(tenK.base.kinds[k].p50, tenK.ours.kinds[k].p50)));
    targets.push({
      name: `≥ ${TARGETS.fuseRatio}× the naive Fuse baseline at 10,000 talks (p50, worst kind)`,
      pass: worstRatio >= TARGETS.fuseRatio,
      detail: `${times(worstRatio)} (Fuse timed on ${KINDS.map((k) => tenK.base.kinds[k].n).join('/')} calls)`,
    });
    if (tenK.ours.targets) {
      for (const kind of KINDS) {
        const t = tenK.ours.targets[kind];
        const need = TARGETS.hitRate[kind];
        targets.push({
          name: `hit@1 ${kind} 10,000 talks ≥ ${(need * 100).toFixed(1)}%`,
          pass: t.hits / t.queries >= need,
          detail: `${t.hits}/${t.queries}`,
        });
      }
    }
  }
  const sc10k = scale.find((x) => x.ds.key === '10k');
  if (sc10k) {
    targets.push({ name: `warm start + 200 answers ≤ ${TARGETS.warmStart200Ms} ms (10,000 talks)`, pass: sc10k.warm.wallMs <= TARGETS.warmStart200Ms, detail: `${fmt(sc10k.warm.wallMs)} ms` });
    targets.push({ name: `cold start + 200 answers ≤ ${TARGETS.coldStart200Ms} ms (10,000 talks)`, pass: sc10k.cold.wallMs <= TARGETS.coldStart200Ms, detail: `${fmt(sc10k.cold.wallMs)} ms` });
    const rss = Math.max(sc10k.cold.maxRssMB, sc10k.warm.maxRssMB);
    targets.push({ name: `peak RSS ≤ ${TARGETS.peakRss10kMB} MB (10,000 talks, whole process)`, pass: rss <= TARGETS.peakRss10kMB, detail: `${fmt(rss, 0)} MB` });
    targets.push({
      name: `process heap < ${TARGETS.heap10kMB} MB (10,000 talks, live after a warm start and 200 answers)`,
      pass: sc10k.warm.heapMB < TARGETS.heap10kMB,
      detail: `${fmt(sc10k.warm.heapMB)} MB (besides ${fmt(sc10k.warm.arrayBuffersMB)} MB of typed arrays outside the heap)`,
    });
    targets.push({
      name: `no answer over ${TARGETS.reloadAnswerMs} ms during a full reload (10,000 talks)`,
      pass: sc10k.reload.ok && sc10k.reload.maxAnswerMs <= TARGETS.reloadAnswerMs,
      detail: `${fmt(sc10k.reload.maxAnswerMs)} ms over ${sc10k.reload.answersDuring} answers; reload ${fmt(sc10k.reload.reloadMs)} ms`,
    });
  }
  out.push('');
  out.push('Targets:');
  for (const t of targets) out.push(`  ${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.detail}`);
  const failed = targets.filter((t) => !t.pass).length;
  out.push(failed === 0 ? 'All targets met.' : `FAIL: ${failed} of ${targets.length} targets not met.`);
  const totalMs = msSince(started);
  const loadAfter = loadavg()[0]!;
  out.push(
    `(bench ran ${fmt(totalMs / 1000)} s; load average ${loadBefore.toFixed(1)} at start, ${loadAfter.toFixed(1)} at end, ${cores} cores` +
      `${Math.max(loadBefore, loadAfter) > cores ? ': the machine was busy, so wall-time tails are inflated; compare the cpu p99 column' : ''})`,
  );

  // ---- JSON ----------------------------------------------------------------
  const figures = {
    node: process.version,
    machine: { cores, loadAverageStart: round(loadBefore), loadAverageEnd: round(loadAfter) },
    targets: { ...TARGETS, results: targets, allPassed: failed === 0 },
    datasets: Object.fromEntries(
      results.map(({ ds, ours, base, gen, genMs }) => [
        ds.key,
        {
          label: ds.label,
          talks: ours.talks,
          entities: ours.entities,
          searchDocs: ours.searchDocs,
          ...(gen ? { yamlBytes: gen.bytes, eventFolders: gen.events, writeMs: genMs } : {}),
          loadMs: ours.loadMs,
          ours: {
            buildMs: ours.buildMs,
            buildRuns: ours.buildRuns,
            memory: ours.memory,
            kinds: Object.fromEntries(KINDS.map((k) => [k, stripPerQuery(ours.kinds[k])])),
            perQuery: Object.fromEntries(KINDS.map((k) => [k, ours.kinds[k].perQuery])),
          },
          baseline: {
            buildMs: base.buildMs,
            memory: base.memory,
            kinds: Object.fromEntries(KINDS.map((k) => [k, stripPerQuery(base.kinds[k])])),
          },
          ratio: Object.fromEntries(
            KINDS.map((k) => [k, { p50: round(ratio(base.kinds[k].p50, ours.kinds[k].p50)), p99: round(ratio(base.kinds[k].p99, ours.kinds[k].p99)) }]),
          ),
          blocking: ours.blocking,
        },
      ]),
    ),
    blocking: { maxMs: worstBlock.maxMs, dataset: worstBlock.dataset, input: worstBlock.worst },
    accuracy: Object.fromEntries(results.filter((r) => r.ours.targets).map((r) => [r.ds.key, r.ours.targets])),
    scale: Object.fromEntries(scale.map(({ ds, mini, cold, warm, reload }) => [ds.key, { minisearch: mini, cold, warm, reload }])),
    startup,
    totalSeconds: round(totalMs / 1000),
  };
  out.push(JSON.stringify(figures));
  process.stdout.write(`${out.join('\n')}\n`);
}

function stripPerQuery<T extends { perQuery: unknown }>(k: T): Omit<T, 'perQuery'> {
  const { perQuery: _drop, ...rest } = k;
  return rest;
}

const phaseArg = process.argv.indexOf('--phase');
if (phaseArg >= 0) {
  await phaseMain(process.argv[phaseArg + 1] ?? '{}');
} else {
  try {
    await main();
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  }
}

