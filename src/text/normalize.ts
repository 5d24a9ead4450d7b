/**
 * Text normalisation, used the same way for the knowledge base and for queries,
 * so that both sides meet on the same terms.
 *
 * - `cleanInput` makes a user's raw text safe to search and to echo: NFKC,
 *   no zero-width or bidi control characters, no chat mention markup, single
 *   spaces, capped length.
 * - `fold` maps text to its search form: lower case, accents removed
 *   ("Kürsten" → "kursten"), "ß" → "ss".
 * - `tokenize` splits folded text into words; `stem` reduces a word to the
 *   form the index stores ("dumps" → "dump", "analysing" → "analys").
 */
import { stemmer } from 'stemmer';

/** The default cap on a query, in characters, applied before any search. */
export const MAX_QUERY_LENGTH = 400;

/** Zero-width characters, bidi controls and other invisible format characters. */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
/** C0/C1 control characters; tabs and newlines become spaces. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;
/**
 * Chat mention markup: Slack `<@U123>`, `<@U123|name>`, `<!here>`,
 * `<!subteam^S1>`, `<#C1|general>`; Discord `<@123>`, `<@!123>`, `<@&123>`, `<#123>`.
 */
const MENTION = /<(?:@[!&]?[A-Za-z0-9]+|![A-Za-z]+(?:\^[A-Za-z0-9]+)?|#[A-Za-z0-9]+)(?:\|[^<>]*)?>/g;
/** A plain-text "@name" at the very start, as typed before a question in some clients. */
const LEADING_AT_NAME = /^@[\p{L}\p{N}_.-]+[,:]?\s+/u;

/** Cuts `text` to at most `max` characters without splitting a surrogate pair. */
export function capLength(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}

/**
 * Cleans a user's raw text. The input is first capped generously (so that a
 * 10,000-character paste costs nothing), then normalised, then capped to `max`.
 */
export function cleanInput(raw: string, max = MAX_QUERY_LENGTH): string {
  const pre = capLength(String(raw ?? ''), Math.max(max * 4, 64));
  const text = pre
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(CONTROL, ' ')
    .replace(MENTION, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(LEADING_AT_NAME, '');
  if (text.length <= max) return text;
  // Cut at a word boundary where one is near, so the last word is not a fragment ("kubernetes" → "ku").
  const cut = capLength(text, max);
  const space = cut.lastIndexOf(' ');
  const partial = /[\p{L}\p{N}]/u.test(text.charAt(cut.length)) && /[\p{L}\p{N}]$/u.test(cut);
  return (partial && space > max * 0.6 ? cut.slice(0, space) : cut).trim();
}

/** Lower case, accents and compatibility forms folded: "Kürsten" → "kursten". */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/œ/g, 'oe')
    .replace(/ł/g, 'l');
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Splits text into folded words ("Kubernetes-Operators!" → ["kubernetes", "operators"]). */
export function tokenize(text: string): string[] {
  return fold(text).match(WORD) ?? [];
}

/** British and American spellings meet: "analyse"/"analyze", "optimise"/"optimize". */
function unifySpelling(word: string): string {
  return word.replace(/yz(e|es|ed|ing|er|ers)$/, 'ys$1').replace(/iz(e|es|ed|ing|ation|ations|er|ers)$/, 'is$1');
}

/**
 * Words the Porter stemmer joins to an unrelated word, given a stem of their
 * own: "container" is not "contain", "news" not
 * "new", "community" not "communication", "experience" not "experiment",
 * "important" not "import", "university" not "universe", "general" not
 * "generate". English, for every conference (a "what does an SBOM contain"
 * must not find every container).
 */
const STEM_OVERRIDES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    container: ['container', 'containers', 'containerised', 'containerized'],
    news: ['news'],
    community: ['community', 'communities'],
    experience: ['experience', 'experiences', 'experienced'],
    important: ['important', 'importance', 'importantly'],
    university: ['university', 'universities'],
    general: ['general', 'generally'],
  }).flatMap(([to, words]) => words.map((w) => [w, to] as const)),
);

/** The stored form of a folded word. Digits and short words are kept as they are. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  return STEM_OVERRIDES.get(word) ?? stemmer(unifySpelling(word));
}

/** Folded, tokenised and stemmed terms of a text, in order. */
export function terms(text: string): string[] {
  return tokenize(text).map(stem);
}
