/**
 * `npm run --silent ask -- [--json] [--knowledge DIR] "<text>"`
 *
 * Prints the reply to one text, or, without a text argument, reads texts from
 * standard input one per line and prints one reply per line (with --json,
 * one JSON object per line, in order).
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { tryReadCoreConfig } from '../config.js';
import { Hallway } from '../hallway.js';
import { KnowledgeError } from '../knowledge/load.js';
import type { Reply } from '../reply.js';
import { renderPlain, renderPlainLine } from '../render/plain.js';

/** The JSON contract of `ask --json`, one object per question. */
export interface AskJson {
  query: string;
  answered: boolean;
  /** The chat-sized reply as plain text. */
  text: string;
  /** The whole card as plain text ("More"), when it says more than `text`. */
  full?: string;
  hits: Array<{ kind: string; id: string; title: string; score: number }>;
}

export function toJson(text: string, reply: Reply, full?: Reply): AskJson {
  const answered = reply.status === 'answer';
  return {
    query: text,
    answered,
    text: renderPlain(reply),
    ...(full && reply.more ? { full: renderPlain(full) } : {}),
    hits: answered ? reply.hits.map(({ kind, id, title, score }) => ({ kind, id, title, score })) : [],
  };
}

const USAGE = 'usage: npm run --silent ask -- [--json [--full]] [--knowledge DIR] ["<text>"]';

export async function main(argv: string[], io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, full: { type: 'boolean', default: false }, knowledge: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    io.stderr.write(`hallway/ask: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const core = tryReadCoreConfig();
  if (!core.ok) {
    io.stderr.write(core.text);
    return 2;
  }
  const dir = args.values.knowledge ?? core.config.knowledgeDir;
  let hallway: Hallway;
  try {
    hallway = await Hallway.load(dir);
  } catch (err) {
    io.stderr.write(`${err instanceof KnowledgeError ? err.message : `hallway/ask: ${(err as Error).message}`}\n`);
    return 1;
  }
  const json = args.values.json;
  const one = (text: string, multiLine: boolean) => {
    const reply = hallway.ask(text);
    return json ? JSON.stringify(toJson(text, reply, args.values.full && reply.more ? hallway.ask(text, {}, 'full') : undefined)) : multiLine ? renderPlain(reply) : renderPlainLine(reply);
  };
  if (args.positionals.length > 0) {
    io.stdout.write(`${one(args.positionals.join(' '), true)}\n`);
    return 0;
  }
  const rl = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
  for await (const line of rl) io.stdout.write(`${one(line, false)}\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
