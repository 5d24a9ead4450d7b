/**
 * The plain-text renderer: a reply as lines of text, for the CLI, the console
 * chat and notification fallbacks. Pure; no markup, nothing escaped (plain
 * text has nothing to escape).
 *
 * Compact on purpose: the title, the lead, the fields on one line, the
 * sections, then one line with what else to look at and where the answer
 * comes from. The talk a reply comes from is named once: not again when it is
 * the title.
 */
import type { Reply, ReplyItem } from '../reply.js';

function itemLine(item: ReplyItem): string {
  const code = item.code ? ` \`${item.code}\`` : '';
  const head = item.title ?? '';
  const text = item.text ? `${head ? ' — ' : ''}${item.text}` : '';
  return `  • ${head}${code}${text}`;
}

/** Where the answer comes from, without what the reply already shows. */
export function sourceLine(reply: Reply): string | undefined {
  const source = reply.source;
  if (!source) return undefined;
  const parts: string[] = [];
  if (source.talk && source.talk.label !== reply.title && !reply.lead.includes(source.talk.label)) {
    const by = source.speakers?.length ? ` by ${source.speakers.map((s) => s.label).join(', ')}` : '';
    parts.push(`“${source.talk.label}”${by}`);
  }
  if (source.event && !reply.title.includes(source.event.label)) parts.push(source.event.label);
  if (source.note) parts.push(source.note);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

export function renderPlain(reply: Reply): string {
  const lines: string[] = [reply.title];
  if (reply.lead) lines.push(reply.lead);
  if (reply.fields.length > 0) lines.push(reply.fields.map((f) => `${f.name}: ${f.value}`).join(' · '));
  for (const s of reply.sections) {
    if (s.heading) lines.push(`${s.heading}:`);
    if (s.text) lines.push(s.text);
    for (const item of s.items ?? []) lines.push(itemLine(item));
  }
  if (reply.related.length > 0) lines.push(`Also see: ${reply.related.map((r) => r.label).join(' · ')}`);
  const source = sourceLine(reply);
  if (source) lines.push(`— ${source}`);
  if (reply.suggestions.length > 0) lines.push(`Did you mean: ${reply.suggestions.map((s) => s.label).join(' · ')}`);
  return lines.join('\n');
}

/** The reply on one line, for one-reply-per-line output. */
export function renderPlainLine(reply: Reply): string {
  return renderPlain(reply).replace(/\s*\n+\s*/g, ' | ');
}
