/**
 * The plain-text renderer: a reply as lines of text, for the CLI, the console
 * chat and notification fallbacks. Pure; no markup, nothing escaped (plain
 * text has nothing to escape).
 */
import type { Reply, ReplyItem } from '../reply.js';

function itemLine(item: ReplyItem): string {
  const code = item.code ? ` \`${item.code}\`` : '';
  const text = item.text ? ` — ${item.text}` : '';
  return `  • ${item.title}${code}${text}`;
}

export function renderPlain(reply: Reply): string {
  const lines: string[] = [reply.title];
  if (reply.lead) lines.push(reply.lead);
  for (const f of reply.fields) lines.push(`${f.name}: ${f.value}`);
  for (const s of reply.sections) {
    lines.push('');
    if (s.heading) lines.push(`${s.heading}:`);
    if (s.text) lines.push(s.text);
    for (const item of s.items ?? []) lines.push(itemLine(item));
  }
  if (reply.related.length > 0) lines.push('', `Also see: ${reply.related.map((r) => r.label).join(' · ')}`);
  if (reply.source?.talk) {
    const by = reply.source.speakers?.length ? ` — ${reply.source.speakers.map((s) => s.label).join(', ')}` : '';
    lines.push(`Source: “${reply.source.talk.label}”${by}${reply.source.event ? `, ${reply.source.event.label}` : ''}`);
  } else if (reply.source?.event) {
    lines.push(`Source: ${reply.source.event.label}${reply.source.note ? ` (${reply.source.note})` : ''}`);
  }
  if (reply.suggestions.length > 0) lines.push('', `Did you mean: ${reply.suggestions.map((s) => s.label).join(' · ')}`);
  return lines.join('\n');
}

/** The reply on one line, for one-reply-per-line output. */
export function renderPlainLine(reply: Reply): string {
  return renderPlain(reply).replace(/\s*\n+\s*/g, ' | ');
}
