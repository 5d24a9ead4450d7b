/**
 * A local fake of Discord for tests, loopback only: the REST API (node:http)
 * and the gateway (ws), on one port. It answers what discord.js asks for and
 * records every REST request, so tests drive the real discord.js client and
 * assert on what it sent.
 *
 * REST: discord.js requests `${api}/v10${route}`; with DISCORD_API_URL =
 * `http://127.0.0.1:PORT/api` that is `/api/v10/gateway/bot` first, whose `url`
 * points the gateway at `ws://127.0.0.1:PORT/gateway` (discord.js appends
 * `?v=10&encoding=json`, and `&compress=zlib-stream` only when zlib-sync is
 * installed, which it is not here; the fake refuses compression loudly).
 *
 * Messages: POST /channels/:id/messages creates a message (kept in
 * `messages`); with `enforce_nonce`, a second send with the same nonce to the
 * same channel answers with the message already created, as Discord does.
 *
 * Failures are scripted with `failNext` (once, or `times` times; optionally
 * after the message was created, as when a response is lost) and `failAlways`.
 *
 * Gateway: HELLO (op 10) → IDENTIFY (op 2) → READY (op 0) and a GUILD_CREATE
 * per guild; HEARTBEAT (op 1) is acknowledged with op 11; `dispatch()` sends
 * any event.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const BOT_ID = '111111111111111111';
export const APP_ID = '111111111111111111';
export const GUILD_ID = '222222222222222222';
export const CHANNEL_ID = '333333333333333333';
export const USER_ID = '444444444444444444';
export const OTHER_BOT_ID = '555555555555555555';
export const COMMAND_IDS: Record<string, string> = {
  talk: '600000000000000001',
  tool: '600000000000000002',
  ask: '600000000000000003',
  tip: '600000000000000004',
  help: '600000000000000005',
};

/** A token shaped like a real bot token (id.timestamp.hmac), with a recognisable secret part. */
export const BOT_TOKEN = `${Buffer.from(BOT_ID).toString('base64').replace(/=+$/, '')}.GhJkLm.SeCrEtPaRtOfTheBotToken_0123456789abcd`;
export const TOKEN_SECRET_PART = 'SeCrEtPaRtOfTheBotToken_0123456789abcd';

export interface RecordedRequest {
  readonly method: string;
  /** The path after the API base and version, e.g. "/interactions/1/tok/callback". */
  readonly route: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: any;
  /** The status the fake answered with (set once the response is sent). */
  status?: number;
}

/** A message the fake created. */
export interface CreatedMessage {
  readonly id: string;
  readonly channelId: string;
  readonly content: string;
  readonly nonce: string | number | undefined;
  readonly body: any;
}

export interface FailureOptions {
  /** How many matching requests fail; default 1, `Infinity` for all. */
  readonly times?: number;
  /**
   * For POST /channels/:id/messages: create the message first (or find it by
   * its enforced nonce) and then answer with the failure, as when Discord
   * accepted the message but the response was lost.
   */
  readonly afterCreate?: boolean;
}

/** Discord's error bodies for a channel the bot cannot post to. */
export const DISCORD_ERRORS = {
  /** 404: the channel was deleted, or the id is wrong. */
  unknownChannel: { status: 404, body: { message: 'Unknown Channel', code: 10003 } },
  /** 403: the bot cannot see the channel. */
  missingAccess: { status: 403, body: { message: 'Missing Access', code: 50001 } },
  /** 403: the bot may see it but not send there. */
  missingPermissions: { status: 403, body: { message: 'Missing Permissions', code: 50013 } },
} as const;

export interface FakeDiscordOptions {
  /** Guilds the bot is in, each with one text channel. Default: one. */
  readonly guilds?: readonly { id: string; channelId: string }[];
}

const BOT_USER = {
  id: BOT_ID,
  username: 'Hallway',
  discriminator: '0',
  global_name: 'Hallway',
  avatar: null,
  bot: true,
  flags: 0,
};

let snowflakeCounter = 0n;
/** A fresh, increasing snowflake (ids must be 17–19 digits for discord.js's route handling). */
export function snowflake(): string {
  snowflakeCounter += 1n;
  return (900000000000000000n + snowflakeCounter).toString();
}

