/**
 * The console chat: a prompt on standard input and output that takes the same
 * texts as chat ("/talk kuma", plain questions) and prints plain-text replies.
 * Used when no platform credentials are set; ends cleanly at end of input.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Hallway } from '../../src/hallway.js';
import { parseInput } from '../../src/input.js';
import type { TipsService } from '../../src/tips/service.js';
import { insightsOffReply, type InsightsPort } from '../../src/insights/service.js';
import { notifyQuestion, type QuestionObserver } from '../../src/observe.js';
import { renderPlain } from '../../src/render/plain.js';

export interface ConsoleDeps {
  readonly hallway: Hallway;
  /** Answers /tip; without it /tip gets the core's notice. */
  readonly tips?: Pick<TipsService, 'handle'>;
  readonly input: Readable;
  readonly output: Writable;
  /** Show a prompt (only useful on a terminal). */
  readonly prompt?: boolean;
  /** Told about each question after its reply is printed (metrics, logs, insights). */
  readonly observers?: readonly QuestionObserver[];
  /** Answers /insights (the console's user runs the process, so may see them). */
  readonly insights?: InsightsPort;
  /** Where an observer's failure is reported. */
  readonly onObserverError?: (err: unknown) => void;
}

export const CONSOLE_INTRO = [
  'Hallway console: no chat platform is configured, so questions are read here.',
  'To connect Slack, set SLACK_BOT_TOKEN (and SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET for HTTP);',
  'to connect Discord, set DISCORD_TOKEN and DISCORD_APPLICATION_ID. See README.md.',
  'Type /help, /talk <a topic>, /tool <a problem>, or a question. End with Ctrl-D.',
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
      const at = new Date();
      const parsed = parseInput(line);
      let reply;
      try {
        reply =
          parsed.command === 'tip' && deps.tips
            ? await deps.tips.handle({ platform: 'console', channelId: 'console', userId: 'console', text: parsed.query, canManage: false })
            : parsed.command === 'insights'
              ? (deps.insights?.summary(true) ?? insightsOffReply())
              : hallway.ask(line);
        output.write(`${renderPlain(reply)}\n\n`);
      } catch (err) {
        // One line that failed (e.g. a tips database that cannot be written) never ends the chat.
        output.write(`hallway: could not answer that: ${(err as Error).message}\n\n`);
        if (deps.prompt) rl.prompt();
        continue;
      }
      answered++;
      if (parsed.command !== 'insights') {
        notifyQuestion(
          deps.observers,
          { at, platform: 'console', command: parsed.command, via: 'message', query: reply.query || parsed.query, status: reply.status, ...(reply.hits[0] ? { topHit: reply.hits[0] } : {}), latencyMs: Date.now() - at.getTime(), askerId: 'console' },
          deps.onObserverError,
        );
      }
    }
    if (deps.prompt) rl.prompt();
  }
  return answered;
}
