/**
 * Ranking at scale: among many talks that mention the query's words, the talk
 * named by them comes first, and among talks named by them, the one whose
 * title is most nearly the query.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { SearchIndex } from '../../src/search/index.js';
import { DEFAULT_SEARCH_OPTIONS } from '../../src/search/options.js';
import { cleanupTemp, tempDir, writeMinimalEvent } from './helpers.js';

afterAll(cleanupTemp);

function talk(id: string, title: string, summary: string, points: readonly string[] = [], tags: readonly string[] = []): string {
  const q = JSON.stringify;
  const pts = points.map((p) => `\n    - text: ${q(p)}`).join('');
  return `- id: ${id}\n  title: ${q(title)}\n  summary: ${q(summary)}\n  speakers: [ann]\n  tags: ${q(tags)}${points.length ? `\n  points:${pts}` : ''}\n`;
}

async function index(): Promise<SearchIndex> {
  const root = await tempDir();
  const dir = await writeMinimalEvent(root);
  const filler = Array.from({ length: 30 }, (_, i) =>
    talk(`other-${i}`, `Observability Practice ${i}`, 'Tracing and metrics for services in production.', ['Dashboards for every team.']),
  );
  await writeFile(
    join(dir, 'talks.yaml'),
    [
      // Tagged with the words and mentions them most, in its summary and every point, but is not named by them.
      talk('mentions', 'Event Pipelines at a Bank', 'Kafka streams, kafka streams everywhere: kafka streams for payments.', [
        'Kafka streams replaced the batch jobs.',
        'Kafka streams need careful partitioning.',
        'Kafka streams state stores live on local disk.',
        'Kafka streams and kafka streams again.',
      ], ['kafka', 'streams', 'kafka streams']),
      talk('long-title', 'Kafka Streams, Flink and Spark Compared at Scale', 'Kafka streams against Flink and Spark: where kafka streams wins, kafka streams state, kafka streams joins.'),
      talk('exact', 'Kafka Streams', 'What the library does and where it fits.'),
      ...filler,
    ].join(''),
  );
  await writeFile(join(dir, 'speakers.yaml'), '- id: ann\n  name: Ann Example\n');
  return new SearchIndex(await loadKnowledge(root, {}), DEFAULT_SEARCH_OPTIONS);
}

describe('ranking talks at scale', () => {
  it('puts the talk titled by the query first, a longer title naming it next, and body mentions after both', async () => {
    const idx = await index();
    const talks = idx.search(['kafka', 'streams'], (t) => (t === 'talk' ? 1 : 0)).matches;
    expect(talks.slice(0, 3).map((m) => m.doc.owner.id)).toEqual(['exact', 'long-title', 'mentions']);
    // Clearly ahead, not by a hair: the title that is the query is what was asked for.
    expect(talks[0]!.score).toBeGreaterThan(talks[1]!.score * 1.2);
  });

  it('keeps that order for a misspelt word', async () => {
    const idx = await index();
    const { matches, resolved } = idx.search(['kafka', 'stremas'], (t) => (t === 'talk' ? 1 : 0));
    expect(resolved).toEqual(['kafka', 'streams']);
    expect(matches.slice(0, 3).map((m) => m.doc.owner.id)).toEqual(['exact', 'long-title', 'mentions']);
  });
});
