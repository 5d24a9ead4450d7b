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
    return await runTipCli(argv, {
      poster: tips.poster,
      store: tips.store,
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
