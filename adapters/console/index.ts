/**
 * The console chat: a prompt on standard input and output that takes the same
 * texts as chat ("/talk kuma", plain questions) and prints plain-text replies.
 * Used when no platform credentials are set; ends cleanly at end of input.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Hallway } from '../../src/hallway.js';
import type { QuestionObserver } from '../../src/observe.js';
import { parseInput } from '../../src/input.js';
import type { TipsService } from '../../src/tips/service.js';
import { renderPlain } from '../../src/render/plain.js';

export interface ConsoleDeps {
  readonly hallway: Hallway;
  /** Answers /tip; without it /tip gets the core's notice. */
  readonly tips?: Pick<TipsService, 'handle'>;
  readonly input: Readable;
  readonly output: Writable;
  /** Show a prompt (only useful on a terminal). */
  readonly prompt?: boolean;
  /** Told about every answered question (metrics, logs, insights). */
  readonly observers?: readonly QuestionObserver[];
}

export const CONSOLE_INTRO = [
  'Hallway console: no chat platform is configured, so questions are read here.',
  'To connect Slack, set SLACK_BOT_TOKEN (and SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET for HTTP);',
  'to connect Discord, set DISCORD_TOKEN and DISCORD_APPLICATION_ID. See README.md.',
  'Type /help, /talk kuma, /tool heap dump, or a question. End with Ctrl-D.',
].join('\n');

/** Runs the chat until the input ends. Resolves with the number of texts answered. */
export async function runConsole(deps: ConsoleDeps): Promise<number> {
  const { hallway, input, output } = deps;
  output.write(`${CONSOLE_INTRO}\n\n`);
  const rl = createInterface({ input, output: deps.prompt ? output : undefined, terminal: Boolean(deps.prompt) });
  if (deps.prompt) rl.setPrompt('hallway> ');
  let answered = 0;
  if (deps.prompt) rl.prompt();
  for await (const line of rl) {
    if (line.trim()) {
      const parsed = parseInput(line);
      const reply =
        parsed.command === 'tip' && deps.tips
          ? await deps.tips.handle({ platform: 'console', channelId: 'console', userId: 'console', text: parsed.query, canManage: false })
          : hallway.ask(line);
      output.write(`${renderPlain(reply)}\n\n`);
      answered++;
    }
    if (deps.prompt) rl.prompt();
  }
  return answered;
}
