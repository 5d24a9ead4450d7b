/**
 * Hallway on Discord: a discord.js v14 client that turns slash commands,
 * autocomplete, buttons, mentions and DMs into calls on the core, and the
 * core's replies into embeds (see render.ts).
 *
 * Data flows one way: Discord event → handlers.ts → core → renderDiscord → Discord.
 * Nothing in src/ knows about Discord.
 */
import { Client, Events, GatewayIntentBits, Options, Partials, RESTEvents, type ClientOptions } from 'discord.js';
import type { Logger } from '../../src/log.js';
import type { PlatformStatus } from '../../src/ops/health.js';
import { loadDiscordConfig, restOptions, type DiscordConfig } from './config.js';
import { describeError, redactSecrets } from './errors.js';
import { handleInteraction, handleMessage, type HandlerDeps } from './handlers.js';
import { noMentions } from './render.js';
import type { HallwayPort, TipsService } from './types.js';
import type { HandlerDeps as Deps } from './handlers.js';

export type { HallwayPort, TipsService, TipContext } from './types.js';
export { renderDiscord } from './render.js';
export { DISCORD_COMMANDS } from './commands.js';

/**
 * Only what Hallway needs: guilds (channels, for replies), guild messages
 * (mentions) and direct messages. No privileged Message Content intent: a
 * message that mentions the bot, and a DM, carry their content without it.
 */
export const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages] as const;

/** Answers slower than this are deferred first; Discord's window for the first response is 3 s. */
export const DEFAULT_DEFER_AFTER_MS = 2000;
/** Timeout of one REST request. */
export const DEFAULT_REST_TIMEOUT_MS = 10_000;

/**
 * Gateway close codes after which discord.js will not reconnect: the token,
 * shard, API version or intents are wrong, and only an operator can fix them.
 */
export const FATAL_CLOSE_CODES: Readonly<Record<number, string>> = Object.freeze({
  4004: 'Discord refused the bot token (close code 4004, authentication failed); check DISCORD_TOKEN, then restart',
  4010: 'Discord rejected the shard (close code 4010, invalid shard)',
  4011: 'Discord requires sharding for this bot (close code 4011)',
  4012: 'Discord rejected the gateway API version (close code 4012)',
  4013: 'Discord rejected the gateway intents (close code 4013, invalid intents)',
  4014: 'Discord refused a privileged intent this bot is not approved for (close code 4014, disallowed intents)',
});

/** How long `startDiscord` waits for the gateway's READY and the guilds. */
export const DEFAULT_READY_TIMEOUT_MS = 60_000;

export interface CreateDiscordClientOptions {
  readonly hallway: HallwayPort;
  readonly logger: Logger;
  readonly config: DiscordConfig;
  readonly tips?: TipsService | undefined;
  /** Question observers, vote recording and /insights (see HandlerDeps). */
  readonly observers?: Deps['observers'];
  readonly feedback?: Deps['feedback'];
  readonly insights?: Deps['insights'];
  /** Defaults to {@link DEFAULT_DEFER_AFTER_MS}; tests lower it. */
  readonly deferAfterMs?: number;
}

/** The discord.js options: intents, partials, no mentions, the REST base. */
export function clientOptions(config: DiscordConfig): ClientOptions {
  return {
    intents: [...INTENTS],
    // DM channels are not cached before their first message; without this their messages are dropped.
    partials: [Partials.Channel],
    allowedMentions: noMentions(),
    failIfNotExists: false,
    // Every REST call gets a timeout, so a request that never answers cannot hold an answer or the shutdown.
    rest: { ...restOptions(config), timeout: DEFAULT_REST_TIMEOUT_MS },
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 20 }),
  };
}

/**
 * Builds the client and wires every listener, without logging in (tests call
 * this, then `client.login(token)` against a local fake).
 */
export function createDiscordClient(options: CreateDiscordClientOptions): Client {
  return createTrackedClient(options).client;
}

/** The client, and a way to stop taking events and wait for the answers in flight. */
interface TrackedClient {
  readonly client: Client;
  /** Ignores new events from now on; resolves when answers in flight are done, or after `graceMs`. */
  drain(graceMs: number): Promise<void>;
}

