/**
 * The operations parts as pure pieces: metrics and the question log observe
 * QuestionEvents, readiness and the endpoints, the crash policy, the outbound
 * fetch's cancellation, the Slack body gate.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import type { QuestionEvent } from '../../src/observe.js';
import { notifyQuestion } from '../../src/observe.js';
import { Readiness } from '../../src/ops/health.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { createOutbound } from '../../src/ops/outbound.js';
import { installCrashPolicy } from '../../src/ops/process.js';
import { questionLogObserver } from '../../src/ops/question-log.js';
import { countTipPosts } from '../../src/ops/tip-metrics.js';
import { TipPostError } from '../../src/tips/schedule.js';
import { opsRoutes, startHttpServer, type RunningHttp } from '../../adapters/http/server.js';
import { guardSlackEvents, isObjectBody } from '../../adapters/slack/http-guard.js';
import { captureLogs } from '../slack/helpers.js';

function event(overrides: Partial<QuestionEvent> = {}): QuestionEvent {
  return {
    at: new Date('2026-12-02T10:00:00Z'),
    platform: 'slack',
    command: 'talk',
    via: 'command',
    query: 'kuma secret question text',
    status: 'answer',
    topHit: { kind: 'talk', id: 't1', title: 'Kuma', score: 1, ref: { kind: 'talk', event: 'e', id: 't1', label: 'Kuma' } } as QuestionEvent['topHit'],
    latencyMs: 42,
    askerId: 'U0ALICE123',
    ...overrides,
  };
}

describe('metrics', () => {
  it('counts questions by platform, command, via, kind and answered, with latency in seconds', async () => {
    const m = createMetrics({ defaultMetrics: false });
    m.observeQuestion(event());
    m.observeQuestion(event());
    m.observeQuestion(event({ platform: 'discord', status: 'no-answer', topHit: undefined, latencyMs: 2000 }));
    const text = await m.text();
    expect(text).toMatch(/^hallway_questions_total\{platform="slack",command="talk",via="command",kind="talk",answered="true"\} 2$/m);
    expect(text).toMatch(/^hallway_questions_total\{platform="discord",command="talk",via="command",kind="none",answered="false"\} 1$/m);
    expect(text).toMatch(/^hallway_answer_latency_seconds_bucket\{le="0\.05",platform="slack",command="talk"\} 2$/m);
    expect(text).toMatch(/^hallway_answer_latency_seconds_bucket\{le="1",platform="discord",command="talk"\} 0$/m);
    expect(text).toMatch(/^hallway_answer_latency_seconds_sum\{platform="discord",command="talk"\} 2$/m);
    expect(text).not.toContain('U0ALICE123');
    expect(text).not.toContain('kuma secret');
  });

  it('counts tips by outcome through the poster wrapper, rethrowing unchanged', async () => {
    const m = createMetrics({ defaultMetrics: false });
    const target = { platform: 'slack', channelId: 'C1' } as Parameters<ReturnType<typeof countTipPosts>>[0];
    const tip = {} as Parameters<ReturnType<typeof countTipPosts>>[1];
    await countTipPosts(async () => ({ messageId: '1' }), m)(target, tip);
    const uncertain = new TipPostError('500 after send', { uncertain: true });
    await expect(countTipPosts(async () => Promise.reject(uncertain), m)(target, tip)).rejects.toBe(uncertain);
    await expect(countTipPosts(async () => Promise.reject(new Error('boom')), m)(target, tip)).rejects.toThrow('boom');
    m.reconnect('discord');
    m.knowledgeReload(false);
    const text = await m.text();
    expect(text).toMatch(/^hallway_tips_total\{platform="slack",outcome="posted"\} 1$/m);
    expect(text).toMatch(/^hallway_tips_total\{platform="slack",outcome="uncertain"\} 1$/m);
    expect(text).toMatch(/^hallway_tips_total\{platform="slack",outcome="failed"\} 1$/m);
    expect(text).toMatch(/^hallway_platform_reconnects_total\{platform="discord"\} 1$/m);
    expect(text).toMatch(/^hallway_knowledge_reloads_total\{result="failed"\} 1$/m);
    expect(text).toMatch(/^hallway_knowledge_reloads_total\{result="ok"\} 0$/m);
  });

  it('has the default process metrics, and each createMetrics its own registry', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.observeQuestion(event());
    expect(await a.text()).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(await b.text()).not.toMatch(/^hallway_questions_total\{/m);
  });
});

describe('question log', () => {
  it('writes one info line per question with an opaque asker hash, never the id or the text', () => {
    const logs = captureLogs('info');
    const observe = questionLogObserver(logs.logger, { salt: 'a-salt-of-sixteen-chars' });
    notifyQuestion([observe], event());
    notifyQuestion([observe], event({ query: 'another question' }));
    expect(logs.lines).toHaveLength(2);
    const line = JSON.parse(logs.lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ platform: 'slack', command: 'talk', via: 'command', kind: 'talk', answered: true, latencyMs: 42 });
    expect(line.asker).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.parse(logs.lines[1]!).asker).toBe(line.asker);
    expect(logs.lines.join('\n')).not.toContain('U0ALICE123');
    expect(logs.lines.join('\n')).not.toMatch(/kuma secret|another question/);
  });

  it('a different salt gives a different hash', () => {
    const a = captureLogs('info');
    const b = captureLogs('info');
    questionLogObserver(a.logger, { salt: 'first-salt-0123456' })(event());
    questionLogObserver(b.logger, { salt: 'other-salt-0123456' })(event());
    expect(JSON.parse(a.lines[0]!).asker).not.toBe(JSON.parse(b.lines[0]!).asker);
  });
});

describe('readiness and the endpoints', () => {
  let http: RunningHttp | undefined;
  afterEach(async () => {
    await http?.close(100);
    http = undefined;
  });

  it('/readyz is 503 until the knowledge is loaded and every platform connected, 503 again when draining', async () => {
    const readiness = new Readiness();
    readiness.expect('knowledge');
    readiness.expect('slack');
    const metrics = createMetrics({ defaultMetrics: false });
    http = await startHttpServer({ port: 0, host: '127.0.0.1', get: opsRoutes({ readiness, metrics: metrics.text }), logger: createLogger({ level: 'silent' }) });
    const status = async (path: string) => (await fetch(`http://127.0.0.1:${http!.port}${path}`)).status;
    expect(await status('/healthz')).toBe(200);
    expect(await status('/readyz')).toBe(503);
    readiness.set('knowledge', true);
    expect(await status('/readyz')).toBe(503);
    readiness.set('slack', true);
    expect(await status('/readyz')).toBe(200);
    readiness.set('slack', false);
    expect(await status('/readyz')).toBe(503);
    readiness.set('slack', true);
    readiness.drain();
    expect(await status('/readyz')).toBe(503);
    metrics.observeQuestion(event());
    const text = await (await fetch(`http://127.0.0.1:${http.port}/metrics`)).text();
    expect(text).toMatch(/^hallway_questions_total\{.*\} 1$/m);
    expect(await status('/nothing')).toBe(404);
  });
});

describe('the HTTP server limits', () => {
  let http: RunningHttp | undefined;
  afterEach(async () => {
    await http?.close(100);
    http = undefined;
  });

  it('drops connections over the cap and answers a request whose body never comes with 408 within the timeout', async () => {
    const { connect } = await import('node:net');
    const slow = new Map([['/slow', (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      req.resume();
      req.on('end', () => res.end('done'));
    }]]);
    http = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      post: slow,
      logger: createLogger({ level: 'silent' }),
      limits: { maxConnections: 2, requestTimeoutMs: 1000, headersTimeoutMs: 1000 },
    });
    const port = http.port;
    const open = () =>
      new Promise<import('node:net').Socket>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => resolve(socket));
      });
    const a = await open();
    const b = await open();
    a.write(`POST /slow HTTP/1.1\r\nhost: x\r\ncontent-length: 1000\r\n\r\npartial`);
    const answerOfA = new Promise<string>((resolve) => {
      let text = '';
      a.on('data', (d) => (text += d));
      a.on('close', () => resolve(text));
    });
    const c = await open();
    const closedC = await new Promise<boolean>((resolve) => {
      c.on('close', () => resolve(true));
      setTimeout(() => resolve(false), 1500);
    });
    expect(closedC).toBe(true);
    const started = Date.now();
    expect(await answerOfA).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(4000);
    b.destroy();
  }, 15_000);
});

describe('crash policy', () => {
  it('keeps serving on an ordinary unhandled rejection, exits 1 with one line on a fatal one', async () => {
    const logs = captureLogs('info');
    const exits: number[] = [];
    const written: string[] = [];
    const metrics = createMetrics({ defaultMetrics: false });
    const policy = installCrashPolicy({
      logger: logs.logger,
      fatalReason: (err) => ((err as { fatal?: boolean }).fatal ? 'the token was refused' : undefined),
      onSurvived: metrics.uncaught,
      exit: (code) => exits.push(code),
      writeLine: (line) => written.push(line),
    });
    try {
      void Promise.reject(new Error('one request failed with xoxb-1234-5678-secretTOKEN'));
      await new Promise((r) => setTimeout(r, 20));
      expect(exits).toEqual([]);
      expect(logs.lines.join('\n')).toMatch(/unhandled promise rejection; still serving/);
      expect(logs.lines.join('\n')).not.toContain('secretTOKEN');
      expect(await metrics.text()).toMatch(/^hallway_uncaught_errors_total\{type="rejection"\} 1$/m);

      void Promise.reject(Object.assign(new Error('invalid_auth'), { fatal: true }));
      await new Promise((r) => setTimeout(r, 20));
      expect(exits).toEqual([1]);
      expect(written).toEqual(['hallway: fatal: the token was refused']);
    } finally {
      policy.uninstall();
    }
  });
});

describe('outbound requests', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });

  async function hangingServer(): Promise<string> {
    server = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  it('times out a request that never answers', async () => {
    const url = await hangingServer();
    const outbound = createOutbound({ timeoutMs: 200 });
    const started = Date.now();
    await expect(outbound.fetch(url)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outbound.pending()).toBe(0);
  });

  it('on close, waits the grace for requests in flight, then aborts them and refuses new ones', async () => {
    const url = await hangingServer();
    const outbound = createOutbound({ timeoutMs: 60_000 });
    const inFlight = outbound.fetch(url);
    inFlight.catch(() => undefined);
    expect(outbound.pending()).toBe(1);
    const started = Date.now();
    await outbound.close(300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await expect(inFlight).rejects.toThrow();
    await expect(outbound.fetch(url)).rejects.toThrow();
  });
});

describe('the Slack body gate, in front of a stand-in for Bolt', () => {
  let http: RunningHttp | undefined;
  afterEach(async () => {
    await http?.close(100);
    http = undefined;
  });

  it('answers Slack\'s unsigned ssl_check with 200, refuses other unsigned bodies with 401, and hands signed objects on', async () => {
    const seen: string[] = [];
    const bolt = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      seen.push(String((req as { rawBody?: Buffer }).rawBody));
      res.end('bolt');
    };
    http = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      post: new Map([['/slack/events', guardSlackEvents(bolt, { logger: createLogger({ level: 'silent' }) })]]),
      logger: createLogger({ level: 'silent' }),
    });
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`http://127.0.0.1:${http!.port}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body,
      }).then((r) => r.status);
    expect(await post('ssl_check=1&token=x')).toBe(200);
    expect(await post('command=%2Ftalk&text=kuma')).toBe(401);
    const signed = { 'x-slack-signature': 'v0=ab', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)) };
    expect(await post('command=%2Ftalk&text=kuma', signed)).toBe(200);
    expect(await post('payload=null', signed)).toBe(400);
    expect(await post('command=x', { ...signed, 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000) - 3600) })).toBe(401);
    expect(seen).toEqual(['command=%2Ftalk&text=kuma']);
  });
});

describe('the Slack body gate', () => {
  it('lets objects through and stops null, arrays, scalars and payloads that are not objects', () => {
    const form = 'application/x-www-form-urlencoded';
    expect(isObjectBody('{"type":"event_callback"}', 'application/json')).toBe(true);
    expect(isObjectBody('command=%2Ftalk&text=kuma', form)).toBe(true);
    expect(isObjectBody(`payload=${encodeURIComponent('{"type":"block_actions"}')}`, form)).toBe(true);
    for (const [body, type] of [
      ['null', 'application/json'],
      ['[]', 'application/json'],
      ['"x"', 'application/json'],
      ['42', 'application/json'],
      ['{', 'application/json'],
      ['payload=null', form],
      ['payload=7', form],
      ['payload=%5B%5D', form],
      ['payload=a&payload=b', form],
    ] as const) {
      expect(isObjectBody(body, type), body).toBe(false);
    }
  });
});