export class FakeDiscord extends EventEmitter {
  readonly requests: RecordedRequest[] = [];
  readonly identifies: any[] = [];
  /** The URL (path and query) of every gateway connection. */
  readonly gatewayConnections: string[] = [];
  /** Registered commands per PUT route, as the fake stores them. */
  readonly commands = new Map<string, any[]>();
  private readonly sockets = new Set<WebSocket>();
  private readonly httpSockets = new Set<Socket>();
  /** Every message created with POST /channels/:id/messages, in order. */
  readonly messages: CreatedMessage[] = [];
  private readonly failures: {
    match: (r: RecordedRequest) => boolean;
    status: number;
    body: unknown;
    headers: Record<string, string>;
    left: number;
    afterCreate: boolean;
  }[] = [];
  private readonly guilds: readonly { id: string; channelId: string }[];
  private seq = 0;

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    readonly port: number,
    options: FakeDiscordOptions,
  ) {
    super();
    this.guilds = options.guilds ?? [{ id: GUILD_ID, channelId: CHANNEL_ID }];
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    const wss = new WebSocketServer({ noServer: true });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const fake = new FakeDiscord(server, wss, port, options);
    server.on('connection', (socket) => {
      fake.httpSockets.add(socket);
      socket.on('close', () => fake.httpSockets.delete(socket));
    });
    server.on('request', (req, res) => void fake.onRequest(req, res));
    server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/gateway')) {
        socket.destroy();
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => fake.onGateway(ws, req.url ?? ''));
    });
    return fake;
  }

  /** The value for DISCORD_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  /** Makes the next request matching `match` (or the next `times`) fail with a Discord error body. */
  failNext(
    match: (r: RecordedRequest) => boolean,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
    options: FailureOptions = {},
  ): void {
    this.failures.push({ match, status, body, headers, left: options.times ?? 1, afterCreate: options.afterCreate ?? false });
  }

  /** Makes every request matching `match` fail, from now on. */
  failAlways(match: (r: RecordedRequest) => boolean, status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.failNext(match, status, body, headers, { times: Number.POSITIVE_INFINITY });
  }

  /** The POSTs to a channel's messages route, in order (whatever the answer was). */
  postsTo(channelId: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.route === `/channels/${channelId}/messages`);
  }

  /** The messages created in a channel. */
  messagesIn(channelId: string): CreatedMessage[] {
    return this.messages.filter((m) => m.channelId === channelId);
  }

  /** Closes every gateway connection with `code` (e.g. 4004, authentication failed). */
  closeGateway(code: number, reason = 'closed by the fake'): void {
    for (const ws of this.sockets) ws.close(code, reason);
  }

  /** When set, the gateway answers IDENTIFY by closing with this code instead of READY. */
  identifyCloseCode: number | undefined;

  /** Sends a dispatch event to every connected client. */
  dispatch(t: string, d: unknown): void {
    for (const ws of this.sockets) this.send(ws, { op: 0, t, s: ++this.seq, d });
  }

  /** Resolves with the first recorded request (past or future) matching `match`. */
  waitForRequest(match: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    const found = this.requests.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onRequest = (r: RecordedRequest) => {
        if (!match(r)) return;
        clearTimeout(timer);
        this.off('request', onRequest);
        resolve(r);
      };
      const timer = setTimeout(() => {
        this.off('request', onRequest);
        reject(new Error(`fake Discord: no matching request within ${timeoutMs} ms; got ${this.describeRequests()}`));
      }, timeoutMs);
      this.on('request', onRequest);
    });
  }

  describeRequests(): string {
    return this.requests.map((r) => `${r.method} ${r.route}`).join(', ') || 'none';
  }

  /** Requests to a route (pattern on the route after /api/v10). */
  requestsTo(method: string, route: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && route.test(r.route));
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    for (const s of this.httpSockets) s.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // -------------------------------------------------------------------------
  // Gateway

  private send(ws: WebSocket, payload: unknown): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(payload));
  }

  private onGateway(ws: WebSocket, url: string): void {
    this.gatewayConnections.push(url);
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    const query = new URLSearchParams(url.split('?')[1] ?? '');
    if (query.get('compress') || query.get('encoding') !== 'json') {
      // This fake speaks plain JSON only.
      ws.close(4000, 'fake Discord: only encoding=json without compression is supported');
      return;
    }
    ws.on('message', (data) => {
      let payload: any;
      try {
        payload = JSON.parse(String(data));
      } catch {
        ws.close(4002, 'decode error');
        return;
      }
      if (payload.op === 1) this.send(ws, { op: 11, d: null });
      else if (payload.op === 2) this.onIdentify(ws, payload.d);
      else if (payload.op === 6) this.send(ws, { op: 0, t: 'RESUMED', s: ++this.seq, d: {} });
    });
    this.send(ws, { op: 10, d: { heartbeat_interval: 41_250 } });
  }

  private onIdentify(ws: WebSocket, d: any): void {
    this.identifies.push(d);
    this.emit('identify', d);
    if (this.identifyCloseCode !== undefined) {
      ws.close(this.identifyCloseCode, 'closed by the fake');
      return;
    }
    this.send(ws, {
      op: 0,
      t: 'READY',
      s: ++this.seq,
      d: {
        v: 10,
        user: BOT_USER,
        guilds: this.guilds.map((g) => ({ id: g.id, unavailable: true })),
        session_id: 'fake-session',
        resume_gateway_url: this.gatewayUrl,
        shard: [0, 1],
        application: { id: APP_ID, flags: 0 },
      },
    });
    for (const g of this.guilds) this.send(ws, { op: 0, t: 'GUILD_CREATE', s: ++this.seq, d: guildPayload(g.id, g.channelId) });
  }

  // -------------------------------------------------------------------------
  // REST

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    const route = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    let body: any = raw;
    if ((req.headers['content-type'] ?? '').includes('application/json') && raw) body = JSON.parse(raw);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      route,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    this.requests.push(recorded);
    res.on('finish', () => {
      recorded.status = res.statusCode;
    });
    this.emit('request', recorded);

    const channelPost = recorded.method === 'POST' ? /^\/channels\/(\d+)\/messages$/.exec(route) : null;
    const failure = this.failures.find((f) => f.left > 0 && f.match(recorded));
    if (failure) {
      failure.left -= 1;
      if (failure.afterCreate && channelPost) this.createMessage(channelPost[1]!, body);
      return json(res, failure.status, failure.body, failure.headers);
    }
    const m = recorded.method;
    if (!url.pathname.startsWith('/api/v10/')) return json(res, 404, { message: '404: Not Found', code: 0 });
    if (m === 'GET' && route === '/gateway/bot') {
      return json(res, 200, {
        url: this.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (m === 'GET' && route === '/gateway') return json(res, 200, { url: this.gatewayUrl });
    if (m === 'GET' && route === '/users/@me') return json(res, 200, BOT_USER);
    if (m === 'GET' && route === '/applications/@me') return json(res, 200, { id: APP_ID, flags: 0, name: 'Hallway' });
    if (m === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(route)) {
      if (url.searchParams.get('with_response') === 'true') return json(res, 200, { interaction: { id: route.split('/')[2], type: 2 } });
      res.writeHead(204).end();
      return;
    }
    if (channelPost) return json(res, 200, this.createMessage(channelPost[1]!, body), MESSAGE_RATE_LIMIT_HEADERS);
    const match = /^\/webhooks\/(\d+)\/[^/]+\/messages\/(@original|\d+)$/.exec(route);
    if (m === 'PATCH' && match) return json(res, 200, messagePayload(CHANNEL_ID, body));
    if (m === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(route)) return json(res, 200, messagePayload(CHANNEL_ID, body));
    if (m === 'PUT' && /^\/applications\/\d+(?:\/guilds\/\d+)?\/commands$/.test(route)) {
      if (!Array.isArray(body)) return json(res, 400, { message: 'Invalid Form Body', code: 50035 });
      const stored = body.map((c: any) => ({ id: COMMAND_IDS[c.name] ?? snowflake(), application_id: APP_ID, version: '1', ...c }));
      this.commands.set(route, stored);
      return json(res, 200, stored);
    }
    return json(res, 404, { message: '404: Not Found', code: 0 });
  }

  /** Creates a message, or with `enforce_nonce` returns the one created with that nonce in that channel. */
  private createMessage(channelId: string, body: any): Record<string, unknown> {
    const nonce = body?.nonce as string | number | undefined;
    if (body?.enforce_nonce === true && nonce !== undefined) {
      const existing = this.messages.find((msg) => msg.channelId === channelId && msg.nonce === nonce);
      if (existing) return messagePayload(channelId, existing.body, existing.id);
    }
    const payload = messagePayload(channelId, body);
    this.messages.push({ id: payload.id as string, channelId, content: body?.content ?? '', nonce, body });
    return payload;
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

/** The rate-limit headers Discord sends with a created message (its bucket, not exhausted); RATE_LIMITED uses the same bucket. */
export const MESSAGE_RATE_LIMIT_HEADERS: Record<string, string> = {
  'x-ratelimit-bucket': 'fakebucket',
  'x-ratelimit-limit': '5',
  'x-ratelimit-remaining': '4',
  'x-ratelimit-reset-after': '5',
};

/** A 429 as Discord sends it for a per-route limit, to be retried after `seconds`. */
export const RATE_LIMITED = (seconds: number) => ({
  body: { message: 'You are being rate limited.', retry_after: seconds, global: false },
  headers: {
    'retry-after': String(seconds),
    'x-ratelimit-scope': 'user',
    'x-ratelimit-bucket': 'fakebucket',
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset-after': String(seconds),
  },
});

function messagePayload(channelId: string, body: any, id = snowflake()): Record<string, unknown> {
  return {
    id,
    channel_id: channelId,
    author: BOT_USER,
    content: body?.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: body?.embeds ?? [],
    components: body?.components ?? [],
    pinned: false,
    type: body?.message_reference ? 19 : 0,
    flags: body?.flags ?? 0,
    ...(body?.nonce !== undefined ? { nonce: body.nonce } : {}),
    ...(body?.message_reference ? { message_reference: body.message_reference } : {}),
  };
}

export function guildPayload(guildId: string, channelId: string): Record<string, unknown> {
  return {
    id: guildId,
    name: 'DevOpsCon Hallway',
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: USER_ID,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      {
        id: guildId,
        name: '@everyone',
        color: 0,
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: 0,
        permissions: '1071698660929',
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: '2023-06-12T09:00:00.000000+00:00',
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [
      { user: BOT_USER, roles: [], joined_at: '2023-06-12T09:00:00.000000+00:00', deaf: false, mute: false, flags: 0 },
    ],
    channels: [
      {
        id: channelId,
        type: 0,
        guild_id: guildId,
        name: 'hallway',
        position: 0,
        permission_overwrites: [],
        nsfw: false,
        parent_id: null,
        topic: null,
        last_message_id: null,
        rate_limit_per_user: 0,
        flags: 0,
      },
    ],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

// ---------------------------------------------------------------------------
// Event payloads as Discord sends them

export const PERMISSIONS_MEMBER = '1071698660929'; // typical @everyone: no Manage Channels
export const PERMISSIONS_MODERATOR = (BigInt(PERMISSIONS_MEMBER) | (1n << 4n)).toString(); // + Manage Channels

const HUMAN = { id: USER_ID, username: 'ada', discriminator: '0', global_name: 'Ada', avatar: null, flags: 0 };

/** A realistic interaction token: long, base64-ish, and recognisable in logs. */
export function interactionToken(tag = 'x'): string {
  return `aW50ZXJhY3Rpb246SECRETINTERACTIONTOKEN${tag}${'Zm9vYmFy'.repeat(12)}`;
}

function interactionBase(type: number, token: string, permissions = PERMISSIONS_MEMBER) {
  return {
    id: snowflake(),
    application_id: APP_ID,
    type,
    token,
    version: 1,
    guild_id: GUILD_ID,
    channel_id: CHANNEL_ID,
    channel: { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'hallway' },
    member: {
      user: HUMAN,
      roles: [],
      permissions,
      joined_at: '2023-06-12T09:00:00.000000+00:00',
      deaf: false,
      mute: false,
      flags: 0,
    },
    app_permissions: '1071698660929',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 0,
    attachment_size_limit: 8_388_608,
  };
}

/** INTERACTION_CREATE for `/name query:value` (type 2, chat input). */
export function slashCommand(name: string, value: string | undefined, token = interactionToken(name), permissions?: string) {
  return {
    ...interactionBase(2, token, permissions),
    data: {
      id: COMMAND_IDS[name] ?? snowflake(),
      name,
      type: 1,
      ...(value === undefined ? {} : { options: [{ name: 'query', type: 3, value }] }),
    },
  };
}

/** INTERACTION_CREATE for autocomplete (type 4) with the `query` option focused. */
export function autocomplete(name: string, value: string, token = interactionToken(`ac-${name}`)) {
  return {
    ...interactionBase(4, token),
    data: { id: COMMAND_IDS[name] ?? snowflake(), name, type: 1, options: [{ name: 'query', type: 3, value, focused: true }] },
  };
}

/** INTERACTION_CREATE for a button click (type 3) on a message of the bot. */
export function buttonClick(customId: string, token = interactionToken('button')) {
  return {
    ...interactionBase(3, token),
    data: { custom_id: customId, component_type: 2 },
    message: messagePayload(CHANNEL_ID, { embeds: [], components: [] }),
  };
}

export interface MessageOptions {
  readonly author?: Record<string, unknown>;
  readonly mentionsBot?: boolean;
  readonly guild?: boolean;
  readonly webhookId?: string;
  readonly type?: number;
}

/** MESSAGE_CREATE as Discord sends it to a bot without the Message Content intent. */
export function messageCreate(content: string, options: MessageOptions = {}) {
  const guild = options.guild ?? true;
  return {
    id: snowflake(),
    channel_id: guild ? CHANNEL_ID : '777777777777777777',
    // Discord sends the channel's type with MESSAGE_CREATE (docs PR #8311); discord.js
    // needs it to build a DM channel it has not cached (with Partials.Channel).
    channel_type: guild ? 0 : 1,
    ...(guild ? { guild_id: GUILD_ID, member: { roles: [], joined_at: '2023-06-12T09:00:00.000000+00:00', deaf: false, mute: false, flags: 0 } } : {}),
    author: options.author ?? HUMAN,
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: options.mentionsBot === false ? [] : [BOT_USER],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    type: options.type ?? 0,
    flags: 0,
    ...(options.webhookId ? { webhook_id: options.webhookId } : {}),
  };
}

export const OTHER_BOT = { id: OTHER_BOT_ID, username: 'otherbot', discriminator: '0', global_name: null, avatar: null, bot: true, flags: 0 };
export { HUMAN };
