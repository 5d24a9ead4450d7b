/**
 * `node dist/adapters/main.js` (what `npm start`, the Dockerfile and the
 * README run): the composition root.
 *
 * 1. Reads the whole configuration through one schema; a bad value stops here
 *    with one plain message naming every problem.
 * 2. Installs the process policy: an error nobody caught is logged and the bot
 *    keeps serving; a platform connection lost for good (Slack `invalid_auth`,
 *    Discord close codes 4004, 4010–4014) exits 1 with one clear line.
 *    SIGTERM/SIGINT stop new work, let answers in flight finish within
 *    SHUTDOWN_TIMEOUT_MS, cancel the rest, close the database and exit 0; a
 *    hard deadline 3 s later exits whatever still hangs.
 * 3. Starts /healthz, /readyz and /metrics (on PORT in Slack HTTP mode, else
 *    on HEALTH_PORT when set) before the knowledge loads.
 * 4. Loads the knowledge (and watches it: an edit or SIGHUP swaps in new
 *    knowledge, an invalid edit keeps the old), then starts Slack when
 *    SLACK_BOT_TOKEN is set, Discord when DISCORD_TOKEN is set, and the
 *    console chat when neither is. Platform modules are imported only when
 *    used, so the console starts fast.
 * 5. Every answered question is told to the observers: metrics, the question
 *    log and, unless INSIGHTS_RETENTION_DAYS=0, the insights recorder.
 */
import { loadConfig, type HallwayConfig } from './config.js';
import { ConfigError, configFailureText } from '../src/config.js';
import { Hallway } from '../src/hallway.js';
import { KnowledgeError } from '../src/knowledge/load.js';
import { watchKnowledge } from '../src/knowledge/reload.js';
import { createLogger, type Logger } from '../src/log.js';
import type { QuestionObserver } from '../src/observe.js';
import { Readiness, type Part, type PlatformStatus } from '../src/ops/health.js';
import { createMetrics, type Metrics } from '../src/ops/metrics.js';
import { installCrashPolicy, onShutdownSignal } from '../src/ops/process.js';
import { questionLogObserver } from '../src/ops/question-log.js';
import { countTipPosts } from '../src/ops/tip-metrics.js';
import { runConsole } from './console/index.js';
import { opsRoutes, refuse, startHttpServer, type Handler, type RunningHttp } from './http/server.js';
import { fatalSlackReason } from './slack/fatal.js';
import { createInsights, type InsightsRuntime } from './insights.js';
import { createTips, type TipsRuntime } from './tips.js';

/** After the grace for answers in flight, this long again at most before the process exits regardless. */
const HARD_DEADLINE_EXTRA_MS = 3000;

interface Running {
  readonly name: string;
  stop(graceMs: number): Promise<void>;
}

function platformStatus(part: Part, readiness: Readiness, metrics: Metrics): PlatformStatus {
  return {
    connected(up) {
      readiness.set(part, up);
      metrics.connected(part, up);
    },
    reconnecting() {
      metrics.reconnect(part);
    },
  };
}

/** The port and address of the ops endpoints: PORT in Slack HTTP mode, else HEALTH_PORT (off when unset). */
function opsListen(config: HallwayConfig): { port: number; host: string | undefined } | undefined {
  if (config.slack?.mode === 'http') return { port: config.slack.port, host: config.slack.host };
  if (config.core.healthPort !== undefined) return { port: config.core.healthPort, host: config.core.healthHost };
  return undefined;
}

