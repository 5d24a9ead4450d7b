/**
 * The process's HTTP server: /healthz, /readyz and /metrics, and in Slack HTTP
 * mode also POST /slack/events (guarded, see adapters/slack/http-guard.ts).
 * Hardened for the open internet: a connection cap, header and request
 * timeouts, short keep-alive, and nothing read from a request it will refuse.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../src/log.js';
import type { Readiness } from '../../src/ops/health.js';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HttpLimits {
  /** Open connections at most; more are refused at once. */
  readonly maxConnections: number;
  /** A request's headers must arrive within this. */
  readonly headersTimeoutMs: number;
  /** A whole request (headers and body) must arrive within this. */
  readonly requestTimeoutMs: number;
  /** Idle keep-alive connections are closed after this. */
  readonly keepAliveTimeoutMs: number;
}

export const DEFAULT_HTTP_LIMITS: Readonly<HttpLimits> = Object.freeze({
  maxConnections: 256,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
});

export interface OpsEndpoints {
  readonly readiness: Readiness;
  /** The Prometheus text of /metrics; undefined leaves /metrics out. */
  readonly metrics?: () => Promise<string>;
}

/** The routes of /healthz, /readyz and /metrics. */
export function opsRoutes(ops: OpsEndpoints): Map<string, Handler> {
  const routes = new Map<string, Handler>();
  routes.set('/healthz', (_req, res) => send(res, 200, 'text/plain; charset=utf-8', 'ok\n'));
  routes.set('/readyz', (_req, res) => {
    const report = ops.readiness.report();
    send(res, report.ready ? 200 : 503, 'application/json', `${JSON.stringify(report)}\n`);
  });
  const metrics = ops.metrics;
  if (metrics) {
    routes.set('/metrics', (_req, res) => {
      metrics().then(
        (text) => send(res, 200, 'text/plain; version=0.0.4; charset=utf-8', text),
        () => send(res, 500, 'text/plain; charset=utf-8', 'metrics unavailable\n'),
      );
    });
  }
  return routes;
}

export function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}

/** Answers without reading the body, and closes the connection so no more of it is read. */
export function refuse(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return;
  res.shouldKeepAlive = false;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), connection: 'close' });
  res.end(text);
}

export interface RunningHttp {
  readonly server: Server;
  readonly port: number;
  /** Stops accepting, ends idle connections, waits up to `graceMs` for requests in flight, then drops the rest. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts the server. `get` routes answer GET/HEAD; `post` routes get the
 * request untouched (they read, or refuse, the body themselves).
 */
export async function startHttpServer(options: {
  readonly port: number;
  readonly host?: string | undefined;
  readonly get?: ReadonlyMap<string, Handler>;
  readonly post?: ReadonlyMap<string, Handler>;
  readonly logger: Logger;
  readonly limits?: Partial<HttpLimits>;
}): Promise<RunningHttp> {
  const limits = { ...DEFAULT_HTTP_LIMITS, ...options.limits };
  const log = options.logger.child({ component: 'http' });
  // Node checks request and header timeouts every `connectionsCheckingInterval` (30 s by default): check every second.
  const server = createServer({ connectionsCheckingInterval: 1000 }, (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    try {
      if (req.method === 'GET' || req.method === 'HEAD') {
        const handler = options.get?.get(path);
        if (handler) return handler(req, res);
      } else if (req.method === 'POST') {
        const handler = options.post?.get(path);
        if (handler) return handler(req, res);
      }
      refuse(res, 404, 'not found\n');
    } catch (err) {
      log.error({ err, path }, 'request handler failed');
      refuse(res, 500, 'internal error\n');
    }
  });
  server.maxConnections = limits.maxConnections;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxHeadersCount = 100;
  server.on('clientError', (err, socket) => {
    // Malformed requests and timeouts: answer if the socket still can, never crash.
    const timedOut = (err as NodeJS.ErrnoException).code === 'ERR_HTTP_REQUEST_TIMEOUT';
    const status = timedOut ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    else socket.destroy();
    log.debug({ code: (err as NodeJS.ErrnoException).code }, 'bad HTTP request');
  });
  server.on('drop', () => log.warn({ maxConnections: limits.maxConnections }, 'connection refused: too many open connections'));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log.error({ err }, 'HTTP server error'));
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    close(graceMs = 3000) {
      closing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, graceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
