/**
 * Knowledge files that are not plain UTF-8 text files: bytes that are not
 * UTF-8, a named pipe, a directory or a dangling link named like a knowledge
 * file. Each gives one `file:line:col` problem through `check` (exit 1), with
 * no hang and no stack trace.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkKnowledge, firstInvalidUtf8 } from '../../src/knowledge/load.js';
import { CHECK_JS, cleanupTemp, PROBLEM_LINE, requireBuilt, tempDir, writeMinimalEvent } from './helpers.js';

afterAll(cleanupTemp);
beforeAll(requireBuilt);

/** Runs the built check script with a timeout, so a hang fails the test instead of stalling it. */
function runCheck(dir: string) {
  return spawnSync(process.execPath, [CHECK_JS, '--knowledge', dir], { encoding: 'utf8', timeout: 20_000 });
}

describe('a knowledge file that is not UTF-8', () => {
  it('is reported at the line and column of the first bad byte', async () => {
    const root = await tempDir();
    const dir = await writeMinimalEvent(root);
    const text = Buffer.concat([
      Buffer.from('- id: one\n  name: Ünïcode ok\n  purpose: fine\n- id: two\n  name: Bad '),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('\n  purpose: x\n'),
    ]);
    await writeFile(join(dir, 'tools.yaml'), text);
    const { problems, knowledge } = await checkKnowledge(root);
    expect(knowledge).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 5, col: 13 }) // "  name: Bad " is 12 characters;
    expect(problems[0]!.file.endsWith('tools.yaml')).toBe(true);
    expect(problems[0]!.message).toMatch(/not valid UTF-8.*0xff/);
  });

  it('finds the first invalid byte of truncated, overlong and surrogate sequences', () => {
    expect(firstInvalidUtf8(Buffer.from('añb€c😀'))).toBe(-1);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xe2, 0x82]))).toBe(1);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0x62, 0xed, 0xa0, 0x80]))).toBe(2);
    expect(firstInvalidUtf8(Uint8Array.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
  });
});

describe('something other than a regular file named *.yaml', () => {
  const cases: Array<[string, (path: string) => Promise<void>, RegExp]> = [
    ['a named pipe (FIFO)', async (path) => void execFileSync('mkfifo', [path]), /named pipe/],
    ['a directory', (path) => mkdir(path).then(() => undefined), /a folder/],
    ['a dangling link', (path) => symlink(join(path, '..', 'nowhere.yaml'), path), /link/],
  ];
  for (const [what, make, message] of cases) {
    it(`${what} gives one file:line:col line and exit 1, without hanging or a stack`, async () => {
      const root = await tempDir();
      const dir = await writeMinimalEvent(root);
      await make(join(dir, 'books.yaml'));
      const run = runCheck(root);
      expect(run.error).toBeUndefined(); // no timeout
      expect(run.status).toBe(1);
      const lines = run.stdout.split('\n').filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(PROBLEM_LINE);
      expect(lines[0]).toMatch(/books\.yaml:1:1 /);
      expect(lines[0]).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  }
});
