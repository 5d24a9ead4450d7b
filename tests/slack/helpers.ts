/**
 * Test helpers for the Slack adapter: a local fake of Slack (Web API methods,
 * response_url endpoints, Socket Mode WebSocket), Slack-style request signing,
 * a log capture, and a Block Kit limit checker. Loopback only.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createLogger, type Logger } from '../../src/log.js';
import type { Hallway } from '../../src/hallway.js';
import type { EntityRef, Reply } from '../../src/reply.js';
import type { SlackHallway } from '../../adapters/slack/index.js';
import * as L from '../../adapters/slack/limits.js';

export const BOT_TOKEN = 'xoxb-1111-2222-TESTBOTTOKENabcdef';
export const APP_TOKEN = 'xapp-1-A111-3333-TESTAPPTOKENabcdef';
export const SIGNING_SECRET = 'fedcba9876543210testsigningsecret0';
export const BOT_USER_ID = 'UBOT0001';
export const BOT_ID = 'BBOT0001';
export const TEAM_ID = 'T0TEST01';

/** Something every response_url of the fake contains, to look for in logs. */
export const RESPONSE_URL_SECRET = 'RESPONSEURLSECRETtoken123';

// ---------------------------------------------------------------------------
// Signing

/** The environment of an HTTP-mode app that talks to `fake`, on a free loopback port. */
export function httpModeEnv(fake: FakeSlack, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    SLACK_HTTP_HOST: '127.0.0.1',
    ...extra,
  };
}

export function signature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export interface PostResult {
  readonly status: number;
  readonly body: string;
  readonly ms: number;
}

/** POSTs to the app like Slack does; signs unless told otherwise. */
export async function postToApp(
  port: number,
  rawBody: string,
  opts: {
    contentType: 'application/x-www-form-urlencoded' | 'application/json';
    secret?: string;
    timestamp?: number;
    sign?: boolean;
    badSignature?: boolean;
    headers?: Record<string, string>;
  },
): Promise<PostResult> {
  const ts = opts.timestamp ?? nowSeconds();
  const headers: Record<string, string> = { 'content-type': opts.contentType, ...opts.headers };
  if (opts.sign !== false) {
    headers['x-slack-request-timestamp'] = String(ts);
    headers['x-slack-signature'] = opts.badSignature
      ? signature('not-the-secret', ts, rawBody)
      : signature(opts.secret ?? SIGNING_SECRET, ts, rawBody);
  }
  const started = Date.now();
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers, body: rawBody });
  const body = await res.text();
  return { status: res.status, body, ms: Date.now() - started };
}

// ---------------------------------------------------------------------------
// Payloads

let counter = 0;
export function nextId(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

export function slashCommandBody(fake: FakeSlack, command: string, text: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    token: 'verification-token-unused',
    team_id: TEAM_ID,
    team_domain: 'hallway-test',
    channel_id: 'C0GENERAL',
    channel_name: 'general',
    user_id: 'U0ALICE',
    user_name: 'alice',
    command,
    text,
    api_app_id: 'A0HALLWAY',
    is_enterprise_install: 'false',
    response_url: fake.responseUrl(),
    trigger_id: nextId('trigger.'),
    ...extra,
  }).toString();
}

export function blockActionPayload(
  fake: FakeSlack,
  action: { action_id: string; value: string; text?: string },
  container: { ephemeral: boolean; channel?: string; messageTs?: string; threadTs?: string },
): Record<string, unknown> {
  const channel = container.channel ?? 'C0GENERAL';
  const messageTs = container.messageTs ?? '1700000000.000200';
  return {
    type: 'block_actions',
    user: { id: 'U0ALICE', username: 'alice', name: 'alice', team_id: TEAM_ID },
    api_app_id: 'A0HALLWAY',
    token: 'verification-token-unused',
    container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: container.ephemeral },
    trigger_id: nextId('trigger.'),
    team: { id: TEAM_ID, domain: 'hallway-test' },
    channel: { id: channel, name: 'general' },
    ...(container.ephemeral
      ? {}
      : { message: { type: 'message', user: BOT_USER_ID, ts: messageTs, text: 'x', ...(container.threadTs ? { thread_ts: container.threadTs } : {}) } }),
    response_url: fake.responseUrl('actions'),
    actions: [
      {
        type: 'button',
        action_id: action.action_id,
        block_id: 'b1',
        text: { type: 'plain_text', text: action.text ?? 'button' },
        value: action.value,
        action_ts: '1700000001.000000',
      },
    ],
  };
}