async function main(env: NodeJS.ProcessEnv): Promise<number | 'running'> {
  let config: HallwayConfig;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(configFailureText(err));
    return 1;
  }
  const logger: Logger = createLogger({ level: config.core.logLevel, name: 'hallway' });
  const metrics = createMetrics();
  const readiness = new Readiness();
  readiness.expect('knowledge');
  if (config.slack) readiness.expect('slack');
  if (config.discord) readiness.expect('discord');

  const crash = installCrashPolicy({ logger, fatalReason: fatalSlackReason, onSurvived: metrics.uncaught });
  const observers: QuestionObserver[] = [metrics.observeQuestion, questionLogObserver(logger, { salt: config.core.askerHashSalt })];

  const running: Running[] = [];
  let tips: TipsRuntime | undefined;
  let insights: InsightsRuntime | undefined;
  let stopReload = () => {};
  const graceMs = config.core.shutdownTimeoutMs;
  const stopAll = async () => {
    readiness.drain();
    stopReload();
    // Platforms and the HTTP server first (no new work; answers in flight get the grace), then the database.
    await Promise.allSettled(running.map((r) => r.stop(graceMs)));
    try {
      insights?.stop();
    } catch (err) {
      logger.error({ err }, 'closing the insights recorder failed');
    }
    await tips?.stop().catch((err: unknown) => logger.error({ err }, 'closing the tips database failed'));
  };
  onShutdownSignal({ logger, hardMs: graceMs + HARD_DEADLINE_EXTRA_MS, stop: stopAll });

  // The HTTP server comes first, so /readyz says 503 while the knowledge loads.
  const post = new Map<string, Handler>();
  // Until the Slack app is mounted: 503, which Slack retries, rather than 404.
  if (config.slack?.mode === 'http') post.set('/slack/events', (_req, res) => refuse(res, 503, 'starting\n'));
  const listen = opsListen(config);
  let http: RunningHttp | undefined;
  if (listen) {
    try {
      http = await startHttpServer({
        port: listen.port,
        host: listen.host,
        get: opsRoutes({ readiness, metrics: metrics.text }),
        post,
        logger,
      });
    } catch (err) {
      process.stderr.write(`hallway: cannot listen on port ${listen.port}: ${(err as Error).message}\n`);
      return 1;
    }
    const server = http;
    running.push({ name: 'http', stop: (ms) => server.close(ms) });
    logger.info({ port: http.port }, 'health and metrics at /healthz, /readyz, /metrics');
  }

  let hallway: Hallway;
  try {
    hallway = await Hallway.load(config.core.knowledgeDir, { cache: { cacheDir: config.core.knowledgeCacheDir } });
  } catch (err) {
    process.stderr.write(`${err instanceof KnowledgeError ? err.message : `hallway: ${(err as Error).message}`}\n`);
    await stopAll();
    return 1;
  }
  readiness.set('knowledge', true);
  // Live reload: edits to the knowledge folder (or SIGHUP) swap in new knowledge; invalid edits keep the old.
  const reloader = watchKnowledge({
    dir: config.core.knowledgeDir,
    target: hallway,
    logger,
    cache: { cacheDir: config.core.knowledgeCacheDir },
    onReload: (result) => metrics.knowledgeReload(result.ok),
  });
  const onHup = () => void reloader.reload('SIGHUP');
  process.on('SIGHUP', onHup);
  stopReload = () => {
    reloader.stop();
    process.off('SIGHUP', onHup);
  };

  // Wrong tip settings were caught with the configuration; a database that cannot
  // be opened only switches daily tips off, so questions are still answered.
  try {
    tips = createTips({ hallway, env, logger, observePoster: (poster) => countTipPosts(poster, metrics) });
  } catch (err) {
    logger.error({ err }, 'daily tips are off: the tips database could not be opened (DATABASE_PATH)');
  }
  // Insights likewise: a database that cannot be opened switches recording off, never the answers.
  try {
    insights = createInsights({ hallway, env, logger });
  } catch (err) {
    logger.error({ err }, 'insights are off: the database could not be opened (DATABASE_PATH)');
  }
  if (insights) observers.push(...insights.deps.observers);
  const insightsDeps = insights ? { feedback: insights.deps.feedback, insights: insights.deps.insights } : {};

  if (!config.slack && !config.discord) {
    await runConsole({
      hallway,
      ...(tips ? { tips: tips.service() } : {}),
      input: process.stdin,
      output: process.stdout,
      prompt: process.stdin.isTTY === true,
      observers,
      ...insightsDeps,
    });
    await stopAll();
    return 0;
  }

  try {
    if (config.slack) {
      const { startSlack } = await import('./slack/index.js');
      const slack = await startSlack({
        hallway,
        logger: logger.child({ platform: 'slack' }),
        env,
        config: config.slack,
        observers,
        ...insightsDeps,
        ...(tips ? { tips: tips.service(config.slack.commands.tip) } : {}),
        ...(http ? { mount: (path: string, handler: Handler) => post.set(path, handler) } : {}),
        status: platformStatus('slack', readiness, metrics),
        onFatal: crash.fatal,
      });
      running.unshift({ name: 'slack', stop: (ms) => slack.stop(ms) });
      logger.info({ mode: slack.mode, port: http?.port ?? slack.port }, 'slack connected');
    }
    if (config.discord) {
      const { startDiscord } = await import('./discord/index.js');
      const discord = await startDiscord({
        hallway,
        logger: logger.child({ platform: 'discord' }),
        env,
        config: config.discord,
        observers,
        ...insightsDeps,
        ...(tips ? { tips: tips.service() } : {}),
        status: platformStatus('discord', readiness, metrics),
        onFatal: crash.fatal,
      });
      running.unshift({ name: 'discord', stop: (ms) => discord.stop(ms) });
      logger.info('discord connected');
    }
  } catch (err) {
    // One plain line: the adapters' start-up errors are written for operators ("hallway/slack: …").
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    await stopAll();
    return 1;
  }
  // Starts (and logs) once the database is open: a lock held by another process is waited out in the background.
  tips?.scheduler.start();
  return 'running';
}

const outcome = await main(process.env);
// Exit explicitly: a library's timer or socket must not keep a finished process alive.
if (outcome !== 'running') process.exit(outcome);
