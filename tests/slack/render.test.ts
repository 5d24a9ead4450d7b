/**
 * The pure renderer: limits, escaping, buttons. No Slack, no network.
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Hallway } from '../../src/hallway.js';
import type { EntityRef, Reply } from '../../src/reply.js';
import { renderSlack } from '../../adapters/slack/render.js';
import { cutEscaped, escapeMrkdwn, fit, splitEscaped, unescapeMrkdwn } from '../../adapters/slack/escape.js';
import { decodeShareValue, encodeShareValue } from '../../adapters/slack/values.js';
import * as L from '../../adapters/slack/limits.js';
import { allText, blockKitProblems, escapingProblems, headerOf } from './helpers.js';

const EVIL = '<!channel> <!here> <@U1> <!subteam^S1> <http://evil|x> & ';

function ref(kind: EntityRef['kind'], id: string, label: string): EntityRef {
  return { kind, event: 'devopscon-2023', id, label };
}

function sentence(i: number): string {
  return `Sentence ${i} says something about heap dumps, service meshes & <Kuma> in some detail. `;
}

function longText(chars: number): string {
  let s = '';
  for (let i = 0; s.length < chars; i++) s += sentence(i);
  return s.slice(0, chars);
}

function baseReply(over: Partial<Reply> = {}): Reply {
  return {
    status: 'answer',
    query: 'kuma',
    title: 'A talk',
    lead: 'A lead.',
    fields: [],
    sections: [],
    related: [],
    suggestions: [],
    hits: [],
    ...over,
  };
}

describe('escaping', () => {
  it('escapes &, < and > and nothing else', () => {
    expect(escapeMrkdwn('a & b < c > d *e*')).toBe('a &amp; b &lt; c &gt; d *e*');
    expect(unescapeMrkdwn(escapeMrkdwn(EVIL))).toBe(EVIL);
  });

  it('never cuts inside an entity or a surrogate pair', () => {
    const s = escapeMrkdwn('&&&&&&&&&&');
    for (let max = 2; max < s.length; max++) {
      const cut = cutEscaped(s, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut.endsWith(L.ELLIPSIS)).toBe(true);
      expect(cut.slice(0, -1)).toMatch(/^(&amp;)*$/);
    }
    const emoji = '😀'.repeat(20);
    const cut = fit(emoji, 11);
    expect(cut.length).toBeLessThanOrEqual(11);
    expect(cut.slice(0, -1)).toMatch(/^(😀)*$/u);
  });

  it('splits long text without losing or breaking anything', () => {
    const raw = longText(10_000);
    const pieces = splitEscaped(escapeMrkdwn(raw), L.MAX_SECTION_TEXT);
    expect(pieces.length).toBeGreaterThanOrEqual(4);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(L.MAX_SECTION_TEXT);
      expect(p).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    expect(unescapeMrkdwn(pieces.join(' ')).replace(/\s+/g, ' ')).toBe(raw.replace(/\s+/g, ' ').trim());
  });

  it('round-trips a share value with hostile text, escaped on the way', () => {
    const value = encodeShareValue({ type: 'command', command: 'ask', query: EVIL });
    expect(escapingProblems({ value })).toEqual([]);
    expect(decodeShareValue(value)).toEqual({ type: 'command', command: 'ask', query: EVIL });
    const longValue = encodeShareValue({ type: 'command', command: 'ask', query: '&'.repeat(5000) });
    expect(longValue.length).toBeLessThanOrEqual(L.MAX_BUTTON_VALUE);
    expect(decodeShareValue('cmd|nope|x')).toBeUndefined();
    expect(decodeShareValue('open|talk:devopscon-2023:kuma')).toEqual({
      type: 'open',
      ref: { kind: 'talk', event: 'devopscon-2023', id: 'kuma' },
    });
  });
});

describe('renderSlack', () => {
  it('renders header, lead, fields, sections, source context and buttons', () => {
    const reply = baseReply({
      title: 'Advanced Observability & Security for your Kubernetes with a modern Service Mesh',
      lead: 'Philipp and Fabian explained Kuma.',
      fields: [{ name: 'Speakers', value: 'Philipp Kürsten and Fabian Hardt' }],
      sections: [{ heading: 'Key points', items: [{ title: 'Kuma ships with Envoy', code: 'kumactl install `control-plane`' }] }],
      related: [ref('tool', 'kuma', 'Kuma'), ref('speaker', 'fabian-hardt', 'Fabian Hardt')],
      source: { talk: ref('talk', 'mesh', 'Service Mesh talk'), speakers: [ref('speaker', 'p', 'Philipp Kürsten')], event: ref('event', 'devopscon-2023', 'DevOpsCon 2023') },
    });
    const msg = renderSlack(reply, { share: { type: 'command', command: 'talk', query: 'kuma' } });
    expect(blockKitProblems(msg)).toEqual([]);
    expect(escapingProblems(msg)).toEqual([]);
    expect(headerOf(msg)).toBe('Advanced Observability &amp; Security for your Kubernetes with a modern Service Mesh');
    expect(msg.text).toContain('Advanced Observability &amp; Security');
    const types = msg.blocks.map((b) => b.type);
    expect(types[0]).toBe('header');
    expect(types).toContain('context');
    const text = allText(msg);
    expect(text).toContain('*Speakers*');
    expect(text).toContain("`kumactl install 'control-plane'`");
    expect(text).toContain('From the talk *Service Mesh talk*');
    const buttons = msg.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])) as { action_id: string; value?: string }[];
    expect(buttons.map((b) => b.action_id)).toEqual(['hallway.open.related.0', 'hallway.open.related.1', 'hallway.share']);
    expect(buttons[0]!.value).toBe('tool:devopscon-2023:kuma');
  });

  it('shows at most three "did you mean" buttons, only for a low-confidence reply, and no share button', () => {
    const suggestions = [1, 2, 3, 4, 5].map((i) => ref('talk', `t${i}`, `Talk ${i}`));
    const msg = renderSlack(
      baseReply({ status: 'no-answer', title: 'No answer found', lead: 'Nothing about “x”.', suggestions }),
      { share: { type: 'command', command: 'talk', query: 'x' } },
    );
    const buttons = msg.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])) as { action_id: string }[];
    expect(buttons.map((b) => b.action_id)).toEqual(['hallway.open.suggest.0', 'hallway.open.suggest.1', 'hallway.open.suggest.2']);
    expect(allText(msg)).toContain('Did you mean');

    const confident = renderSlack(baseReply({ suggestions }));
    expect(allText(confident)).not.toContain('Did you mean');
  });

  it('lists suggestions and related entries as text when buttons are off', () => {
    const msg = renderSlack(
      baseReply({ status: 'no-answer', suggestions: [ref('talk', 'a', 'Kuma & friends')], related: [ref('tool', 'b', 'HeapHero')] }),
      { buttons: false },
    );
    expect(msg.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(allText(msg)).toContain('Did you mean: *Kuma &amp; friends*?');
    expect(allText(msg)).toContain('Also see: *HeapHero*');
  });

  it('escapes every piece of user and knowledge text', () => {
    const reply = baseReply({
      status: 'no-answer',
      query: EVIL,
      title: EVIL,
      lead: `I found nothing about “${EVIL}”.`,
      fields: [{ name: EVIL, value: EVIL }],
      sections: [{ heading: EVIL, text: EVIL, items: [{ title: EVIL, text: EVIL, code: EVIL }] }],
      related: [ref('tool', 'x', EVIL)],
      suggestions: [ref('talk', 'y', EVIL)],
      source: { talk: ref('talk', 'z', EVIL), speakers: [ref('speaker', 's', EVIL)], event: ref('event', 'e', EVIL), note: EVIL },
    });
    for (const msg of [renderSlack(reply, { share: { type: 'command', command: 'ask', query: EVIL } }), renderSlack(reply, { buttons: false })]) {
      expect(escapingProblems(msg)).toEqual([]);
      expect(blockKitProblems(msg)).toEqual([]);
      expect(allText(msg)).toContain('&lt;!channel&gt;');
    }
  });

  it('keeps a reply built from a 10,000-character entry within every Block Kit limit', () => {
    const huge = longText(10_000);
    const label = `${longText(400)}`;
    const reply = baseReply({
      title: huge,
      lead: huge,
      fields: Array.from({ length: 25 }, (_, i) => ({ name: `Field ${i} ${label}`, value: huge })),
      sections: Array.from({ length: 60 }, (_, i) => ({
        heading: `Section ${i}`,
        text: huge,
        items: Array.from({ length: 20 }, (_, j) => ({ title: `Item ${j} ${label}`, text: huge.slice(0, 900), code: huge.slice(0, 300) })),
      })),
      related: Array.from({ length: 30 }, (_, i) => ref('tool', `t${i}`, `${label}${i}`)),
      suggestions: Array.from({ length: 3 }, (_, i) => ref('talk', `s${i}`, label)),
      source: { talk: ref('talk', 'big', huge), speakers: Array.from({ length: 40 }, (_, i) => ref('speaker', `p${i}`, label)), event: ref('event', 'e', huge), note: huge },
    });
    for (const status of ['answer', 'no-answer'] as const) {
      for (const opts of [{}, { buttons: false }, { share: { type: 'command' as const, command: 'talk' as const, query: huge } }]) {
        const msg = renderSlack({ ...reply, status }, opts);
        expect(blockKitProblems(msg)).toEqual([]);
        expect(escapingProblems(msg)).toEqual([]);
        expect(msg.text.length).toBeGreaterThan(0);
        expect(msg.blocks.length).toBeLessThanOrEqual(L.MAX_BLOCKS);
        // The cut body says so.
        expect(allText(msg)).toContain(L.ELLIPSIS);
      }
    }
  });

  it('never sends an empty header or fallback', () => {
    const msg = renderSlack(baseReply({ title: '   ', lead: '' }));
    expect(blockKitProblems(msg)).toEqual([]);
    expect(headerOf(msg)).toBe('Hallway');
    expect(msg.text).toBe('Hallway');
  });

  it('is pure: the same reply renders the same message', () => {
    const reply = baseReply({ related: [ref('tool', 'kuma', 'Kuma')] });
    expect(renderSlack(reply)).toEqual(renderSlack(reply));
  });
});

describe('renderSlack on a real knowledge entry of 10,000 characters', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('opens the entry through the core and stays within every limit', async () => {
    dir = await mkdtemp(join(tmpdir(), 'hallway-slack-'));
    const event = join(dir, 'bigcon-2024');
    await mkdir(event);
    const summary = longText(10_000).replace(/<|>/g, '');
    await writeFile(
      join(event, 'event.yaml'),
      ['id: bigcon-2024', 'name: BigCon 2024', 'summary: A conference with very long notes.', ''].join('\n'),
    );
    const points = Array.from({ length: 40 }, (_, i) => `    - text: ${JSON.stringify(longText(600) + ` point ${i}`)}`);
    await writeFile(
      join(event, 'talks.yaml'),
      [
        '- id: the-long-talk',
        `  title: ${JSON.stringify('The Long Talk & ' + longText(300).replace(/<|>/g, ''))}`,
        `  summary: ${JSON.stringify(summary)}`,
        '  points:',
        ...points,
        '',
      ].join('\n'),
    );
    const hallway = await Hallway.load(dir);
    const reply = hallway.open({ kind: 'talk', event: 'bigcon-2024', id: 'the-long-talk' });
    expect(reply).toBeDefined();
    const msg = renderSlack(reply!, { share: { type: 'open', ref: { kind: 'talk', event: 'bigcon-2024', id: 'the-long-talk' } } });
    expect(blockKitProblems(msg)).toEqual([]);
    expect(escapingProblems(msg)).toEqual([]);
    expect(headerOf(msg).startsWith('The Long Talk &amp;')).toBe(true);
    expect(msg.text.length).toBeGreaterThan(0);
  });
});

describe('the context line', () => {
  const base: Reply = {
    status: 'answer',
    query: 'q',
    title: 'T',
    lead: 'L',
    fields: [],
    sections: [],
    related: [],
    suggestions: [],
    hits: [],
  };
  const contextTexts = (reply: Reply) =>
    renderSlack(reply)
      .blocks.filter((b) => b.type === 'context')
      .flatMap((b) => (b as { elements: { text: string }[] }).elements.map((e) => e.text));

  it('a talk title too long for the line is cut inside the bold, which still closes', () => {
    const ref: EntityRef = { kind: 'talk', event: 'e', id: 't', label: `A very long talk title ${'word '.repeat(120)}` };
    const [line] = contextTexts({ ...base, source: { talk: ref } });
    expect(line!.length).toBeLessThanOrEqual(Math.min(L.MAX_CONTEXT_ELEMENT_TEXT, L.MAX_TEXT_OBJECT));
    expect(line).toMatch(/^:microphone: From the talk \*[^*]+\*$/);
  });

  it("the source note keeps its underscores and is not wrapped in italics", () => {
    const texts = contextTexts({ ...base, source: { note: 'from my_notes_file' } });
    expect(texts.some((t) => t.includes('my_notes_file') || t.includes('my\\_notes\\_file'))).toBe(true);
    expect(texts.some((t) => /^_.*_$/.test(t))).toBe(false);
  });
});

describe('the More button', () => {
  it('is offered on a chat answer given a source, never on the whole card, and its value reads back as the whole card', async () => {
    const hallway = await Hallway.load('knowledge');
    const source = { type: 'command', command: 'talk', query: 'kuma' } as const;
    const moreOf = (reply: Reply) =>
      renderSlack(reply, { more: { ...source, detail: 'full' } })
        .blocks.flatMap((b) => (b as { elements?: { action_id?: string; value?: string }[] }).elements ?? [])
        .find((e) => e.action_id === 'hallway.more');
    const button = moreOf(hallway.command('talk', 'kuma'));
    expect(button).toBeDefined();
    expect(decodeShareValue(button!.value)).toEqual({ ...source, detail: 'full' });
    expect(moreOf(hallway.command('talk', 'kuma', {}, 'full'))).toBeUndefined();
    // A forged value cannot nest "full" or name another command than the core's lookups.
    expect(decodeShareValue('full|full|cmd|talk|kuma')).toBeUndefined();
  });
});
