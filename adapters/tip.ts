/**
 * `npm run --silent tip -- post [--date YYYY-MM-DD] [--channel ID]`
 * `npm run --silent tip -- preview [--channel ID] [--date YYYY-MM-DD]`
 *
 * Posts today's due tips once and exits (for a Kubernetes CronJob or a systemd
 * timer instead of the in-process schedule), with the same claims as the bot,
 * so running it twice, or beside a running bot, never posts twice.
 */
import { ConfigError, configFailureText } from '../src/config.js';
import { loadConfig, type HallwayConfig } from './config.js';
import { Hallway } from '../src/hallway.js';
import { KnowledgeError } from '../src/knowledge/load.js';
import { createLogger } from '../src/log.js';
import { runTipCli } from '../src/tips/cli.js';
import { createTips } from './tips.js';

/** How long `tip post` waits for a database another process has locked. */
const OPEN_WAIT_MS = 60_000;

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let config: HallwayConfig;
  try {
    config = loadConfig(env, { platforms: false });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(configFailureText(err));
    return 2;
  }
  const core = config.core;
  const logger = createLogger({ level: core.logLevel, name: 'hallway-tip' });
  let hallway: Hallway;
  try {
    hallway = await Hallway.load(core.knowledgeDir);
  } catch (err) {
    process.stderr.write(`${err instanceof KnowledgeError ? err.message : `hallway/tip: ${(err as Error).message}`}\n`);
    return 1;
  }
  let tips;
  try {
    tips = createTips({ hallway, env, logger });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  try {
    // A database locked by another process is waited for (asynchronously), up to a minute.
    let timer: NodeJS.Timeout | undefined;
    let store;
    try {
      store = await Promise.race([
        tips.ready(),
        new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), OPEN_WAIT_MS))),
      ]).finally(() => clearTimeout(timer));
    } catch (err) {
      process.stderr.write(`hallway/tips: the tips database ${tips.config.databasePath} could not be opened: ${(err as Error).message}\n`);
      return 1;
    }
    if (!store) {
      process.stderr.write(`hallway/tips: the tips database ${tips.config.databasePath} stayed locked by another process for ${OPEN_WAIT_MS / 1000} s; nothing was posted, try again\n`);
      return 1;
    }
    return await runTipCli(argv, {
      poster: tips.poster,
      store,
      knowledge: hallway.knowledge,
      now: () => new Date(),
      stdout: (line) => process.stdout.write(`${line}\n`),
      stderr: (line) => process.stderr.write(`${line}\n`),
      graceMinutes: tips.config.graceMinutes,
      logger: logger.child({ component: 'tips' }),
    });
  } finally {
    await tips.stop();
  }
}

process.exitCode = await main(process.argv.slice(2), process.env);
