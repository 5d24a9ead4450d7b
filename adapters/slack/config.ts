/**
 * The Slack adapter's configuration, read from the environment once, checked
 * with zod and frozen. Nothing else in the adapter reads `process.env`.
 *
 * | Variable               | Meaning                                                                |
 * |------------------------|------------------------------------------------------------------------|
 * | SLACK_BOT_TOKEN        | required; the bot token (`xoxb-…`)                                     |
 * | SLACK_APP_TOKEN        | the app-level token (`xapp-…`); set → Socket Mode, unset → HTTP mode   |
 * | SLACK_SIGNING_SECRET   | required in HTTP mode; verifies that requests come from Slack          |
 * | PORT                   | HTTP mode: the port for `POST /slack/events` (default 3000)            |
 * | SLACK_HTTP_HOST        | HTTP mode: the address to listen on (default: every interface)         |
 * | SLACK_API_URL          | another Web API base URL (a proxy, a test fake); must end with "/"     |
 * | SLACK_COMMAND_TALK …   | the slash command names (TALK, TOOL, ASK, TIP, HELP; default /talk …)  |
 * | SLACK_ADMIN_USER_IDS   | comma-separated user ids allowed to manage tips (U…, W…)               |
 */
import { z } from 'zod';
import { envText, issueSentences, readPort } from '../../src/config.js';
import { COMMAND_NAMES, type CommandName } from '../../src/commands.js';
import { MAX_COMMAND_NAME } from './limits.js';

export type SlackMode = 'socket' | 'http';

export interface SlackConfig {
  /** Socket Mode when an app token is set, HTTP mode otherwise. */
  readonly mode: SlackMode;
  readonly botToken: string;
  readonly appToken?: string;
  readonly signingSecret?: string;
  readonly port: number;
  readonly host?: string;
  /** The Web API base URL, ending with "/"; undefined means Slack's own. */
  readonly apiUrl?: string;
  /** The slash command for each core command, e.g. `{ talk: '/talk' }`. */
  readonly commands: Readonly<Record<CommandName, string>>;
  readonly adminUserIds: readonly string[];
}

export class SlackConfigError extends Error {
  override readonly name = 'SlackConfigError';
}

const PREFIX = 'hallway/slack:';

const optionalText = envText;

const COMMAND_NAME = new RegExp(`^/[a-z0-9_-]{1,${MAX_COMMAND_NAME - 1}}$`);

function commandVariable(name: CommandName): string {
  return `SLACK_COMMAND_${name.toUpperCase()}`;
}

/** The configured value of a command's variable. */
function commandValue(env: object, name: CommandName): string | undefined {
  return (env as Record<string, string | undefined>)[commandVariable(name)];
}

const commandShape = Object.fromEntries(COMMAND_NAMES.map((name) => [commandVariable(name), optionalText])) as Record<
  string,
  typeof optionalText
>;

