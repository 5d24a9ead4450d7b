/**
 * Logging never writes a secret: neither from object fields (tokens, signing
 * secrets, response URLs) nor from free text (Slack and Discord tokens,
 * webhook URLs, authorisation headers).
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrub } from '../../src/log.js';

/** A logger at level trace writing into memory, and the lines it wrote so far. */
function capture(level = 'trace') {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level, destination, name: 'test' });
  const output = () => chunks.join('');
  const lines = () =>
    output()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, output, lines };
}

const SECRETS = {
  slackBot: 'xoxb-123-abc',
  slackBot2: 'xoxb-2222-3333-AbCdEfGhIjKl',
  slackUser: 'xoxp-9-8-7-zyx',
  slackApp: 'xapp-1-A',
  slackApp2: 'xapp-1-A0B1C2-3456-deadbeef',
  signingSecret: '8f742231b10e8888abcd99yyyzzz85a5',
  webhook: 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX',
  responseUrl: 'https://hooks.slack.com/actions/T000/1234/abcdEFGH',
  discordToken: 'MTA5ODc2NTQzMjEwOTg3NjU0.GhIjKl.abcdefghijklmnopqrstuvwxyz0123',
  discordInteraction: 'https://discord.com/api/v10/webhooks/123456/aW50ZXJhY3Rpb246c2VjcmV0',
  botHeader: 'abc.def.ghi.jkl.mno',
  bearer: 'eyJhbGciOiJIUzI1NiJ9.payload.signature',
};

/** Asserts none of the secret values appears anywhere in the output. */
function expectNoSecrets(output: string, secrets: readonly string[] = Object.values(SECRETS)): void {
  for (const s of secrets) expect(output, `leaked ${s}`).not.toContain(s);
}

describe('createLogger', () => {
  it('censors secret fields of a logged object', () => {
    const { logger, output, lines } = capture();
    logger.info(
      {
        token: SECRETS.slackBot,
        botToken: SECRETS.slackBot2,
        appToken: SECRETS.slackApp2,
        signingSecret: SECRETS.signingSecret,
        response_url: SECRETS.responseUrl,
        responseUrl: SECRETS.responseUrl,
        user: 'U123',
      },
      'received a command',
    );
    expectNoSecrets(output());
    const [line] = lines();
    expect(line).toBeDefined();
    expect(line!.msg).toBe('received a command');
    // The line is still useful: other fields survive, secret fields are marked.
    expect(line!.user).toBe('U123');
    expect(line!.token).not.toBe(SECRETS.slackBot);
    expect(line!.signingSecret).toBeDefined();
  });

  it('censors secret fields nested in objects and headers', () => {
    const { logger, output } = capture();
    logger.debug({
      body: { token: SECRETS.slackBot, response_url: SECRETS.responseUrl },
      slack: { botToken: SECRETS.slackBot2, signingSecret: SECRETS.signingSecret },
      req: { headers: { authorization: `Bearer ${SECRETS.bearer}` } },
    });
    expectNoSecrets(output());
    expect(output()).not.toContain('Bearer eyJ');
  });

  // A signing secret looks like nothing in particular: it is censored by its field name, at any depth.
  it('censors a signing secret two levels down (a whole config logged)', () => {
    const { logger, output } = capture();
    logger.debug({ config: { slack: { signingSecret: SECRETS.signingSecret } } }, 'starting');
    expectNoSecrets(output(), [SECRETS.signingSecret]);
  });

  it('scrubs secrets out of a message string', () => {
    const { logger, output, lines } = capture();
    logger.warn(
      `token ${SECRETS.slackBot} app ${SECRETS.slackApp} hook ${SECRETS.webhook} auth Bot ${SECRETS.botHeader} and Bearer ${SECRETS.bearer}`,
    );
    expectNoSecrets(output());
    const msg = String(lines()[0]!.msg);
    expect(msg).toMatch(/^token /);
    expect(msg).toContain(' app ');
    expect(msg).toContain(' hook ');
  });

  it('scrubs Discord tokens and interaction URLs in text', () => {
    const { logger, output } = capture();
    logger.error(`login failed for ${SECRETS.discordToken} posting to ${SECRETS.discordInteraction}`);
    expectNoSecrets(output(), [SECRETS.discordToken, SECRETS.discordInteraction]);
  });

  it('scrubs secrets in printf-style arguments, errors and child bindings', () => {
    const { logger, output } = capture();
    logger.info('calling %s with %s', SECRETS.webhook, SECRETS.slackUser);
    logger.error(new Error(`auth failed: ${SECRETS.slackBot2}`));
    logger.error({ err: new Error(`socket closed, token ${SECRETS.slackApp2}`) }, 'socket mode');
    const child = logger.child({ botToken: SECRETS.slackBot });
    child.trace({ nested: { token: SECRETS.slackBot2 } }, `inside child ${SECRETS.slackApp}`);
    expectNoSecrets(output());
    expect(output()).toContain('inside child');
    expect(output()).toContain('auth failed');
  });

  it('logs at trace level when asked, and nothing below the level', () => {
    const trace = capture('trace');
    trace.logger.trace('fine detail');
    expect(trace.lines().map((l) => l.msg)).toEqual(['fine detail']);

    const warn = capture('warn');
    warn.logger.info(`hidden ${SECRETS.slackBot}`);
    warn.logger.warn('shown');
    expect(warn.lines().map((l) => l.msg)).toEqual(['shown']);
  });
});

describe('scrub', () => {
  it('replaces secrets and keeps the rest of the text', () => {
    const out = scrub(`before ${SECRETS.slackBot} middle ${SECRETS.webhook} after`);
    expectNoSecrets(out);
    expect(out).toMatch(/^before .+ middle .+ after$/);
  });

  it('leaves ordinary text alone', () => {
    const text = 'who talked about Kuma? see https://example.com/talks and top -H -p <pid>';
    expect(scrub(text)).toBe(text);
  });
});