export function formPayload(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function eventCallback(event: Record<string, unknown>, eventId = nextId('Ev')): Record<string, unknown> {
  return {
    token: 'verification-token-unused',
    team_id: TEAM_ID,
    api_app_id: 'A0HALLWAY',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: nowSeconds(),
    authorizations: [{ enterprise_id: null, team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: 'unused',
  };
}

// ---------------------------------------------------------------------------
// The fake Slack

export interface Recorded {
  /** 'api' for Web API methods, 'response_url' for response URL posts. */
  readonly kind: 'api' | 'response_url';
  readonly path: string;
  /** For the API: the method name; for response URLs: the path. */
  readonly method: string;
  /** Parsed parameters (form or JSON; JSON-valued form fields parsed). */
  readonly body: Record<string, unknown>;
  readonly raw: string;
  readonly authorization?: string;
}

/** A scripted Web API answer: HTTP status, headers and JSON body. */
export interface ScriptedReply {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body: Record<string, unknown>;
}

/** Answers `method` (for requests `when` accepts) with `reply`, `times` times (default: always). */
export interface Script {
  readonly method: string;
  readonly when?: (body: Record<string, unknown>) => boolean;
  times?: number;
  readonly reply: ScriptedReply;
}

/** What users.info says about a user (defaults: a plain member). */
export interface FakeUser {
  readonly is_admin?: boolean;
  readonly is_owner?: boolean;
  readonly is_primary_owner?: boolean;
  readonly deleted?: boolean;
}

export interface WsEnvelopeAck {
  readonly envelope_id: string;
  readonly payload?: Record<string, unknown>;
}

export class FakeSlack {
  readonly recorded: Recorded[] = [];
  readonly acks: WsEnvelopeAck[] = [];
  connectionsOpened = 0;
  wsConnections = 0;
  private server?: Server;
  private wss?: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private responseUrlCount = 0;
  private waiters: (() => void)[] = [];
  private helloOnConnect = true;
  /** Tokens the fake refuses (auth.test and apps.connections.open answer invalid_auth). */
  readonly refusedTokens = new Set<string>();
  /** Scripted answers, tried in order before the defaults (see {@link script}). */
  private scripts: Script[] = [];
  /** Users users.info knows; anyone else is answered `user_not_found`. */
  readonly users = new Map<string, FakeUser>();
  /** Socket Mode sends JSON with escaped slashes, as Slack does. */
  escapeSlashes = true;
  /**
   * Requests recorded but never answered: Web API method names, or 'response_url'
   * for every response URL (a Slack that hangs).
   */
  readonly hanging = new Set<string>();
  port = 0;

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(kind: 'commands' | 'actions' = 'commands'): string {
    this.responseUrlCount += 1;
    return `http://127.0.0.1:${this.port}/${kind}/${TEAM_ID}/${1000 + this.responseUrlCount}/${RESPONSE_URL_SECRET}${this.responseUrlCount}`;
  }

  async start(opts: { socketMode?: boolean } = {}): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    if (opts.socketMode) {
      this.wss = new WebSocketServer({ server: this.server, path: '/link' });
      this.wss.on('connection', (ws) => {
        this.wsConnections += 1;
        this.sockets.add(ws);
        ws.on('close', () => this.sockets.delete(ws));
        ws.on('message', (data) => {
          const msg = JSON.parse(String(data)) as WsEnvelopeAck;
          this.acks.push(msg);
          this.notify();
        });
        if (this.helloOnConnect) {
          ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 18060 }, connection_info: { app_id: 'A0HALLWAY' } }));
        }
        this.notify();
      });
    }
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Sends a message to every open Socket Mode connection. */
  sendWs(message: Record<string, unknown>): void {
    let text = JSON.stringify(message);
    if (this.escapeSlashes) text = text.replace(/\//g, '\\/');
    for (const ws of this.sockets) ws.send(text);
  }

  get openSockets(): number {
    return this.sockets.size;
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  /**
   * Scripts the answer to a Web API method, e.g. a 429 once:
   * `fake.script({ method: 'chat.postMessage', times: 1, reply: { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } } })`,
   * or an error for one channel: `when: (b) => b.channel === 'C1'`.
   */
  script(script: Script): this {
    this.scripts.push({ ...script });
    return this;
  }

  private scripted(method: string, body: Record<string, unknown>): ScriptedReply | undefined {
    const s = this.scripts.find((x) => x.method === method && (x.times ?? 1) > 0 && (!x.when || x.when(body)));
    if (!s) return undefined;
    if (s.times !== undefined) s.times -= 1;
    return s.reply;
  }

  api(method: string): Recorded[] {
    return this.recorded.filter((r) => r.kind === 'api' && r.method === method);
  }

  responses(): Recorded[] {
    return this.recorded.filter((r) => r.kind === 'response_url');
  }

  /** Waits until `predicate` holds (checked on every recorded request), or fails after `timeoutMs`. */
  async waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 4000, what = 'the fake Slack to receive a request'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = parseBody(raw, req.headers['content-type']);
    const authorization = req.headers.authorization;

    if (url.pathname.startsWith('/api/')) {
      const method = url.pathname.slice('/api/'.length);
      this.recorded.push({ kind: 'api', path: url.pathname, method, body, raw, ...(authorization ? { authorization } : {}) });
      if (this.hanging.has(method)) return this.notify();
      const refused = [...this.refusedTokens].some((t) => authorization === `Bearer ${t}`);
      const scripted = refused ? undefined : this.scripted(method, body);
      const reply = refused ? { ok: false, error: 'invalid_auth' } : (scripted?.body ?? this.apiReply(method, body));
      res.writeHead(scripted?.status ?? 200, { 'content-type': 'application/json', ...scripted?.headers });
      res.end(JSON.stringify(reply));
      this.notify();
      return;
    }
    if (/^\/(commands|actions)\//.test(url.pathname)) {
      this.recorded.push({ kind: 'response_url', path: url.pathname, method: url.pathname, body, raw });
      if (this.hanging.has('response_url')) return this.notify();
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      this.notify();
      return;
    }
    res.writeHead(404);
    res.end();
  }

  private apiReply(method: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://hallway-test.slack.com/', team: 'Hallway Test', user: 'hallway', team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: BOT_ID, is_enterprise_install: false };
      case 'apps.connections.open':
        this.connectionsOpened += 1;
        return { ok: true, url: `ws://127.0.0.1:${this.port}/link?ticket=${this.connectionsOpened}` };
      case 'chat.postMessage':
        return { ok: true, channel: body['channel'], ts: `${nowSeconds()}.${String(this.recorded.length).padStart(6, '0')}`, message: {} };
      case 'users.info': {
        const id = String(body['user'] ?? '');
        const user = this.users.get(id);
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: { id, team_id: TEAM_ID, name: id.toLowerCase(), deleted: false, is_admin: false, is_owner: false, is_primary_owner: false, is_bot: false, ...user },
        };
      }
      default:
        return { ok: true };
    }
  }
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if ((k === 'blocks' || k === 'attachments') && v.startsWith('[')) out[k] = JSON.parse(v);
    else out[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Logs

export interface LogCapture {
  readonly logger: Logger;
  readonly lines: string[];
  text(): string;
}

export function captureLogs(level = 'trace'): LogCapture {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (s: string) => void lines.push(s) } });
  return { logger, lines, text: () => lines.join('') };
}

