/**
 * The bot does not freeze while another process holds the tips database's
 * lock: the real Bolt app in HTTP mode against the fake Slack, with the tips
 * runtime of `npm start` (createTips) on a database file whose write lock a
 * separate child process holds from before start-up. `/tip subscribe` arrives,
 * then `/talk`: `/talk` is acknowledged (and answered) at once, the
 * subscription goes through once the lock is released, and the schedule,
 * started while locked, posts that day's tip once.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackApp, type SlackAppHandle } from '../../adapters/slack/index.js';
import { createTips, type TipsRuntime } from '../../adapters/tips.js';
import { Hallway } from '../../src/hallway.js';
import { TipStore } from '../../src/tips/store.js';
import { cleanup, holdLock, loopWatch, tempDbPath, type LockHolder } from '../tips/helpers.js';
import { allText, captureLogs, FakeSlack, httpModeEnv, postToApp, slashCommandBody, type LogCapture } from './helpers.js';

const form = 'application/x-www-form-urlencoded' as const;

let hallway: Hallway;
beforeAll(async () => {
  hallway = await Hallway.load('knowledge');
});

let fake: FakeSlack;
let handle: SlackAppHandle | undefined;
let tips: TipsRuntime | undefined;
let holder: LockHolder | undefined;
let logs: LogCapture;

beforeEach(async () => {
  fake = await new FakeSlack().start();
  logs = captureLogs('debug');
});

afterEach(async () => {
  await holder?.release();
  holder = undefined;
  await handle?.stop();
  handle = undefined;
  await tips?.stop();
  tips = undefined;
  await fake.stop();
  cleanup();
});

describe('Slack while another process holds the tips database lock', () => {
  it('/talk acks within 1 s after a /tip subscribe that waits for the lock; both are answered', async () => {
    const dbPath = tempDbPath();
    TipStore.open(dbPath).close();
    holder = await holdLock(dbPath);

    // Started while locked: tips are not switched off, only waiting.
    const env = httpModeEnv(fake, { SLACK_ADMIN_USER_IDS: 'U0ADMIN', DATABASE_PATH: dbPath, TZ: 'UTC', TIP_CHANNELS: 'slack:C0CONF@09:00' });
    tips = createTips({ hallway, env, logger: logs.logger });
    tips.scheduler.start();
    handle = await createSlackApp({ hallway, logger: logs.logger, tips: tips.service('/tip'), env });
    const { port } = (await handle.start()) as { port: number };

    const watch = loopWatch();
    const tip = await postToApp(port, slashCommandBody(fake, '/tip', 'subscribe 23:59 UTC daily', { user_id: 'U0ADMIN', channel_id: 'C0LOCKED' }), {
      contentType: form,
    });
    expect(tip.status).toBe(200);
    const talk = await postToApp(port, slashCommandBody(fake, '/talk', 'kuma', { channel_id: 'C0LOCKED' }), { contentType: form });
    expect(talk.status).toBe(200);
    expect(talk.ms).toBeLessThan(1000);
    // /talk's answer arrives while /tip still waits for the database.
    const [answer] = await fake.waitFor(() => fake.responses().length > 0 && fake.responses(), 4000, "/talk's answer");
    expect(allText(answer!.body).toLowerCase()).toContain('kuma');
    expect(fake.responses()).toHaveLength(1);
    // TIP_CHANNELS needs the write lock: the runtime is still waiting for it, in the background.
    expect(tips.store).toBeUndefined();
    const blockedMs = watch.stop();
    // Generous: this includes answering /talk itself; a synchronous 5 s busy wait would show as 5000 ms.
    expect(blockedMs).toBeLessThan(700);

    await holder.release();
    holder = undefined;
    const replies = await fake.waitFor(() => fake.responses().length > 1 && fake.responses(), 8000, "/tip subscribe's answer");
    expect(allText(replies[1]!.body)).toContain('Subscribed');
    const store = await tips.ready();
    expect(store.getSubscription({ platform: 'slack', channelId: 'C0LOCKED' })).toMatchObject({ active: true, time: '23:59', createdBy: expect.stringMatching(/^user:[0-9a-f]{16}$/) });
    expect(store.getSubscription({ platform: 'slack', channelId: 'C0CONF' })).toMatchObject({ active: true, time: '09:00' });
    await fake.waitFor(() => logs.text().includes('daily tips scheduled'), 4000, 'the schedule to start');
  });
});
