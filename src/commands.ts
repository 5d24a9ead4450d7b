/**
 * The commands every front end offers, declared once as data. Adapters build
 * their slash-command definitions from this list, so the names, descriptions
 * and option help stay the same on every platform.
 */

export interface CommandSpec {
  /** The default name, typed as `/name` in chat. */
  readonly name: string;
  /** One line for the platform's command picker (Discord: at most 100 characters). */
  readonly description: string;
  /**
   * The free-text argument's hint, or undefined when the command takes none.
   * Generic on purpose: examples that name real talks or tools come from the
   * loaded knowledge (`src/answer/notices.ts`), since these hints are shared by
   * every conference.
   */
  readonly usage?: string;
  /** Which kind of entity the command looks up, for autocomplete. */
  readonly completes?: 'talk' | 'tool';
}

export const COMMANDS = [
  {
    name: 'talk',
    description: 'Find a talk by topic, title, speaker or tool',
    usage: 'a topic, title or speaker',
    completes: 'talk',
  },
  {
    name: 'tool',
    description: 'Find the tools for a problem, or a tool by name',
    usage: 'a tool, or a problem to solve',
    completes: 'tool',
  },
  {
    name: 'ask',
    description: 'Ask anything about the conference',
    usage: 'a question in plain words',
  },
  {
    name: 'tip',
    description: "Today's tip from the talks",
    usage: 'subscribe 09:00 Europe/Berlin weekdays',
  },
  {
    name: 'help',
    description: 'What Hallway can answer, and how to ask',
  },
  {
    name: 'insights',
    description: "Organisers: this week's questions, gaps and feedback",
  },
] as const satisfies readonly CommandSpec[];

export type CommandName = (typeof COMMANDS)[number]['name'];
export const COMMAND_NAMES: readonly CommandName[] = COMMANDS.map((c) => c.name);

export function isCommandName(value: string): value is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(value);
}
