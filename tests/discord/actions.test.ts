/**
 * "More" and "Share" on Discord: what their custom_ids carry, that a forged
 * id decodes to nothing it could not be, and that the rendered message keeps
 * them within Discord's component limits.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ComponentType } from 'discord.js';
import { MORE_PREFIX, SHARE_PREFIX, sourceButtonId, sourceFromButtonId } from '../../adapters/discord/actions.js';
import { COMPONENT_LIMITS } from '../../adapters/discord/limits.js';
import { renderDiscord } from '../../adapters/discord/render.js';
import { Hallway } from '../../src/hallway.js';

let hallway: Hallway;
beforeAll(async () => {
  hallway = await Hallway.load('knowledge');
});

describe('More and Share custom_ids', () => {
  it('round-trip a command with its query and an entity to open, at either length', () => {
    const cmd = sourceButtonId(MORE_PREFIX, { type: 'command', command: 'talk', query: 'kuma mesh', detail: 'full' })!;
    expect(sourceFromButtonId(cmd)).toEqual({ action: 'more', source: { type: 'command', command: 'talk', query: 'kuma mesh', detail: 'full' } });
    const ref = { kind: 'tool', event: 'devopscon-2023', id: 'kuma' } as const;
    const open = sourceButtonId(SHARE_PREFIX, { type: 'open', ref, detail: 'short' })!;
    expect(sourceFromButtonId(open)).toEqual({ action: 'share', source: { type: 'open', ref, detail: 'short' } });
  });

  it('are never longer than Discord allows: a query too long for one gives no button', () => {
    expect(sourceButtonId(MORE_PREFIX, { type: 'command', command: 'ask', query: 'x'.repeat(200), detail: 'full' })).toBeUndefined();
  });

  it('forged ids decode to nothing: another command, a bad ref, junk', () => {
    for (const id of [
      `${MORE_PREFIX}f|c|tip|subscribe 09:00`,
      `${SHARE_PREFIX}s|c|help|`,
      `${SHARE_PREFIX}s|c|insights|`,
      `${MORE_PREFIX}f|o|talk:../../etc:passwd`,
      `${MORE_PREFIX}x|c|talk|kuma`,
      `${MORE_PREFIX}`,
      'hallway:share:',
    ]) {
      expect(sourceFromButtonId(id), id).toBeUndefined();
    }
  });
});

describe('rendering More and Share', () => {
  it('a chat answer gets More and Share; the whole card gets no second More', () => {
    const source = { type: 'command', command: 'talk', query: 'kuma' } as const;
    const more = sourceButtonId(MORE_PREFIX, { ...source, detail: 'full' });
    const share = sourceButtonId(SHARE_PREFIX, { ...source, detail: 'short' });
    const ids = (m: ReturnType<typeof renderDiscord>) => m.components.flatMap((r) => r.components.map((c) => c.custom_id));

    const short = renderDiscord(hallway.command('talk', 'kuma'), { more, share });
    expect(ids(short)).toEqual(expect.arrayContaining([more, share]));
    const full = renderDiscord(hallway.command('talk', 'kuma', {}, 'full'), { more, share });
    expect(ids(full)).not.toContain(more);
    expect(ids(full)).toContain(share);
    for (const m of [short, full]) {
      expect(m.components.length).toBeLessThanOrEqual(COMPONENT_LIMITS.actionRows);
      for (const row of m.components) {
        expect(row.type).toBe(ComponentType.ActionRow);
        expect(row.components.length).toBeLessThanOrEqual(COMPONENT_LIMITS.buttonsPerRow);
      }
    }
  });

  it('a no-answer reply offers neither', () => {
    const m = renderDiscord(hallway.ask('recipe for lasagna'), { more: 'hallway:more:x', share: 'hallway:share:x' });
    expect(m.components.flatMap((r) => r.components.map((c) => c.custom_id))).not.toContain('hallway:more:x');
  });
});

describe('"Did you mean"', () => {
  it('is said once, right above its buttons, on every renderer', async () => {
    const { renderPlain } = await import('../../src/render/plain.js');
    const { renderSlack } = await import('../../adapters/slack/render.js');
    const reply = {
      ...hallway.ask('recipe for lasagna'),
      suggestions: [{ kind: 'tool', event: 'devopscon-2023', id: 'kuma', label: 'Kuma' }] as const,
    };
    const count = (text: string) => text.split(/did you mean/i).length - 1;
    expect(count(renderPlain(reply))).toBe(1);
    expect(count(JSON.stringify(renderSlack(reply).blocks))).toBe(1);
    const discord = renderDiscord(reply);
    expect(count(JSON.stringify(discord.embeds))).toBe(1);
    expect(discord.embeds[0]!.description!.trimEnd()).toMatch(/Did you mean…\**$/);
  });
});
