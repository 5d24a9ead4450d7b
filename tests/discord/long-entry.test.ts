/**
 * A reply built by the core from a 10,000-character knowledge entry stays
 * within every Discord limit once rendered.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDiscord } from '../../adapters/discord/render.js';
import { Hallway } from '../../src/hallway.js';
import { expectWithinDiscordLimits } from './limits-check.js';

const words = (n: number, seed: string) => {
  let out = '';
  for (let i = 0; out.length < n; i++) out += `${seed} ${i} observability **mesh** [x](http://evil) @everyone kuma `;
  return out.slice(0, n).trim();
};

let dir: string;
let hallway: Hallway;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hallway-discord-'));
  const event = join(dir, 'longcon-2024');
  mkdirSync(event);
  // YAML is a superset of JSON, so JSON text is a valid knowledge file.
  writeFileSync(
    join(event, 'event.yaml'),
    JSON.stringify({ id: 'longcon-2024', name: 'LongCon 2024', summary: words(10_000, 'event') }),
  );
  writeFileSync(
    join(event, 'talks.yaml'),
    JSON.stringify([
      {
        id: 'zebra-mesh',
        title: `Zebra mesh: ${words(400, 'title')}`,
        summary: words(10_000, 'summary'),
        points: Array.from({ length: 30 }, (_, i) => ({ text: words(1_000, `point${i}`) })),
        speakers: ['long-speaker'],
        tools: ['zebra'],
      },
    ]),
  );
  writeFileSync(
    join(event, 'speakers.yaml'),
    JSON.stringify([{ id: 'long-speaker', name: `Dr. ${words(300, 'name')}`, company: words(2_000, 'company'), bio: words(10_000, 'bio') }]),
  );
  writeFileSync(
    join(event, 'tools.yaml'),
    JSON.stringify([
      {
        id: 'zebra',
        name: 'Zebra',
        purpose: words(10_000, 'purpose'),
        problems: Array.from({ length: 20 }, (_, i) => words(500, `problem${i}`)),
        command: words(3_000, 'zebra --run'),
      },
    ]),
  );
  hallway = await Hallway.load(dir);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a 10,000-character knowledge entry', () => {
  it('renders within every embed and component limit, whichever way it is reached', () => {
    const replies = [
      hallway.command('talk', 'zebra mesh'),
      hallway.command('tool', 'zebra'),
      hallway.command('ask', 'zebra'),
      hallway.ask('who gave the zebra mesh talk?'),
      hallway.open({ kind: 'talk', event: 'longcon-2024', id: 'zebra-mesh' }),
      hallway.open({ kind: 'tool', event: 'longcon-2024', id: 'zebra' }),
      hallway.open({ kind: 'speaker', event: 'longcon-2024', id: 'long-speaker' }),
      // The whole cards behind "More".
      hallway.open({ kind: 'talk', event: 'longcon-2024', id: 'zebra-mesh' }, 'full'),
      hallway.open({ kind: 'tool', event: 'longcon-2024', id: 'zebra' }, 'full'),
      hallway.open({ kind: 'speaker', event: 'longcon-2024', id: 'long-speaker' }, 'full'),
      hallway.command('ask', 'zebra', {}, 'full'),
    ];
    const talk = replies[7];
    expect(talk).toBeDefined();
    // The entry really is long: the core passes long text on for the renderer to cut.
    expect(JSON.stringify(talk).length).toBeGreaterThan(10_000);
    for (const reply of replies) {
      expect(reply).toBeDefined();
      const out = renderDiscord(reply!);
      expectWithinDiscordLimits(out);
      // Where Discord renders markdown (not footer or author), outside code spans
      // (whose content Discord shows verbatim, never as a link or a mention).
      const [embed] = out.embeds;
      const rendered = [embed!.title, embed!.description, ...(embed!.fields ?? []).flatMap((f) => [f.name, f.value])];
      const text = rendered.join('\n').replace(/(`+)[^`]*?\1/g, '');
      expect(text).not.toContain('](http');
      expect(text).not.toMatch(/@everyone/);
    }
    expect(renderDiscord(talk!).embeds[0]!.title).toContain('Zebra mesh');
  });
});