// ---------------------------------------------------------------------------
// The core, counted

export interface CountedHallway extends SlackHallway {
  readonly calls: string[];
}

/** Wraps the real core so a test can tell whether any handler ran. */
export function counted(hallway: Hallway | SlackHallway): CountedHallway {
  const calls: string[] = [];
  return {
    calls,
    ask: (text, names, detail) => (calls.push('ask'), hallway.ask(text, names, detail)),
    command: (name, query, names, detail) => (calls.push(`command:${name}`), hallway.command(name, query, names, detail)),
    open: (ref, detail) => (calls.push('open'), hallway.open(ref, detail)),
    help: (names) => (calls.push('help'), hallway.help(names)),
  };
}

/** A query the wrapped core answers with low confidence, whatever the search tuning of the day. */
export const UNSURE_QUERY = 'heep dumb';

/** Real refs of the knowledge base, offered as "did you mean" for {@link UNSURE_QUERY}. */
export const UNSURE_SUGGESTIONS: readonly EntityRef[] = [
  { kind: 'tool', event: 'devopscon-2023', id: 'heap-dump', label: 'Heap dump' },
  { kind: 'tool', event: 'devopscon-2023', id: 'heaphero', label: 'HeapHero' },
  { kind: 'tool', event: 'devopscon-2023', id: 'eclipse-mat', label: 'Eclipse MAT' },
];