const slackShape = z
  .object({
    SLACK_BOT_TOKEN: optionalText,
    SLACK_APP_TOKEN: optionalText,
    SLACK_SIGNING_SECRET: optionalText,
    PORT: optionalText,
    SLACK_HTTP_HOST: optionalText,
    SLACK_API_URL: optionalText,
    SLACK_ADMIN_USER_IDS: optionalText,
    ...commandShape,
  })
  .superRefine((env, ctx) => {
    const problem = (variable: string, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });

    if (!env.SLACK_BOT_TOKEN) problem('SLACK_BOT_TOKEN', 'is required: the Bot User OAuth Token (xoxb-…) from "OAuth & Permissions"');
    else if (!env.SLACK_BOT_TOKEN.startsWith('xoxb-')) problem('SLACK_BOT_TOKEN', 'must be a bot token starting with "xoxb-"');

    if (env.SLACK_APP_TOKEN && !env.SLACK_APP_TOKEN.startsWith('xapp-')) {
      problem('SLACK_APP_TOKEN', 'must be an app-level token starting with "xapp-" (Basic Information → App-Level Tokens, scope connections:write)');
    }
    if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      problem(
        'SLACK_SIGNING_SECRET',
        'is required in HTTP mode (no SLACK_APP_TOKEN set): the Signing Secret from "Basic Information"; or set SLACK_APP_TOKEN for Socket Mode',
      );
    }

    readPort(ctx, 'PORT', env.PORT);

    if (env.SLACK_API_URL !== undefined) {
      let url: URL | undefined;
      try {
        url = new URL(env.SLACK_API_URL);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        problem('SLACK_API_URL', 'must be an http(s) URL such as "https://slack.com/api/"');
      } else if (!env.SLACK_API_URL.endsWith('/')) {
        problem('SLACK_API_URL', `must end with "/" (e.g. "${env.SLACK_API_URL}/")`);
      }
    }

    const seen = new Map<string, string>();
    for (const name of COMMAND_NAMES) {
      const variable = commandVariable(name);
      const value = commandValue(env, name);
      if (value === undefined) continue;
      const command = normaliseCommand(value);
      if (!COMMAND_NAME.test(command)) {
        problem(variable, `must be a slash command name such as "/conf-${name}" (lower-case letters, digits, "-" or "_", at most ${MAX_COMMAND_NAME} characters)`);
      }
    }
    for (const name of COMMAND_NAMES) {
      const command = normaliseCommand(commandValue(env, name) ?? `/${name}`);
      const other = seen.get(command);
      if (other) problem(commandVariable(name), `names the same command "${command}" as ${commandVariable(other as CommandName)}`);
      else seen.set(command, name);
    }

    for (const id of splitList(env.SLACK_ADMIN_USER_IDS)) {
      if (!/^[UW][A-Z0-9]{2,}$/.test(id)) {
        problem('SLACK_ADMIN_USER_IDS', `must be Slack user ids such as "U0123ABCD" separated by commas (got "${id.slice(0, 40)}")`);
        break;
      }
    }
  });

function normaliseCommand(value: string): string {
  const v = value.trim().toLowerCase();
  return v.startsWith('/') ? v : `/${v}`;
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

type SlackEnv = z.infer<typeof slackShape>;

function build(e: SlackEnv): SlackConfig {
  const commands = Object.freeze(
    Object.fromEntries(COMMAND_NAMES.map((name) => [name, normaliseCommand(commandValue(e, name) ?? `/${name}`)])) as Record<
      CommandName,
      string
    >,
  );
  const config: SlackConfig = {
    mode: e.SLACK_APP_TOKEN ? 'socket' : 'http',
    botToken: e.SLACK_BOT_TOKEN ?? '',
    port: e.PORT === undefined ? 3000 : Number(e.PORT),
    commands,
    adminUserIds: Object.freeze(splitList(e.SLACK_ADMIN_USER_IDS)),
    ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
    ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
    ...(e.SLACK_HTTP_HOST ? { host: e.SLACK_HTTP_HOST } : {}),
    ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
  };
  return Object.freeze(config);
}

/**
 * The Slack section of the configuration (see adapters/config.ts): an
 * environment in, a {@link SlackConfig} out, every wrong variable named.
 */
export const slackEnvSchema = slackShape.transform(build);

/** Whether the environment asks for Slack: SLACK_BOT_TOKEN is set. */
export function wantsSlack(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.SLACK_BOT_TOKEN?.trim());
}

/**
 * Reads the Slack configuration from `env`. Throws a {@link SlackConfigError}
 * naming every variable that is missing or wrong; secrets are never quoted.
 */
export function parseSlackConfig(env: NodeJS.ProcessEnv): SlackConfig {
  const result = slackEnvSchema.safeParse(env);
  if (!result.success) {
    throw new SlackConfigError(issueSentences(result.error.issues).map((line) => `${PREFIX} ${line}`).join('\n'));
  }
  return result.data;
}

/** The secrets in a configuration, for scrubbing them from log lines. */
export function configSecrets(config: SlackConfig): string[] {
  return [config.botToken, config.appToken, config.signingSecret].filter((s): s is string => typeof s === 'string' && s.length >= 8);
}
