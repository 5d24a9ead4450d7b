/**
 * The slash commands, declared as data from the core's `COMMANDS`, so names,
 * descriptions and option help are the same on every platform. Registered by
 * `deploy.ts` in one bulk overwrite; listed in one explicit array below.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPutAPIApplicationCommandsJSONBody,
  type RESTPutAPIApplicationGuildCommandsJSONBody,
} from 'discord.js';
import { COMMANDS, type CommandName, type CommandSpec } from '../../src/commands.js';
import { MAX_QUERY_LENGTH } from '../../src/text/normalize.js';
import { COMMAND_LIMITS } from './limits.js';
import { cut } from './text.js';

/** The name of every command's one string option. */
export const QUERY_OPTION = 'query';

/**
 * Who sees `/tip` in the command picker, as a permission bit set in a decimal
 * string (Discord's `default_member_permissions`): Manage Channels ("16"), the
 * same permission `/tip subscribe` and `/tip unsubscribe` check at run time
 * (handlers.ts), so the picker does not offer members a command that would
 * refuse them. A server admin can open it to more roles under Server Settings →
 * Integrations → Hallway; subscribing still needs Manage Channels in the
 * channel. Changing this needs `npm run discord:deploy` again.
 */
export const TIP_DEFAULT_MEMBER_PERMISSIONS: string | null = PermissionFlagsBits.ManageChannels.toString();

function spec(name: CommandName): CommandSpec {
  const found = COMMANDS.find((c) => c.name === name);
  if (!found) throw new Error(`hallway/discord: no command "${name}" in src/commands.ts`);
  return found;
}

function queryHelp(s: CommandSpec): string {
  if (s.name === 'help') return 'A command or topic to get help on (optional)';
  if (s.name === 'insights') return 'Leave empty for the last 7 days';
  if (s.name === 'tip') return `Leave empty for today's tip, or e.g. ${s.usage ?? 'subscribe'}`;
  return s.usage ? `What to look for: ${s.usage}` : 'What to look for';
}

/** One slash command from its core spec; `query` is required where the command needs one. */
function slash(
  name: CommandName,
  extra: Pick<RESTPostAPIChatInputApplicationCommandsJSONBody, 'default_member_permissions'> = {},
) {
  const s = spec(name);
  return {
    type: ApplicationCommandType.ChatInput,
    name: s.name,
    description: cut(s.description, COMMAND_LIMITS.description),
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: QUERY_OPTION,
        description: cut(queryHelp(s), COMMAND_LIMITS.optionDescription),
        required: s.name !== 'help' && s.name !== 'tip' && s.name !== 'insights',
        autocomplete: s.completes !== undefined,
        max_length: MAX_QUERY_LENGTH,
      },
    ],
    ...extra,
  } satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
}

/** Every command Hallway registers on Discord, in picker order. */
export const DISCORD_COMMANDS = [
  slash('talk'),
  slash('tool'),
  slash('ask'),
  slash('tip', { default_member_permissions: TIP_DEFAULT_MEMBER_PERMISSIONS }),
  slash('help'),
  // Organisers only, by default: the same Manage Channels right /insights checks at run time.
  slash('insights', { default_member_permissions: TIP_DEFAULT_MEMBER_PERMISSIONS }),
] satisfies RESTPutAPIApplicationCommandsJSONBody & RESTPutAPIApplicationGuildCommandsJSONBody;

/** The entity kind a command autocompletes, if any. */
export function completesFor(name: string): 'talk' | 'tool' | undefined {
  const found: CommandSpec | undefined = COMMANDS.find((c) => c.name === name);
  return found?.completes;
}
