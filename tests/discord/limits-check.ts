/**
 * One assertion helper: a rendered Discord message is within every limit in
 * adapters/discord/limits.ts. Shared by the renderer and the bot tests.
 */
import { expect } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { COMPONENT_LIMITS, EMBED_LIMITS } from '../../adapters/discord/limits.js';
import { embedTextLength } from '../../adapters/discord/render.js';

interface Rendered {
  readonly embeds?: readonly APIEmbed[];
  readonly components?: readonly { components: readonly { custom_id?: string; label?: string }[] }[];
}

export function expectWithinDiscordLimits(message: Rendered): void {
  const embeds = message.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(EMBED_LIMITS.embeds);
  for (const e of embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.title);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.description);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldName);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue);
    }
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.footer);
    expect(e.author?.name.length ?? 0).toBeLessThanOrEqual(EMBED_LIMITS.author);
  }
  expect(embedTextLength(embeds)).toBeLessThanOrEqual(EMBED_LIMITS.total);

  const rows = message.components ?? [];
  expect(rows.length).toBeLessThanOrEqual(COMPONENT_LIMITS.actionRows);
  const ids = new Set<string>();
  for (const row of rows) {
    expect(row.components.length).toBeGreaterThan(0);
    expect(row.components.length).toBeLessThanOrEqual(COMPONENT_LIMITS.buttonsPerRow);
    for (const b of row.components) {
      expect(b.custom_id?.length ?? 0).toBeGreaterThan(0);
      expect(b.custom_id!.length).toBeLessThanOrEqual(COMPONENT_LIMITS.customId);
      expect(ids.has(b.custom_id!)).toBe(false); // custom_ids must be unique within a message
      ids.add(b.custom_id!);
      expect(b.label?.length ?? 0).toBeGreaterThan(0);
      expect(b.label!.length).toBeLessThanOrEqual(COMPONENT_LIMITS.buttonLabel);
    }
  }
}
