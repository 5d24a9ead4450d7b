/**
 * A gate in front of Bolt's HTTPReceiver for POST /slack/events. Bolt reads up
 * to 4 MB of any body before it checks the signature, and a validly signed body
 * that is not an object (`null`, `payload=null`) throws inside it where nothing
 * awaits it. Here, before Bolt sees anything:
 * - no signature headers, or a timestamp more than 5 minutes off: 401, body unread;
 * - a declared Content-Length over the limit: 413, body unread;
 * - a body that grows past the limit while read: 413, connection dropped;
 * - a body that is not a JSON object (or a form whose `payload` is not one): 400.
 * The body read here is handed to Bolt as `rawBody`, which it then verifies.
 */
import { parse as parseQuery } from 'node:querystring';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../src/log.js';
import { refuse, type Handler } from '../http/server.js';

/** Slack's own payloads are far smaller; block_actions with big views stay under 100 KB. */
export const SLACK_BODY_LIMIT = 256 * 1024;
/** Slack's signatures are valid for five minutes. */
const MAX_CLOCK_SKEW_S = 300;

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' && v.length > 0 && v.length < 200 ? v : undefined;
}

/** Whether a body, as Bolt will parse it, is an object Bolt can safely read fields of. */
export function isObjectBody(raw: string, contentType: string | undefined): boolean {
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  try {
    if (contentType === 'application/x-www-form-urlencoded') {
      const form = parseQuery(raw);
      if (form['payload'] === undefined) return true;
      return typeof form['payload'] === 'string' && isObject(JSON.parse(form['payload']));
    }
    return isObject(JSON.parse(raw));
  } catch {
    return false;
  }
}

/** Slack's SSL check (`ssl_check=1`) comes unsigned, as a tiny form. */
const SSL_CHECK_LIMIT = 1024;

function isSmallForm(req: IncomingMessage): boolean {
  const length = Number(req.headers['content-length'] ?? NaN);
  return req.headers['content-type'] === 'application/x-www-form-urlencoded' && Number.isFinite(length) && length <= SSL_CHECK_LIMIT;
}

/** Reads at most 1 KB: 200 for Slack's SSL check, 401 for anything else unsigned. */
function answerSslCheck(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= SSL_CHECK_LIMIT) chunks.push(chunk);
  });
  req.on('error', () => undefined);
  req.on('end', () => {
    const form = parseQuery(Buffer.concat(chunks).toString('utf8'));
    if (size <= SSL_CHECK_LIMIT && form['ssl_check'] === '1') {
      res.writeHead(200, { 'content-length': 0 });
      res.end();
    } else {
      refuse(res, 401, 'unauthorized\n');
    }
  });
}

export function guardSlackEvents(bolt: Handler, options: { logger: Logger; bodyLimit?: number; now?: () => number }): Handler {
  const limit = options.bodyLimit ?? SLACK_BODY_LIMIT;
  const now = options.now ?? Date.now;
  const log = options.logger;
  return (req: IncomingMessage, res: ServerResponse) => {
    const signature = header(req, 'x-slack-signature');
    const timestamp = Number(header(req, 'x-slack-request-timestamp'));
    if (!signature || !Number.isFinite(timestamp) || Math.abs(now() / 1000 - timestamp) > MAX_CLOCK_SKEW_S) {
      if (!signature && isSmallForm(req)) {
        answerSslCheck(req, res);
        return;
      }
      log.debug('refused an unsigned or stale request before reading it');
      refuse(res, 401, 'unauthorized\n');
      return;
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      log.warn({ declared, limit }, 'refused a request body over the limit before reading it');
      refuse(res, 413, 'payload too large\n');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        log.warn({ limit }, 'refused a request body that grew over the limit');
        refuse(res, 413, 'payload too large\n');
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      done = true;
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      const raw = Buffer.concat(chunks);
      if (!isObjectBody(raw.toString('utf8'), req.headers['content-type'])) {
        log.warn('refused a request whose body is not an object');
        refuse(res, 400, 'bad request\n');
        return;
      }
      // Bolt reads a body already buffered from `rawBody` (as on serverless platforms) and verifies its signature.
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
      bolt(req, res);
    });
  };
}