function createTrackedClient(options: CreateDiscordClientOptions): TrackedClient {
  const { config } = options;
  const logger = options.logger.child({ adapter: 'discord' });
  const secrets = [config.token];
  const hide = (text: string) => redactSecrets(text, secrets);

  const client = new Client(clientOptions(config));
  const deps: HandlerDeps = {
    hallway: options.hallway,
    logger,
    tips: options.tips,
    deferAfterMs: options.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS,
    secrets,
    observers: options.observers,
    feedback: options.feedback,
    insights: options.insights,
  };

  // Without an 'error' listener an EventEmitter error would end the process.
  client.on(Events.Error, (err) => logger.error({ error: describeError(err, secrets) }, 'discord client error'));
  client.on(Events.ShardError, (err, shardId) =>
    logger.error({ shardId, error: describeError(err, secrets) }, 'discord gateway connection error'),
  );
  client.on(Events.Warn, (message) => logger.warn(hide(message)));
  client.on(Events.Debug, (message) => {
    // discord.js prints a half-censored token here; we print none of it.
    if (message.startsWith('Provided token')) return;
    logger.trace(hide(message));
  });
  // REST handler ids contain interaction tokens ("<app id>/<token>"); redactSecrets removes them.
  client.rest.on(RESTEvents.Debug, (message) => logger.trace(hide(message)));
  client.rest.on(RESTEvents.RateLimited, (info) =>
    logger.warn({ route: hide(info.route), retryAfter: info.retryAfter, global: info.global }, 'rate limited'),
  );
  client.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ shardId, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardReconnecting, (shardId) => logger.info({ shardId }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway resumed'));
  client.once(Events.ClientReady, (ready) => {
    const applicationId = ready.application.id;
    logger.info({ user: ready.user.tag, userId: ready.user.id, applicationId }, 'connected to Discord');
    if (config.applicationId && config.applicationId !== applicationId) {
      logger.warn(
        { configured: config.applicationId, actual: applicationId },
        'DISCORD_APPLICATION_ID differs from the application of this bot token; commands may be registered elsewhere',
      );
    }
  });

  // Answers in flight, so that shutdown can let them finish.
  const inFlight = new Set<Promise<void>>();
  let draining = false;
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  client.on(Events.InteractionCreate, (interaction) => {
    if (!draining) track(handleInteraction(interaction, deps));
  });
  client.on(Events.MessageCreate, (message) => {
    if (!draining) track(handleMessage(message, deps));
  });

  return {
    client,
    async drain(graceMs) {
      draining = true;
      if (inFlight.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}

export interface DiscordDeps {
  readonly hallway: HallwayPort;
  readonly logger: Logger;
  readonly env: NodeJS.ProcessEnv;
  /** The daily-tips service; `/tip` falls back to the core without it. */
  readonly tips?: TipsService;
  readonly observers?: Deps['observers'];
  readonly feedback?: Deps['feedback'];
  readonly insights?: Deps['insights'];
  readonly deferAfterMs?: number;
  readonly readyTimeoutMs?: number;
  /** The configuration, when the composition root has parsed it already; else read from `env`. */
  readonly config?: DiscordConfig;
  /** Told when the gateway connection comes up, drops and is re-established. */
  readonly status?: PlatformStatus;
  /** Called when the gateway connection is lost for good (close codes 4004, 4010–4014). */
  readonly onFatal?: (reason: string) => void;
}

export interface DiscordHandle {
  readonly client: Client;
  /** Takes no new events, lets answers in flight finish within `graceMs` (default 3 s), disconnects; safe to call more than once. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Reads the environment, logs in and resolves once the bot is ready. The
 * composition root calls it when DISCORD_TOKEN is set. Throws a
 * "hallway/discord: …" error when the settings are wrong or the login fails.
 */
export async function startDiscord(deps: DiscordDeps): Promise<DiscordHandle> {
  const config = deps.config ?? loadDiscordConfig(deps.env);
  const { client, drain } = createTrackedClient({
    hallway: deps.hallway,
    logger: deps.logger,
    config,
    tips: deps.tips,
    observers: deps.observers,
    feedback: deps.feedback,
    insights: deps.insights,
    deferAfterMs: deps.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS,
  });
  const timeoutMs = deps.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;

  let timer: NodeJS.Timeout | undefined;
  let started = false;
  let fatalAtStart: ((err: Error) => void) | undefined;
  client.on(Events.ShardDisconnect, (event) => {
    deps.status?.connected(false);
    const reason = FATAL_CLOSE_CODES[event.code];
    if (!reason) return;
    if (!started) fatalAtStart?.(new Error(reason));
    else deps.onFatal?.(reason);
  });
  client.on(Events.ShardReady, () => deps.status?.connected(true));
  client.on(Events.ShardResume, () => deps.status?.connected(true));
  client.on(Events.ShardReconnecting, () => {
    deps.status?.connected(false);
    deps.status?.reconnecting();
  });
  const ready = new Promise<void>((resolve, reject) => {
    fatalAtStart = reject;
    client.once(Events.ClientReady, () => resolve());
  });
  const connecting = client.login(config.token).then(() => ready);
  connecting.catch(() => undefined); // settled below; this only keeps a late failure from going unhandled
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not ready after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([connecting, timeout]);
  } catch (err) {
    await client.destroy().catch(() => undefined);
    const raw = redactSecrets(err instanceof Error ? err.message : String(err), [config.token]);
    // discord.js rejects the login with its own "Authentication failed" before it reports close code 4004.
    const message = /authentication failed|invalid token/i.test(raw) ? FATAL_CLOSE_CODES[4004]! : raw;
    throw new Error(`hallway/discord: could not connect to Discord: ${message}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
  started = true;
  deps.status?.connected(true);

  let stopped: Promise<void> | undefined;
  return {
    client,
    stop(graceMs = 3000) {
      deps.status?.connected(false);
      stopped ??= drain(graceMs).then(() => client.destroy()).then(() => {
        deps.logger.child({ adapter: 'discord' }).info('disconnected from Discord');
      });
      return stopped;
    },
  };
}
