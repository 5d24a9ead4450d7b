import { describe, expect, it } from 'vitest';
import { ButtonStyle, ComponentType } from 'discord.js';
import { toChoices } from '../../adapters/discord/handlers.js';
import { AUTOCOMPLETE_LIMITS, EMBED_LIMITS } from '../../adapters/discord/limits.js';
import { buttonId, embedTextLength, refFromButtonId, renderDiscord } from '../../adapters/discord/render.js';
import { cut, escapeText, fitEscaped, inlineCode } from '../../adapters/discord/text.js';
import type { EntityRef, Reply } from '../../src/reply.js';
import { expectWithinDiscordLimits } from './limits-check.js';

const EVENT: EntityRef = { kind: 'event', event: 'devopscon-2023', id: 'devopscon-2023', label: 'DevOpsCon 2023' };
const ref = (kind: EntityRef['kind'], id: string, label: string): EntityRef => ({ kind, event: 'devopscon-2023', id, label });

function reply(overrides: Partial<Reply> = {}): Reply {
  return {
    status: 'answer',
    query: 'kuma',
    title: 'Kuma: a service mesh for Kubernetes and beyond',
    lead: 'A talk on service meshes, focused on Kuma.',
    fields: [
      { name: 'Speakers', value: 'Philipp Kürsten, Fabian Hardt' },
      { name: 'Company', value: 'Opitz Consulting' },
    ],
    sections: [
      { heading: 'Key points', items: [{ title: 'Kuma ships with Envoy', text: 'No separate proxy to install.' }] },
      { heading: 'Tools mentioned', items: [{ title: 'kumactl', code: 'kumactl inspect dataplanes' }] },
    ],
    related: [ref('tool', 'kuma', 'Kuma'), ref('tool', 'envoy-proxy', 'Envoy Proxy')],
    source: { talk: ref('talk', 'kuma-service-mesh', 'Kuma'), speakers: [ref('speaker', 'philipp-kursten', 'Philipp Kürsten')], event: EVENT },
    suggestions: [],
    hits: [{ kind: 'talk', id: 'kuma-service-mesh', title: 'Kuma', score: 1, ref: ref('talk', 'kuma-service-mesh', 'Kuma') }],
    ...overrides,
  };
}

