/**
 * Builds the Bolt app from the environment: Socket Mode when SLACK_APP_TOKEN
 * is set, HTTP mode (`POST /slack/events`, signed requests only) otherwise.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, webApi, type Receiver } from '@slack/bolt';
import type { Logger } from '../../src/log.js';
import { configSecrets, parseSlackConfig, type SlackConfig } from './config.js';
import { registerListeners, type ListenerDeps, type SlackHallway, type TipsService } from './listeners/index.js';
import { PinoBoltLogger } from './logger.js';
import { RecentKeys } from './recent.js';

export interface SlackDeps {
  readonly hallway: SlackHallway;
  /** The process logger (from `createLogger` in src/log.ts); the adapter logs through children of it. */
  readonly logger: Logger;
  readonly env: NodeJS.ProcessEnv;
  /** The tips service, once there is one; without it `/tip` is answered by the core. */
  readonly tips?: TipsService;
  /** Question observers, vote recording and /insights (see ListenerDeps). */
  readonly observers?: ListenerDeps['observers'];
  readonly feedback?: ListenerDeps['feedback'];
  readonly insights?: ListenerDeps['insights'];
}

/** Knobs for tests; production uses the defaults. */
export interface SlackAppOptions {
  /** Socket Mode: how long to wait for a pong, and the base of the reconnect delay (Slack's default 5000 ms). */
  readonly socketPingTimeoutMs?: number;
}

export interface SlackAppHandle {
  readonly app: App;
  readonly config: SlackConfig;
  /** Connects (Socket Mode) or listens (HTTP mode); resolves with the HTTP port in HTTP mode. */
  start(): Promise<{ port?: number }>;
  /** Disconnects or closes the server; safe to call more than once. */
  stop(): Promise<void>;
}

const PREFIX = 'hallway/slack:';
/** How long `stop()` waits for Socket Mode's close handshake before giving up. */
const STOP_TIMEOUT_MS = 5000;

function withTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}

/** Slack's answers to auth.test that mean the token itself is wrong. */
const BAD_TOKEN_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type']);

/**
 * Checks the bot token with auth.test and learns the bot's ids. A refused token
 * or an unreachable API stops start-up with a clear error. An API that answers
 * but has no auth.test (a proxy or test double that leaves it out: an HTTP
 * error or unknown_method) only gets a warning: the bot still runs, and its own
 * messages are still ignored, since every message with a bot_id is.
 */
async function verifyBotToken(
  config: SlackConfig,
  clientOptions: { slackApiUrl?: string },
  boltLogger: PinoBoltLogger,
  log: Logger,
): Promise<{ botId: string; botUserId: string }> {
  const client = new webApi.WebClient(config.botToken, { ...clientOptions, logger: boltLogger, retryConfig: { retries: 0 } });
  try {
    const result = await client.auth.test();
    return { botId: result.bot_id ?? UNKNOWN_BOT_ID, botUserId: result.user_id ?? UNKNOWN_BOT_USER_ID };
  } catch (err) {
    const e = err as { code?: string; data?: { error?: string }; statusCode?: number; message?: string };
    const error = e.data?.error;
    const answeredWithoutAuthTest =
      e.code === webApi.ErrorCode.HTTPError || (e.code === webApi.ErrorCode.PlatformError && error === 'unknown_method');
    if (answeredWithoutAuthTest) {
      log.warn({ status: e.statusCode, error }, 'auth.test is not available at the Slack API URL; the bot token is unverified');
      return { botId: UNKNOWN_BOT_ID, botUserId: UNKNOWN_BOT_USER_ID };
    }
    const detail = error && BAD_TOKEN_ERRORS.has(error) ? error : (error ?? e.message ?? String(err));
    throw new Error(`${PREFIX} SLACK_BOT_TOKEN was not accepted by auth.test (${detail})`);
  }
}

