import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/base.js';
import { runTipCli } from '../../src/tips/cli.js';
import { TipPostError } from '../../src/tips/schedule.js';
import { TipStore } from '../../src/tips/store.js';
import { cleanup, FakeClock, knowledge, recordingPoster, SLACK_A, subscribe, tempDbPath } from './helpers.js';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await knowledge();
});
afterEach(cleanup);

function run(argv: string[], store: TipStore, iso: string, poster = recordingPoster()) {
  const out: string[] = [];
  const clock = new FakeClock(iso);
  return runTipCli(argv, { poster: poster.poster, store, knowledge: kb, now: clock.now, stdout: (l) => out.push(l) }).then(
    (code) => ({ code, out, poster }),
  );
}

describe('tip CLI', () => {
  it('post twice for the same date posts once (fresh database file, separate opens)', async () => {
    const path = tempDbPath();
    const rec = recordingPoster();
    let store = TipStore.open(path);
    subscribe(store, SLACK_A);
    store.close();
    for (let i = 0; i < 2; i++) {
      store = TipStore.open(path);
      const r = await run(['post', '--date', '2026-03-04'], store, '2026-03-10T15:00:00Z', rec);
      expect(r.code).toBe(0);
      expect(r.out[0]).toMatch(i === 0 ? /^posted slack:C0A 2026-03-04 / : /^already done slack:C0A 2026-03-04/);
      store.close();
    }
    expect(rec.posts).toHaveLength(1);
    expect(rec.posts[0]!.tip.text.length).toBeGreaterThan(0);
  });

  it('an uncertain post is reported as such, exits 1, and a second run does not post it again', async () => {
    const store = TipStore.open(':memory:');
    subscribe(store, SLACK_A);
    const rec = recordingPoster(() => new TipPostError('HTTP 500', { uncertain: true, reason: 'http_500' }));
    const first = await run(['post', '--date', '2026-03-04'], store, '2026-03-10T15:00:00Z', rec);
    expect(first.code).toBe(1);
    expect(first.out).toEqual([expect.stringMatching(/^uncertain slack:C0A 2026-03-04 .*: http_500 \(may have been posted; not retried\)$/)]);
    const second = await run(['post', '--date', '2026-03-04'], store, '2026-03-10T15:01:00Z', rec);
    expect(second).toMatchObject({ code: 0, out: ['already done slack:C0A 2026-03-04'] });
    expect(rec.calls).toHaveLength(1);
    store.close();
  });

  it('post without --date posts what is due now, and exits 0 when nothing is due', async () => {
    const store = TipStore.open(':memory:');
    subscribe(store, SLACK_A);
    const early = await run(['post'], store, '2026-03-02T07:00:00Z');
    expect(early).toMatchObject({ code: 0, out: ['nothing due'] });
    const due = await run(['post'], store, '2026-03-02T08:05:00Z');
    expect(due.code).toBe(0);
    expect(due.poster.posts).toHaveLength(1);
    store.close();
  });

  it('--date on a weekend day of a weekdays subscription posts nothing; a failed post exits 1', async () => {
    const store = TipStore.open(':memory:');
    subscribe(store, SLACK_A);
    const sat = await run(['post', '--date', '2026-03-07'], store, '2026-03-09T12:00:00Z');
    expect(sat.out).toEqual(['not scheduled slack:C0A 2026-03-07']);
    const failing = recordingPoster(() => new Error('down'));
    const fail = await run(['post', '--date', '2026-03-06'], store, '2026-03-09T12:00:00Z', failing);
    expect(fail.code).toBe(1);
    store.close();
  });

  it('preview prints the tip without posting or moving the rotation, and matches the later post', async () => {
    const store = TipStore.open(':memory:');
    subscribe(store, SLACK_A);
    const p = await run(['preview', '--channel', 'C0A'], store, '2026-03-02T07:00:00Z');
    expect(p.code).toBe(0);
    expect(p.out[0]).toBe('slack:C0A 2026-03-02 09:00 Europe/Berlin weekdays');
    expect(p.out[1]).toMatch(/^💡 .+\n— (Talk|Tool|Booth|Book): /);
    expect(p.poster.calls).toHaveLength(0);
    expect(store.getRotation(SLACK_A)).toBeUndefined();
    const posted = await run(['post'], store, '2026-03-02T08:00:00Z');
    expect(p.out[1]).toContain(posted.poster.posts[0]!.tip.text);
    store.close();
  });

  it('rejects bad usage with exit 2', async () => {
    const store = TipStore.open(':memory:');
    expect((await run(['launch'], store, '2026-03-02T07:00:00Z')).code).toBe(2);
    expect((await run(['post', '--date', '2026-02-30'], store, '2026-03-02T07:00:00Z')).code).toBe(2);
    expect((await run(['post', '--bogus'], store, '2026-03-02T07:00:00Z')).code).toBe(2);
    store.close();
  });
});
