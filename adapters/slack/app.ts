/**
 * Builds the Bolt app from the environment: Socket Mode when SLACK_APP_TOKEN
 * is set, HTTP mode (`POST /slack/events`, signed requests only) otherwise.
 */
import { App, HTTPReceiver, SocketModeReceiver, webApi, type Receiver } from '@slack/bolt';
import type { Logger } from '../../src/log.js';
import type { QuestionObserver } from '../../src/observe.js';
import type { PlatformStatus } from '../../src/ops/health.js';
import { createOutbound } from '../../src/ops/outbound.js';
import { send, startHttpServer, type Handler, type HttpLimits, type RunningHttp } from '../http/server.js';
import { configSecrets, parseSlackConfig, type SlackConfig } from './config.js';
import { fatalSlackReason } from './fatal.js';
import { guardSlackEvents, SLACK_BODY_LIMIT } from './http-guard.js';
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
  /** The configuration, when the composition root has parsed it already; else read from `env`. */
  readonly config?: SlackConfig;
  /** Told about every answered question (metrics, logs, insights). */
  readonly observers?: readonly QuestionObserver[];
  /** Vote recording and /insights (see ListenerDeps). */
  readonly feedback?: ListenerDeps['feedback'];
  readonly insights?: ListenerDeps['insights'];
  /** HTTP mode: GET routes served beside POST /slack/events on PORT (/healthz, /readyz, /metrics). */
  readonly routes?: ReadonlyMap<string, Handler>;
  /**
   * HTTP mode: puts the guarded POST /slack/events handler on a server the
   * caller already runs on PORT (the composition root starts it before the
   * knowledge loads, so /readyz answers 503 meanwhile). Without it the
   * adapter starts its own server.
   */
  readonly mount?: (path: string, handler: Handler) => void;
  /** Told when the connection comes up, drops and is re-established. */
  readonly status?: PlatformStatus;
  /** Called when the connection is lost for good (e.g. `invalid_auth` on a Socket Mode reconnect). */
  readonly onFatal?: (reason: string) => void;
}

/** Knobs for tests; production uses the defaults. */
export interface SlackAppOptions {
  /** Socket Mode: how long to wait for a pong, and the base of the reconnect delay (Slack's default 5000 ms). */
  readonly socketPingTimeoutMs?: number;
  /** Timeout of every Web API and response_url request (default 10 s). */
  readonly requestTimeoutMs?: number;
  /** HTTP mode: connection cap and timeouts. */
  readonly httpLimits?: Partial<HttpLimits>;
}

export interface SlackAppHandle {
  readonly app: App;
  readonly config: SlackConfig;
  /** Connects (Socket Mode) or listens (HTTP mode); resolves with the HTTP port in HTTP mode. */
  start(): Promise<{ port?: number }>;
  /**
   * Stops taking new work (disconnects, or closes the server), gives answers in
   * flight up to `graceMs` (default 3 s), then cancels every outbound request.
   * Safe to call more than once.
   */
  stop(graceMs?: number): Promise<void>;
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

/**
 * Socket Mode: reports the connection's state, and turns a reconnect that can
 * never succeed into `onFatal` instead of an unhandled rejection. The client's
 * reconnect loop calls `this.start()` without catching (@slack/socket-mode 2.x);
 * `start` is wrapped on the instance so that failure is seen here.
 */
function watchSocket(socket: SocketModeReceiver, deps: SlackDeps, log: Logger): void {
  const client = socket.client;
  client.on('connected', () => deps.status?.connected(true));
  client.on('disconnected', () => deps.status?.connected(false));
  client.on('reconnecting', () => {
    deps.status?.connected(false);
    deps.status?.reconnecting();
  });
  let first = true;
  const start = client.start.bind(client);
  client.start = async () => {
    try {
      return await start();
    } catch (err) {
      if (first) throw err; // the first connection's failure goes to start() above
      const reason =
        fatalSlackReason(err) ??
        `the Socket Mode connection could not be re-established (${err instanceof Error ? err.message : String(err)}); restart to retry`;
      log.error({ err }, 'Socket Mode reconnect failed for good');
      deps.onFatal?.(reason);
      return undefined as never;
    } finally {
      first = false;
    }
  };
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
  const config = deps.config ?? parseSlackConfig(deps.env);
  const log = deps.logger.child({ component: 'slack' });
  const boltLogger = new PinoBoltLogger(deps.logger, configSecrets(config));
  const logLevel = boltLogger.getLevel();
  // Every Web API call, response_url post and apps.connections.open goes through this fetch:
  // each with a timeout, all cancelled at shutdown.
  const outbound = createOutbound({ timeoutMs: options.requestTimeoutMs });
  const clientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    fetch: outbound.fetch,
    timeout: options.requestTimeoutMs ?? 10_000,
  };

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
      bodyLimit: SLACK_BODY_LIMIT,
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
  let server: RunningHttp | undefined;

  if (socket) watchSocket(socket, deps, log);

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
        deps.status?.connected(true);
        log.info('connected to Slack (Socket Mode)');
        return {};
      }
      // HTTP mode: our own server, with the guard in front of Bolt's request listener
      // (Bolt's app.start() would listen without either).
      const receiverListener = http!.requestListener as Handler;
      const guarded = guardSlackEvents(receiverListener, { logger: log });
      if (deps.mount) {
        deps.mount('/slack/events', guarded);
        started = true;
        deps.status?.connected(true);
        log.info({ port: config.port }, 'answering Slack at POST /slack/events');
        return {};
      }
      const get = new Map<string, Handler>(deps.routes ?? []);
      if (!get.has('/healthz')) get.set('/healthz', (_req, res) => send(res, 200, 'text/plain; charset=utf-8', 'ok\n'));
      server = await startHttpServer({
        port: config.port,
        host: config.host,
        get,
        post: new Map([['/slack/events', guarded]]),
        logger: log,
        ...(options.httpLimits ? { limits: options.httpLimits } : {}),
      });
      started = true;
      deps.status?.connected(true);
      log.info({ port: server.port }, 'listening for Slack at POST /slack/events');
      return { port: server.port };
    },
    stop(graceMs = 3000) {
      if (!started) return outbound.close(0);
      stopping ??= (async () => {
        deps.status?.connected(false);
        // Stop taking new work first; answers in flight go on through `outbound`.
        const closing = socket ? withTimeout(socket.client.disconnect(), STOP_TIMEOUT_MS) : (server?.close(graceMs) ?? Promise.resolve());
        await Promise.all([closing, outbound.close(graceMs)]);
        log.info('stopped');
      })();
      return stopping;
    },
  };
}
