/**
 * A fingerprint of the code that shapes what the knowledge cache stores: the
 * schema that validates a file, and the indexer with the language data and
 * text folding it uses. It is part of every cache key, so an upgrade that
 * changes any of them never reads an entry or an index written by the old
 * code (the cache folder outlives the process, and often the version).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const SHAPING_MODULES = ['./schema.js', '../search/index.js', '../language/en.js', '../language/lexicon.js', '../text/normalize.js'];

function fingerprint(): string {
  const hash = createHash('sha256');
  for (const path of SHAPING_MODULES) {
    // Compiled (dist/…/x.js) or run from sources by the tests (src/…/x.ts).
    for (const candidate of [path, path.replace(/\.js$/, '.ts')]) {
      try {
        hash.update(readFileSync(new URL(candidate, import.meta.url)));
        break;
      } catch {
        // try the next form
      }
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** Computed once when the module is first imported; never changes while the process runs. */
export const CODE_FINGERPRINT: string = fingerprint();
