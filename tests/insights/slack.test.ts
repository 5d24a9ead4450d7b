/**
 * Insights through the real Bolt app against the local fake Slack (HTTP
 * mode, loopback): answers carry 👍/👎 buttons with only an opaque question
 * id; a click stores one changeable vote per person against the question and
 * its top hit; forged values change nothing; questions are recorded after
 * the reply; /insights is for admins only and ephemeral.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSlack, type RunningSlack } from '../../adapters/slack/index.js';
import { Hallway } from '../../src/hallway.js';
import { InsightsService } from '../../src/insights/service.js';
import type { InsightsRecorder } from '../../src/insights/recorder.js';
import type { InsightsStore } from '../../src/insights/store.js';
import {
  FakeSlack,
  allText,
  blockActionPayload,
  blockKitProblems,
  captureLogs,
  eventCallback,
  formPayload,
  headerOf,
  httpModeEnv,
  postToApp,
  slashCommandBody,
  BOT_USER_ID,
  TEAM_ID,
} from '../slack/helpers.js';
import { eventually, KNOWLEDGE, openRecorder, removeDir, tempDir } from './helpers.js';

let fake: FakeSlack;
let slack: RunningSlack | undefined;
let port: number;
let dir: string;
let store: InsightsStore;
let recorder: InsightsRecorder;

interface Element {
  action_id?: string;
  value?: string;
  text?: { text: string };
}
type Body = Record<string, unknown>;

const voteButtons = (body: Body) =>
  ((body['blocks'] as { type: string; elements?: Element[] }[]) ?? [])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.action_id?.startsWith('hallway.vote.'));

beforeAll(async () => {
  dir = await tempDir();
  const hallway = await Hallway.load(KNOWLEDGE);
  const logs = captureLogs('warn');
  ({ store, recorder } = openRecorder(join(dir, 'hallway.sqlite'), logs.logger));
  fake = await new FakeSlack().start();
  slack = await startSlack({
    hallway,
    logger: logs.logger,
    env: httpModeEnv(fake, { SLACK_ADMIN_USER_IDS: 'U0ADMIN1' }),
    observers: [recorder.observer],
    feedback: recorder,
    insights: new InsightsService({ store, hallway }),
  });
  port = slack.port!;
});

afterAll(async () => {
  await slack?.stop();
  await fake?.stop();
  recorder.stop();
  store.close();
  await removeDir(dir);
});

beforeEach(() => {
  fake.recorded.length = 0;
});

async function command(name: string, text: string, user = 'U0ALICE'): Promise<Body> {
  const res = await postToApp(port, slashCommandBody(fake, name, text, { user_id: user }), { contentType: 'application/x-www-form-urlencoded' });
  expect(res.status).toBe(200);
  const [answer] = await fake.waitFor(() => fake.responses().length > 0 && fake.responses(), 3000, `the ${name} answer`);
  fake.recorded.length = 0;
  return answer!.body;
}

async function click(button: Element, user: string, value = button.value!): Promise<void> {
  const payload = blockActionPayload(fake, { action_id: button.action_id!, value }, { ephemeral: true });
  payload['user'] = { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM_ID };
  const res = await postToApp(port, formPayload(payload), { contentType: 'application/x-www-form-urlencoded' });
  expect(res.status).toBe(200);
}

describe('👍/👎 on Slack answers', () => {
  let questionId: string;

  it('puts two vote buttons carrying only the question id under an answer, within Block Kit limits', async () => {
    const body = await command('/talk', 'kuma');
    expect(headerOf(body)).toMatch(/Service Mesh/);
    expect(blockKitProblems(body as { blocks: unknown[]; text: string })).toEqual([]);
    const buttons = voteButtons(body);
    expect(buttons.map((b) => b.action_id)).toEqual(['hallway.vote.up', 'hallway.vote.down']);
    expect(buttons[0]!.value).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(buttons[1]!.value).toBe(buttons[0]!.value);
    questionId = buttons[0]!.value!;
    const q = await eventually(() => store.questions().find((x) => x.id === questionId), 'the question to be recorded');
    expect(q).toMatchObject({ platform: 'slack', command: 'talk', via: 'command', status: 'answer', answered: true, query: 'kuma' });
    expect(q.top?.kind).toBe('talk');
    expect(q.asker).toMatch(/^[0-9a-f]{16}$/);
  });

  it('stores one vote per person, against the question and its top hit, changed by a second click', async () => {
    const [up, down] = [
      { action_id: 'hallway.vote.up', value: questionId },
      { action_id: 'hallway.vote.down', value: questionId },
    ];
    await click(down, 'U0ALICE');
    const [thanks] = await fake.waitFor(() => fake.responses().length > 0 && fake.responses(), 3000, 'the thanks');
    expect(thanks!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    await eventually(() => store.votes().length === 1, 'the vote');
    expect(store.votes()[0]).toMatchObject({ questionId, vote: -1, top: { kind: 'talk' } });
    await click(up, 'U0ALICE');
    await click(up, 'U0BOB');
    await eventually(() => store.votes().length === 2 && store.votes().every((v) => v.vote === 1), 'the changed vote and the second voter');
    await fake.waitFor(() => fake.responses().length >= 3, 3000, 'a thanks for each click');
  });

  it('ignores forged values: an unknown id stores nothing, junk is not answered', async () => {
    await click({ action_id: 'hallway.vote.down' }, 'U0MALLORY', 'AAAAAAAAAAAAAAAA');
    await click({ action_id: 'hallway.vote.down' }, 'U0MALLORY', "1'; DROP TABLE insights_votes; --");
    await new Promise((r) => setTimeout(r, 300));
    await recorder.settled();
    expect(store.votes()).toHaveLength(2);
    expect(fake.responses().filter((r) => String(r.body['text']).startsWith('Thanks'))).toHaveLength(1);
  });

  it('records a mention that found nothing, without vote buttons on it', async () => {
    const ts = '1700002000.000100';
    const event = { type: 'app_mention', user: 'U0CAROL', text: `<@${BOT_USER_ID}> wifi password`, ts, channel: 'C0GENERAL', event_ts: ts, team: TEAM_ID };
    await postToApp(port, JSON.stringify(eventCallback(event)), { contentType: 'application/json' });
    const [post] = await fake.waitFor(() => fake.api('chat.postMessage').length > 0 && fake.api('chat.postMessage'), 3000, 'the answer');
    expect(voteButtons(post!.body)).toEqual([]);
    const q = await eventually(() => store.questions().find((x) => x.query === 'wifi password'), 'the mention to be recorded');
    expect(q).toMatchObject({ platform: 'slack', command: 'ask', via: 'message', status: 'no-answer', answered: false });
  });
});

describe('buttons that open an entry', () => {
  it('record the opened card as a question asked by button, with vote buttons on it', async () => {
    const body = await command('/talk', 'kuma');
    const open = ((body['blocks'] as { type: string; elements?: Element[] }[]) ?? [])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id?.startsWith('hallway.open.'));
    expect(open, 'an "also see" button under /talk kuma').toBeDefined();
    await eventually(() => store.questions().length >= 3, 'the /talk question');
    const before = store.questions().length;
    await click(open!, 'U0DAVE');
    const [card] = await fake.waitFor(() => fake.responses().length > 0 && fake.responses(), 3000, 'the card');
    expect(card!.body['replace_original']).toBe(true);
    const ids = voteButtons(card!.body).map((b) => b.value);
    expect(ids).toHaveLength(2);
    const q = await eventually(() => store.questions().length > before && store.questions().find((x) => x.id === ids[0]), 'the opened card to be recorded');
    expect(q).toMatchObject({ platform: 'slack', via: 'button', status: 'answer' });
  });
});

describe('/insights on Slack', () => {
  it('refuses someone who is not an admin, ephemerally', async () => {
    const body = await command('/insights', '', 'U0ALICE');
    expect(body['response_type']).toBe('ephemeral');
    expect(headerOf(body)).toBe('Insights are for organisers');
  });

  it("shows an admin the week's summary, ephemerally, and is not itself recorded", async () => {
    const before = store.questions().length;
    const body = await command('/insights', '', 'U0ADMIN1');
    expect(body['response_type']).toBe('ephemeral');
    expect(headerOf(body)).toBe('Insights: the last 7 days');
    expect(allText(body)).toMatch(/4 questions from 3 people: 3 answered, 1 not answered/);
    expect(allText(body)).toContain('wifi password');
    await new Promise((r) => setTimeout(r, 100));
    await recorder.settled();
    expect(store.questions()).toHaveLength(before);
  });

  it('a workspace admin (users.info) may see them too', async () => {
    fake.users.set('U0OWNER', { is_owner: true });
    const body = await command('/insights', '', 'U0OWNER');
    expect(headerOf(body)).toBe('Insights: the last 7 days');
  });
});

describe('privacy on Slack', () => {
  it('keeps no Slack user id in the database file', async () => {
    await recorder.settled();
    const path = join(dir, 'hallway.sqlite');
    const bytes = Buffer.concat([path, `${path}-wal`].map((f) => readFileSync(f)));
    expect(bytes.includes(Buffer.from('kuma'))).toBe(true);
    for (const id of ['U0ALICE', 'U0BOB', 'U0CAROL', 'U0DAVE', 'U0MALLORY']) expect(bytes.includes(Buffer.from(id)), id).toBe(false);
  });
});
