/**
 * Replies that are not an entity's card: help, "no answer", the tip notice.
 * Every example they give is drawn from the loaded knowledge (real talk, tool
 * and topic names), never written in code, so they fit whichever conference
 * is loaded.
 */
import { COMMANDS, type CommandName } from '../commands.js';
import { refOf, type Entity, type KnowledgeBase } from '../knowledge/base.js';
import type { EntityRef, Reply } from '../reply.js';

export type CommandNames = Partial<Record<CommandName, string>>;

const nameOf = (names: CommandNames, c: CommandName) => names[c] ?? `/${c}`;

/** A short thing to type after a command, taken from the knowledge: a talk topic, a tool's problem, a question. */
function exampleFor(kb: KnowledgeBase, command: CommandName): string | undefined {
  switch (command) {
    case 'talk': {
      const talk = kb.all('talk').find((t) => t.tags.length > 0) ?? kb.all('talk')[0];
      return talk ? (talk.tags[0] ?? talk.label) : undefined;
    }
    case 'tool': {
      const tool = kb.all('tool').find((t) => t.data.problems.length > 0 && t.links.talk.length > 0);
      return tool?.data.problems[0] ?? kb.all('tool')[0]?.label;
    }
    case 'ask': {
      const talk = kb.all('talk').find((t) => t.links.speaker.length > 0 && t.tags.length > 0);
      return talk ? `who talked about ${talk.tags[0]}?` : undefined;
    }
    case 'tip':
      return 'subscribe 09:00 Europe/Berlin weekdays';
    default:
      return undefined;
  }
}

/** Example questions drawn from the knowledge itself. */
function exampleQuestions(kb: KnowledgeBase): string[] {
  const out: string[] = [];
  const tool = kb.all('tool').find((t) => t.data.problems.length > 0 && t.links.talk.length > 0);
  if (tool) out.push(`which tool can I use to ${tool.data.problems[0]}?`);
  const ask = exampleFor(kb, 'ask');
  if (ask) out.push(ask);
  const booth = kb.all('booth')[0];
  if (booth) out.push(`what was at the ${booth.label} booth?`);
  return out;
}

function commandLine(kb: KnowledgeBase, names: CommandNames, c: (typeof COMMANDS)[number]): { title: string; text: string; code?: string } {
  const example = exampleFor(kb, c.name);
  return {
    title: nameOf(names, c.name),
    text: c.description,
    ...(example ? { code: `${nameOf(names, c.name)} ${example}` } : {}),
  };
}

/** Help: every command with an example from the knowledge; `about` narrows it to one command. */
export function helpReply(kb: KnowledgeBase, names: CommandNames = {}, about?: CommandName, missing = false): Reply {
  const events = kb.events.map((e) => e.event.label);
  const spec = about ? COMMANDS.find((c) => c.name === about) : undefined;
  if (spec) {
    const example = exampleFor(kb, spec.name);
    const usage = 'usage' in spec ? ` ${spec.usage}` : '';
    const lead = missing
      ? `${nameOf(names, spec.name)} needs something to look up${example ? `, for example: ${nameOf(names, spec.name)} ${example}` : '.'}`
      : `${nameOf(names, spec.name)}${usage}: ${spec.description}.${example ? ` For example: ${nameOf(names, spec.name)} ${example}` : ''}`;
    return notice('help', '', `Help: ${nameOf(names, spec.name)}`, lead);
  }
  return {
    ...notice(
      'help',
      '',
      'Hallway: ask about the conference',
      `I answer questions about ${events.join(' and ') || 'the conference'}: its talks, speakers, the tools they mentioned, the expo booths and the recommended books. Ask in plain words, or use a command.`,
    ),
    sections: [
      { heading: 'Commands', items: COMMANDS.map((c) => commandLine(kb, names, c)) },
      { heading: 'Or just ask', items: exampleQuestions(kb).map((text) => ({ text })) },
    ],
  };
}

/** "I found nothing": up to three "did you mean" suggestions and one example to try. */
export function noAnswerReply(kb: KnowledgeBase, query: string, candidates: readonly Entity[], names: CommandNames = {}): Reply {
  const labels = new Set<string>();
  const suggestions: EntityRef[] = candidates
    .filter((e) => !labels.has(e.label.toLowerCase()) && labels.add(e.label.toLowerCase()))
    .slice(0, 3)
    .map(refOf);
  const talk = exampleFor(kb, 'talk');
  const tool = exampleFor(kb, 'tool');
  const tries = [talk ? `${nameOf(names, 'talk')} ${talk}` : undefined, tool ? `${nameOf(names, 'tool')} ${tool}` : undefined].filter(
    (t): t is string => t !== undefined,
  );
  // "Did you mean" is said once, by each renderer, right above its suggestions.
  const hint = suggestions.length > 0 ? '' : ` Try a talk topic, a speaker or a tool${tries.length ? `, e.g. ${tries.join(' or ')}` : ''}.`;
  return {
    ...notice('no-answer', query, 'No answer found', `I found nothing about “${query}” in the conference notes.${hint}`),
    suggestions,
  };
}

/** Where the core alone has no tips service: says where tips come from. */
export function tipNotice(query: string): Reply {
  return notice('notice', query, 'Daily tips', 'Daily tips are not switched on here yet. Meanwhile, ask about any talk, tool or speaker.');
}

/** "/insights" typed where only the core answers (a mention, a DM): where the report is. */
export function insightsNotice(names: CommandNames = {}): Reply {
  return notice(
    'notice',
    '',
    'Insights',
    `Insights are for organisers: run the ${nameOf(names, 'insights')} slash command, or npm run insights where the bot runs.`,
  );
}

function notice(status: Reply['status'], query: string, title: string, lead: string): Reply {
  return { status, query, title, lead, fields: [], sections: [], related: [], suggestions: [], hits: [] };
}