describe('renderDiscord', () => {
  it('renders a reply as one embed with title, lead, sections, fields, source, and "also see" buttons', () => {
    const out = renderDiscord(reply());
    expect(out.allowedMentions).toEqual({ parse: [], repliedUser: false });
    expect(out.embeds).toHaveLength(1);
    const [embed] = out.embeds;
    expect(embed!.title).toContain('Kuma');
    expect(embed!.description).toContain('A talk on service meshes');
    expect(embed!.description).toContain('**Key points**');
    expect(embed!.description).toContain('`kumactl inspect dataplanes`');
    expect(embed!.fields?.map((f) => f.name)).toEqual(['Speakers', 'Company']);
    expect(embed!.footer?.text).toContain('Philipp Kürsten');
    expect(embed!.author?.name).toBe('DevOpsCon 2023');

    const buttons = out.components.flatMap((r) => r.components);
    expect(buttons.map((b) => b.label)).toEqual(['Kuma', 'Envoy Proxy']);
    for (const b of buttons) {
      expect(b.type).toBe(ComponentType.Button);
      expect(b.style).toBe(ButtonStyle.Secondary);
      expect(refFromButtonId(b.custom_id)).toBeDefined();
    }
    expect(refFromButtonId(buttons[0]!.custom_id)).toEqual({ kind: 'tool', event: 'devopscon-2023', id: 'kuma' });
    expectWithinDiscordLimits(out);
  });

  it('is pure: the same reply gives the same output, and the reply is not changed', () => {
    const r = reply();
    const before = JSON.stringify(r);
    expect(JSON.stringify(renderDiscord(r))).toBe(JSON.stringify(renderDiscord(r)));
    expect(JSON.stringify(r)).toBe(before);
  });

  it('shows "did you mean" suggestions as primary buttons that open the ref', () => {
    const out = renderDiscord(
      reply({
        status: 'no-answer',
        title: 'No talk matches “kubernets”',
        lead: 'Nothing confident.',
        hits: [],
        related: [],
        suggestions: [ref('talk', 'kubernetes-operators', 'Kubernetes Operators'), ref('talk', 'kuma-service-mesh', 'Kuma')],
      }),
    );
    const [row] = out.components;
    expect(row!.components.map((b) => [b.label, b.style])).toEqual([
      ['Kubernetes Operators', ButtonStyle.Primary],
      ['Kuma', ButtonStyle.Primary],
    ]);
    expect(row!.components[0]!.custom_id).toBe('hallway:talk:devopscon-2023:kubernetes-operators');
  });

  it('escapes user text: no ping-looking mentions, no masked links, no markdown', () => {
    const nasty = '@everyone @here <@&123> <@456> [x](http://evil) **bold** `code` ||spoiler|| # heading';
    const out = renderDiscord(reply({ query: nasty, title: `No answer for ${nasty}`, lead: `You asked: ${nasty}`, fields: [{ name: nasty, value: nasty }] }));
    const [embed] = out.embeds;
    for (const text of [embed!.title!, embed!.description!, embed!.fields![0]!.name, embed!.fields![0]!.value]) {
      expect(text).not.toMatch(/@everyone|@here/);
      expect(text).toContain('@\u200Beveryone');
      expect(text).not.toMatch(/(?<!\\)\[x\]\(http/); // a masked link needs an unescaped "[x](http"
      expect(text).not.toContain('](http');
      expect(text).not.toContain('<@&123>');
      expect(text).not.toContain('<@456>');
      expect(text).toContain('\\*\\*bold\\*\\*');
      expect(text).toContain('\\|\\|spoiler\\|\\|');
    }
    expect(out.allowedMentions.parse).toEqual([]);
  });

  it('stays within every limit for a reply built from a 10,000-character entry', () => {
    const huge = 'Kuma service mesh '.repeat(600).slice(0, 10_000); // 10,000 characters
    const longLabel = 'An extremely long talk title about service meshes '.repeat(5);
    const longId = 'a'.repeat(64);
    const out = renderDiscord(
      reply({
        title: huge,
        lead: huge,
        fields: Array.from({ length: 40 }, (_, i) => ({ name: `${i} ${huge}`, value: huge })),
        sections: [
          { heading: huge, text: huge, items: Array.from({ length: 50 }, () => ({ title: huge, text: huge, code: huge })) },
          { heading: 'More', text: huge },
        ],
        related: Array.from({ length: 30 }, (_, i) => ref('talk', `t-${i}`, longLabel)),
        suggestions: [ref('talk', longId, longLabel), ref('speaker', 'x', huge), ref('tool', 'y', huge), ref('tool', 'z', huge)],
        source: { talk: ref('talk', 'k', huge), speakers: [ref('speaker', 's', huge)], event: ref('event', 'e', huge), note: huge },
      }),
    );
    expectWithinDiscordLimits(out);
    const [embed] = out.embeds;
    expect(embed!.title!.endsWith('…')).toBe(true);
    expect(embed!.description!.length).toBeGreaterThan(1000); // the room is used, not thrown away
    expect(embedTextLength(out.embeds)).toBeLessThanOrEqual(EMBED_LIMITS.total);
  });

  it('leaves out a button whose custom_id would pass 100 characters and names the entity in the text', () => {
    const longRef: EntityRef = { kind: 'speaker', event: 'e'.repeat(64), id: 'i'.repeat(64), label: 'Dr. Long Id' };
    expect(buttonId(longRef)).toBeUndefined();
    const out = renderDiscord(reply({ related: [longRef] }));
    expect(out.components.flatMap((r) => r.components)).toHaveLength(0);
    expect(out.embeds[0]!.description).toContain('Dr. Long Id');
    expectWithinDiscordLimits(out);
  });

  it('keeps buttons unique and never offers the entity being shown', () => {
    const kuma = ref('talk', 'kuma-service-mesh', 'Kuma');
    const out = renderDiscord(reply({ related: [kuma, ref('tool', 'kuma', 'Kuma'), ref('tool', 'kuma', 'Kuma')] }));
    expect(out.components.flatMap((r) => r.components).map((b) => b.custom_id)).toEqual(['hallway:tool:devopscon-2023:kuma']);
  });

  it('renders an empty reply without empty fields or an empty embed', () => {
    const out = renderDiscord(reply({ title: '', lead: '', fields: [{ name: '', value: '' }], sections: [], related: [], source: undefined, hits: [] }));
    expect(out.embeds[0]!.title).toBe('Hallway');
    expectWithinDiscordLimits(out);
  });
});

describe('code spans in knowledge text', () => {
  it('a tip\'s `command` stays inline code while the rest is escaped', () => {
    const out = renderDiscord(reply({ lead: 'See threads with `top -H -p <pid>`, **not** [this](http://evil) @everyone' }));
    const description = out.embeds[0]!.description ?? '';
    expect(description).toContain('`top -H -p <pid>`');
    expect(description).not.toContain('**not**');
    expect(description).not.toMatch(/\[this\]\(http/);
    expect(description).not.toMatch(/@everyone/);
  });
});

describe('text helpers', () => {
  it('cut never exceeds the limit, ends with "…" and never splits a surrogate pair or an escape', () => {
    expect(cut('short', 10)).toBe('short');
    expect(cut('abcdefghij', 5)).toBe('abcd…');
    expect(cut('😀😀😀', 4)).toBe('😀…');
    expect(cut('ab\\*cd', 4)).toBe('ab…');
    for (let n = 1; n < 30; n++) expect(fitEscaped('**a** [x](http://e) @everyone '.repeat(3), n).length).toBeLessThanOrEqual(n);
  });

  it('escapes masked links and mentions', () => {
    expect(escapeText('[x](http://evil)')).not.toContain('](');
    expect(escapeText('@here')).toBe('@\u200Bhere');
    expect(escapeText('<@&123>')).toBe('<\u200B@&123>');
  });

  it('shows commands verbatim in a code span, even with backticks', () => {
    expect(inlineCode('top -H -p <pid>', 100)).toBe('`top -H -p <pid>`');
    expect(inlineCode('echo `date`', 100)).toBe('`` echo `date` ``');
    expect(inlineCode('x'.repeat(500), 50).length).toBeLessThanOrEqual(50);
  });
});

describe('autocomplete choices', () => {
  it('gives at most 25 unique choices with names and values of at most 100 characters', () => {
    const refs = Array.from({ length: 60 }, (_, i) => ref('talk', `t${i}`, `${i} ${'A very long talk title '.repeat(10)}`));
    const choices = toChoices([...refs, ...refs]);
    expect(choices.length).toBe(AUTOCOMPLETE_LIMITS.choices);
    expect(new Set(choices.map((c) => c.value)).size).toBe(choices.length);
    for (const c of choices) {
      expect(c.name.length).toBeGreaterThan(0);
      expect(c.name.length).toBeLessThanOrEqual(AUTOCOMPLETE_LIMITS.choiceName);
      expect(c.value.length).toBeGreaterThan(0);
      expect(c.value.length).toBeLessThanOrEqual(AUTOCOMPLETE_LIMITS.choiceValue);
    }
  });
});