/** Stand-ins when auth.test could not tell the bot's ids; they match no real user. */
const UNKNOWN_BOT_ID = 'B0UNVERIFIED';
const UNKNOWN_BOT_USER_ID = 'U0UNVERIFIED';

/**
 * Builds the Bolt app, checks the bot token with `auth.test` (so a wrong token
 * fails here, with a clear message, not at the first command) and registers
 * every listener. Nothing listens or connects until `start()`.
 */
export async function createSlackApp(deps: SlackDeps, options: SlackAppOptions = {}): Promise<SlackAppHandle> {
  const config = parseSlackConfig(deps.env);
  const log = deps.logger.child({ component: 'slack' });
  const boltLogger = new PinoBoltLogger(deps.logger, configSecrets(config));
  const logLevel = boltLogger.getLevel();
  const clientOptions = config.apiUrl ? { slackApiUrl: config.apiUrl } : {};

  let receiver: Receiver;
  let socket: SocketModeReceiver | undefined;
  let http: HTTPReceiver | undefined;
  if (config.mode === 'socket' && config.appToken) {
    socket = new SocketModeReceiver({
      appToken: config.appToken,
      logger: boltLogger,
      logLevel,
      // apps.connections.open goes through the same Web API base URL.
      installerOptions: { clientOptions: { ...clientOptions } },
      ...(options.socketPingTimeoutMs ? { clientPingTimeout: options.socketPingTimeoutMs } : {}),
    });
    receiver = socket;
  } else {
    http = new HTTPReceiver({
      signingSecret: config.signingSecret ?? '',
      signatureVerification: true,
      endpoints: ['/slack/events'],
      port: config.port,
      logger: boltLogger,
      logLevel,
      processBeforeResponse: false,
      customRoutes: [
        {
          path: '/healthz',
          method: ['GET'],
          handler: (_req, res) => {
            res.writeHead(200, { 'content-type': 'text/plain' });
            res.end('ok');
          },
        },
      ],
    });
    receiver = http;
  }

  const identity = await verifyBotToken(config, clientOptions, boltLogger, log);
  const app = new App({
    receiver,
    socketMode: config.mode === 'socket',
    token: config.botToken,
    // Verified above; Bolt need not call auth.test again.
    tokenVerificationEnabled: false,
    ...identity,
    logger: boltLogger,
    logLevel,
    clientOptions,
    convoStore: false,
    ignoreSelf: true,
    deferInitialization: true,
  });
  await app.init();

  registerListeners(app, {
    hallway: deps.hallway,
    config,
    logger: log,
    seen: new RecentKeys(),
    ...(deps.tips ? { tips: deps.tips } : {}),
    ...(deps.observers ? { observers: deps.observers } : {}),
    ...(deps.feedback ? { feedback: deps.feedback } : {}),
    ...(deps.insights ? { insights: deps.insights } : {}),
  });

  let started = false;
  let stopping: Promise<void> | undefined;

  return {
    app,
    config,
    async start() {
      if (config.mode === 'socket') {
        try {
          await app.start();
        } catch (err) {
          const detail = err instanceof Error ? err.message : String(err);
          throw new Error(
            `${PREFIX} could not connect in Socket Mode (${detail}); check SLACK_APP_TOKEN (scope connections:write) and that Socket Mode is on for the app`,
          );
        }
        started = true;
        log.info('connected to Slack (Socket Mode)');
        return {};
      }
      const listen = config.host ? { port: config.port, host: config.host } : config.port;
      const server = (await app.start(listen as number)) as Server;
      started = true;
      const port = (server.address() as AddressInfo).port;
      log.info({ port }, 'listening for Slack at POST /slack/events');
      return { port };
    },
    stop() {
      if (!started) return Promise.resolve();
      stopping ??= (async () => {
        if (socket) await withTimeout(socket.client.disconnect(), STOP_TIMEOUT_MS);
        else await app.stop().catch(() => undefined);
        log.info('stopped');
      })();
      return stopping;
    },
  };
}
