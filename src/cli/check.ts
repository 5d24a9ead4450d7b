/**
 * `npm run --silent check -- [--knowledge DIR]`
 *
 * Validates a knowledge folder. Exit 0 when it is valid; exit 1 with one
 * `file:line:col message` line per problem otherwise.
 */
import { parseArgs } from 'node:util';
import { tryReadCoreConfig } from '../config.js';
import { checkKnowledge, formatProblem } from '../knowledge/load.js';

export async function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, options: { knowledge: { type: 'string' } } });
  } catch (err) {
    io.stderr.write(`hallway/check: ${(err as Error).message}\nusage: npm run --silent check -- [--knowledge DIR]\n`);
    return 2;
  }
  const core = tryReadCoreConfig();
  if (!core.ok) {
    io.stderr.write(core.text);
    return 2;
  }
  const dir = args.values.knowledge ?? core.config.knowledgeDir;
  let result: Awaited<ReturnType<typeof checkKnowledge>>;
  try {
    // Always parses and validates every file: the knowledge cache is never consulted here.
    result = await checkKnowledge(dir);
  } catch (err) {
    const message = (err as Error).message;
    io.stderr.write(`${message.startsWith('hallway/') ? message : `hallway/check: ${message}`}\n`);
    return 2;
  }
  const { problems, knowledge } = result;
  if (!knowledge) {
    for (const p of problems) io.stdout.write(`${formatProblem(p)}\n`);
    return 1;
  }
  const count = (kind: Parameters<typeof knowledge.all>[0]) => knowledge.all(kind).length;
  io.stderr.write(
    `knowledge ok: ${knowledge.events.length} event(s), ${count('talk')} talks, ${count('speaker')} speakers, ` +
      `${count('tool')} tools, ${count('booth')} booths, ${count('book')} books, ${knowledge.tips().length} tips\n`,
  );
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