/**
 * The real core, except that {@link UNSURE_QUERY} gets a low-confidence reply
 * with "did you mean" refs (opened by the real core): the adapter's handling
 * of low confidence is tested without depending on how fuzzy search is tuned.
 */
export function unsureAbout(core: SlackHallway): SlackHallway {
  const unsure = (query: string): Reply | undefined =>
    query.includes(UNSURE_QUERY)
      ? {
          status: 'no-answer',
          query: UNSURE_QUERY,
          title: 'No answer found',
          lead: `I found nothing about “${UNSURE_QUERY}” in the conference notes.`,
          fields: [],
          sections: [],
          related: [],
          suggestions: UNSURE_SUGGESTIONS,
          hits: [],
        }
      : undefined;
  return {
    ask: (text, names, detail) => unsure(text) ?? core.ask(text, names, detail),
    command: (name, query, names, detail) => unsure(query) ?? core.command(name, query, names, detail),
    open: (ref, detail) => core.open(ref, detail),
    help: (names) => core.help(names),
  };
}

// ---------------------------------------------------------------------------
// What a message shows

/** Every string under a `text` or `value` key, and the message `text`. */
export function textsOf(message: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key?: string): void => {
    if (typeof v === 'string') {
      if (key === 'text' || key === 'value') out.push(v);
      return;
    }
    if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(message);
  return out;
}

export const DANGEROUS = ['<!channel>', '<!here>', '<@U1>', '<http://evil|x>', '<!subteam^S1>'];

/** Problems with escaping in what the bot sent: raw control tokens, raw "<" or ">", a bare "&". */
export function escapingProblems(message: unknown): string[] {
  const problems: string[] = [];
  for (const t of textsOf(message)) {
    for (const d of DANGEROUS) if (t.includes(d)) problems.push(`raw ${d} in ${JSON.stringify(t.slice(0, 120))}`);
    if (/[<>]/.test(t)) problems.push(`raw < or > in ${JSON.stringify(t.slice(0, 120))}`);
    if (/&(?!amp;|lt;|gt;)/.test(t)) problems.push(`bare & in ${JSON.stringify(t.slice(0, 120))}`);
  }
  return problems;
}

