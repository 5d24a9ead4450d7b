/**
 * `npm start`: the composition root. Loads the knowledge, then starts Slack
 * when SLACK_BOT_TOKEN is set, Discord when DISCORD_TOKEN is set (both when
 * both are), and the console chat when neither is. Platform modules are
 * imported only when used, so the console starts fast.
 */
import { readCoreConfig } from '../src/config.js';
import { Hallway } from '../src/hallway.js';
import { KnowledgeError } from '../src/knowledge/load.js';
import { watchKnowledge } from '../src/knowledge/reload.js';
import { createLogger } from '../src/log.js';
import { runConsole } from './console/index.js';
import { createTips, type TipsRuntime } from './tips.js';
import { createInsights, type InsightsRuntime } from './insights.js';

interface Running {
  readonly name: string;
  stop(): Promise<void>;
}

async function main(env: NodeJS.ProcessEnv): Promise<number> {
  const config = readCoreConfig(env);
  const logger = createLogger({ level: config.logLevel, name: 'hallway' });
  let hallway: Hallway;
  try {
    hallway = await Hallway.load(config.knowledgeDir, { cache: { cacheDir: config.knowledgeCacheDir } });
  } catch (err) {
    process.stderr.write(`${err instanceof KnowledgeError ? err.message : `hallway: ${(err as Error).message}`}\n`);
    return 1;
  }
  // Live reload: edits to the knowledge folder (or SIGHUP) swap in new knowledge; invalid edits keep the old.
  // `onReload` is where metrics can count reloads and failures.
  const reloader = watchKnowledge({ dir: config.knowledgeDir, target: hallway, logger, cache: { cacheDir: config.knowledgeCacheDir } });
  const onHup = () => void reloader.reload('SIGHUP');
  process.on('SIGHUP', onHup);
  const stopReload = () => {
    reloader.stop();
    process.off('SIGHUP', onHup);
  };

  const wantsSlack = Boolean(env.SLACK_BOT_TOKEN?.trim());
  const wantsDiscord = Boolean(env.DISCORD_TOKEN?.trim());
  // Wrong tip settings stop start-up; a database that cannot be opened only
  // switches daily tips off, so questions are still answered.
  let tips: TipsRuntime | undefined;
  try {
    tips = createTips({ hallway, env, logger });
  } catch (err) {
    const message = (err as Error).message;
    if (message.startsWith('hallway/tips:')) {
      process.stderr.write(`${message}\n`);
      return 1;
    }
    logger.error({ err }, 'daily tips are off: the tips database could not be opened (DATABASE_PATH)');
  }
  // Insights the same way: wrong settings stop start-up, a database that cannot be opened switches recording off.
  let insights: InsightsRuntime | undefined;
  try {
    insights = createInsights({ hallway, env, logger });
  } catch (err) {
    const message = (err as Error).message;
    if (message.startsWith('hallway/insights:')) {
      process.stderr.write(`${message}\n`);
      return 1;
    }
    logger.error({ err }, 'insights are off: the database could not be opened (DATABASE_PATH)');
  }
  const insightsDeps = insights?.deps ?? {};
  if (!wantsSlack && !wantsDiscord) {
    try {
      await runConsole({
        hallway,
        ...insightsDeps,
        ...(tips ? { tips: tips.service() } : {}),
        input: process.stdin,
        output: process.stdout,
        prompt: process.stdin.isTTY === true,
      });
    } finally {
      stopReload();
      await tips?.stop();
      insights?.stop();
    }
    return 0;
  }

  const running: Running[] = [{ name: 'knowledge reload', stop: async () => stopReload() }];
  if (tips) running.push({ name: 'tips', stop: () => tips.stop() });
  if (insights) running.push({ name: 'insights', stop: async () => insights.stop() });
  const stopAll = async () => {
    await Promise.allSettled(running.map((r) => r.stop()));
  };
  try {
    if (wantsSlack) {
      const { startSlack } = await import('./slack/index.js');
      const slack = await startSlack({
        hallway,
        logger: logger.child({ platform: 'slack' }),
        env,
        ...insightsDeps,
        ...(tips ? { tips: tips.service(env.SLACK_COMMAND_TIP?.trim() || '/tip') } : {}),
      });
      running.push({ name: 'slack', stop: () => slack.stop() });
      logger.info({ mode: slack.mode, port: slack.port }, 'slack connected');
    }
    if (wantsDiscord) {
      const { startDiscord } = await import('./discord/index.js');
      const discord = await startDiscord({
        hallway,
        logger: logger.child({ platform: 'discord' }),
        env,
        ...insightsDeps,
        ...(tips ? { tips: tips.service() } : {}),
      });
      running.push({ name: 'discord', stop: () => discord.stop() });
      logger.info('discord connected');
    }
  } catch (err) {
    logger.error({ err }, 'start-up failed');
    await stopAll();
    return 1;
  }
  // Starts (and logs) once the database is open: a lock held by another process is waited out in the background.
  tips?.scheduler.start();

  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  await stopAll();
  return 0;
}

process.exitCode = await main(process.env);
