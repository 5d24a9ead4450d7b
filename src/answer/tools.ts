/**
 * Answers that are tools: a named tool's card, or the tools for a problem,
 * best first, one line each, and the outdated ones last.
 */
import type { Entity, KnowledgeBase, ToolEntity } from '../knowledge/base.js';
import type { Language } from '../language/language.js';
import type { Reply } from '../reply.js';
import type { Match } from '../search/index.js';
import type { SearchOptions } from '../search/options.js';
import { tokenize } from '../text/normalize.js';
import { cardInput, toolCard, toolList } from './cards.js';
import { pointOnTool } from './leads.js';
import { allNameWords, namedIn, someNameIn } from './names.js';
import type { Question } from './question.js';

/** What the tool answers read: the knowledge, the language and the search options. */
export interface ToolContext {
  readonly kb: KnowledgeBase;
  readonly language: Language;
  readonly options: SearchOptions;
}

/**
 * "/tool grafana" names a tool: its card, which also lists the tools whose
 * problems mention it. "which tool can I use for a heap dump?" asks for
 * tools: those whose problems mention the named thing, or else the
 * best-matching tools, best first, what each is for and where it was
 * mentioned. A tool the notes call outdated comes last unless asked for.
 */
export function toolAnswer(ctx: ToolContext, q: Question, words: readonly string[], related: readonly Match[], full: boolean): Reply | undefined {
  const scoreOf = toolScore(ctx, q, related);
  const tools = toolsOf(ctx, related);
  if (tools.length === 0) return undefined;
  const exact = tools.find((t) => namedIn(ctx.language, t, words) && words.every((w) => allNameWords(t).includes(w)));
  const solvers = exact ? tools.filter((t) => t !== exact && solves(ctx, t, exact)) : [];
  const asksForTools = q.asked === 'tool';
  if (exact && !(asksForTools && solvers.length > 0)) {
    return toolCard(ctx.kb, exact, cardInput(q.query, [exact, ...solvers], related, full), ordered(ctx, q, solvers, related));
  }
  // "What's the command to install python 3.13 with uv": a tool the question
  // names, with a key point about it that covers clearly more of the question
  // than any other tool does, is the answer, leading with that point.
  const named = solvers.length === 0 ? tools.find((t) => namedIn(ctx.language, t, words)) : undefined;
  if (named) {
    const others = Math.max(0, ...tools.filter((t) => t !== named).map((t) => coverageOf(t, related)));
    const said = coverageOf(named, related) >= others + ctx.options.coverageMargin ? pointOnTool(ctx.language, named, words, related) : undefined;
    if (said) return toolCard(ctx.kb, named, cardInput(q.query, [named], related, full), [], said);
  }
  const pool = (solvers.length > 0 ? solvers : tools).filter((t) => !namedIn(ctx.language, t, words));
  // Which tools make the list is decided by how well each matched; an
  // outdated one that matched well is listed, last.
  const top = Math.max(0, ...pool.map(scoreOf));
  const rawScore = (t: ToolEntity) => related.find((m) => m.doc.owner === t)?.score ?? 0;
  const list = ordered(ctx, q, pool.filter((t) => rawScore(t) >= top * ctx.options.listRatio), related);
  if (list.length > 1) return toolList(ctx.kb, list, cardInput(q.query, list, related, full));
  const tool = list[0] ?? tools[0]!;
  return toolCard(ctx.kb, tool, cardInput(q.query, [tool], related, full));
}

/**
 * How well a tool answers: its best match's score, halved when the notes
 * call it outdated and the question does not ask for that.
 */
function toolScore(ctx: ToolContext, q: Question, related: readonly Match[]): (t: ToolEntity) => number {
  return (t) => {
    const score = related.find((m) => m.doc.owner === t)?.score ?? 0;
    const old = !q.mentionsOutdated && ctx.language.callsOutdated(`${t.data.purpose} ${t.tags.join(' ')}`);
    return old ? score * 0.5 : score;
  };
}

/** Tools best-matching first, outdated ones last (see {@link toolScore}). */
function ordered(ctx: ToolContext, q: Question, tools: readonly ToolEntity[], related: readonly Match[]): ToolEntity[] {
  const scoreOf = toolScore(ctx, q, related);
  return [...tools].sort((a, b) => scoreOf(b) - scoreOf(a));
}

/** How much of the question a tool's own document, or a key point about the tool, covers at best. */
function coverageOf(tool: ToolEntity, related: readonly Match[]): number {
  let best = 0;
  for (const m of related) {
    const owner = m.doc.owner;
    const about =
      owner === tool ||
      (m.doc.type === 'point' && owner.kind === 'talk' && owner.event === tool.event && (owner.data.points[m.doc.index!]?.tools.includes(tool.id) ?? false));
    if (about) best = Math.max(best, m.coverage);
  }
  return best;
}

function toolsOf(ctx: ToolContext, related: readonly Match[]): ToolEntity[] {
  const tools: ToolEntity[] = [];
  // With several events the same tool may be described in each: list it once.
  const names = new Set<string>();
  for (const m of related) {
    const owner = m.doc.owner;
    if (m.doc.type !== 'tool' || owner.kind !== 'tool' || names.has(owner.label.toLowerCase())) continue;
    names.add(owner.label.toLowerCase());
    tools.push(owner);
  }
  if (tools.length === 0) {
    for (const m of related.slice(0, 1)) {
      if (m.doc.type === 'point' && m.doc.owner.kind === 'talk') {
        for (const id of m.doc.owner.data.points[m.doc.index!]?.tools ?? []) {
          const t = ctx.kb.get('tool', m.doc.owner.event, id);
          if (t) tools.push(t);
        }
      }
    }
  }
  return tools.slice(0, ctx.options.maxListItems);
}

/** True when one of `tool`'s problems mentions `subject` by name ("analyse a heap dump"). */
function solves(ctx: ToolContext, tool: ToolEntity, subject: Entity): boolean {
  const problemWords = new Set(tool.data.problems.flatMap((p) => tokenize(p)));
  return someNameIn(ctx.language, [subject.label, ...subject.aliases], (w) => problemWords.has(w));
}