/** Every Block Kit limit the adapter promises, checked on a rendered message. */
export function blockKitProblems(message: { blocks: unknown[]; text: string }): string[] {
  const p: string[] = [];
  const { blocks, text } = message;
  if (!text || text.length === 0) p.push('empty fallback text');
  if (text.length > L.MAX_FALLBACK_TEXT) p.push(`fallback text ${text.length} > ${L.MAX_FALLBACK_TEXT}`);
  if (blocks.length > L.MAX_BLOCKS) p.push(`${blocks.length} blocks > ${L.MAX_BLOCKS}`);
  let total = 0;
  const count = (s: string) => {
    total += s.length;
  };
  for (const [i, raw] of blocks.entries()) {
    const b = raw as Record<string, any>;
    const where = `block ${i} (${b.type})`;
    switch (b.type) {
      case 'header':
        if (b.text.type !== 'plain_text') p.push(`${where}: header not plain_text`);
        if (!b.text.text) p.push(`${where}: empty header`);
        if (b.text.text.length > L.MAX_HEADER_TEXT) p.push(`${where}: header ${b.text.text.length} > ${L.MAX_HEADER_TEXT}`);
        count(b.text.text);
        break;
      case 'section':
        if (!b.text && !b.fields) p.push(`${where}: neither text nor fields`);
        if (b.text) {
          if (!b.text.text) p.push(`${where}: empty text`);
          if (b.text.text.length > L.MAX_SECTION_TEXT) p.push(`${where}: text ${b.text.text.length} > ${L.MAX_SECTION_TEXT}`);
          count(b.text.text);
        }
        if (b.fields) {
          if (b.fields.length > L.MAX_SECTION_FIELDS) p.push(`${where}: ${b.fields.length} fields > ${L.MAX_SECTION_FIELDS}`);
          for (const f of b.fields) {
            if (f.text.length > L.MAX_SECTION_FIELD_TEXT) p.push(`${where}: field ${f.text.length} > ${L.MAX_SECTION_FIELD_TEXT}`);
            count(f.text);
          }
        }
        break;
      case 'context':
        if (b.elements.length > L.MAX_CONTEXT_ELEMENTS) p.push(`${where}: ${b.elements.length} elements > ${L.MAX_CONTEXT_ELEMENTS}`);
        for (const e of b.elements) {
          if (e.text.length > L.MAX_TEXT_OBJECT) p.push(`${where}: element ${e.text.length} > ${L.MAX_TEXT_OBJECT}`);
          count(e.text);
        }
        break;
      case 'actions':
        if (b.elements.length > L.MAX_ACTIONS_ELEMENTS) p.push(`${where}: ${b.elements.length} elements > ${L.MAX_ACTIONS_ELEMENTS}`);
        for (const e of b.elements) {
          if (e.type !== 'button') p.push(`${where}: unexpected element ${e.type}`);
          if (!e.text.text || e.text.text.length > L.MAX_BUTTON_TEXT) p.push(`${where}: button text ${e.text.text.length} not in 1..${L.MAX_BUTTON_TEXT}`);
          if ((e.value ?? '').length > L.MAX_BUTTON_VALUE) p.push(`${where}: button value ${e.value.length} > ${L.MAX_BUTTON_VALUE}`);
          if (e.action_id.length > L.MAX_ACTION_ID) p.push(`${where}: action_id too long`);
          count(e.text.text);
          count(e.value ?? '');
        }
        if (new Set(b.elements.map((e: { action_id: string }) => e.action_id)).size !== b.elements.length) p.push(`${where}: repeated action_id`);
        break;
      default:
        p.push(`${where}: unexpected block type`);
    }
  }
  if (total > L.MAX_TOTAL_BLOCK_TEXT) p.push(`blocks hold ${total} characters > ${L.MAX_TOTAL_BLOCK_TEXT}`);
  return p;
}

/** The header text of a rendered message. */
export function headerOf(message: { blocks?: unknown[] }): string {
  const h = (message.blocks ?? []).find((b) => (b as { type: string }).type === 'header') as { text: { text: string } } | undefined;
  return h?.text.text ?? '';
}

export function allText(message: unknown): string {
  return textsOf(message).join('\n');
}
