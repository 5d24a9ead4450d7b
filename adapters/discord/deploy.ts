/**
 * `npm run discord:deploy`: registers Hallway's slash commands with one bulk
 * overwrite (PUT), to DISCORD_GUILD_ID when set (instant, for testing) or
 * globally otherwise. A bulk overwrite replaces the whole list, so running it
 * twice changes nothing, and a command removed from the list disappears.
 *
 * Needs DISCORD_TOKEN and DISCORD_APPLICATION_ID; honours DISCORD_API_URL.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REST, Routes } from 'discord.js';
import { loadDeployConfig, restOptions } from './config.js';
import { DISCORD_COMMANDS } from './commands.js';
import { redactSecrets } from './errors.js';

export interface DeployResult {
  /** The route PUT to, e.g. "/applications/1/guilds/2/commands". */
  readonly route: string;
  readonly scope: 'guild' | 'global';
  readonly guildId: string | undefined;
  /** How many commands Discord reports registered. */
  readonly count: number;
}

/**
 * Registers the commands; throws a "hallway/discord: …" error on bad settings
 * or a refused request. With `clear`, overwrites with an empty list instead,
 * which removes Hallway's commands at that scope (guild or global).
 */
export async function deployCommands(env: NodeJS.ProcessEnv, options: { clear?: boolean } = {}): Promise<DeployResult> {
  const config = loadDeployConfig(env);
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.applicationId, config.guildId)
    : Routes.applicationCommands(config.applicationId);
  const rest = new REST(restOptions(config)).setToken(config.token);
  try {
    const body = options.clear ? [] : DISCORD_COMMANDS;
    const result = await rest.put(route, { body });
    return {
      route,
      scope: config.guildId ? 'guild' : 'global',
      guildId: config.guildId,
      count: Array.isArray(result) ? result.length : body.length,
    };
  } catch (err) {
    const message = redactSecrets(err instanceof Error ? err.message : String(err), [config.token]);
    throw new Error(`hallway/discord: registering the commands failed: ${message}`);
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

/**
 * The command-line entry: prints what was registered, or a clear error and
 * exit code 1. `--clear` removes the commands at that scope instead.
 */
export async function main(env: NodeJS.ProcessEnv = process.env, args: readonly string[] = []): Promise<number> {
  try {
    const unknown = args.filter((a) => a !== '--clear');
    if (unknown.length) throw new Error(`hallway/discord: unknown argument ${unknown[0]}; the only option is --clear`);
    const clear = args.includes('--clear');
    const result = await deployCommands(env, { clear });
    const where = result.scope === 'guild' ? `guild ${result.guildId}` : 'global scope';
    if (clear) {
      process.stdout.write(`hallway/discord: removed Hallway's commands from the ${where}\n`);
    } else {
      const when = result.scope === 'guild' ? 'available at once' : 'may take a while to appear everywhere';
      const names = DISCORD_COMMANDS.map((c) => `/${c.name}`).join(' ');
      process.stdout.write(`hallway/discord: registered ${result.count} commands to the ${where} (${when}): ${names}\n`);
    }
    return 0;
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await main(process.env, process.argv.slice(2));
}
