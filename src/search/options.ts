/**
 * Search options: one frozen defaults object, each option with its meaning,
 * default and an example. Pass overrides through `new Hallway(kb, { search })`.
 */
export interface SearchOptions {
  /**
   * Longest query searched, in characters; longer input is cut before any work.
   * Default 400 (a long chat message with its question at the end). Example: `{ maxQueryLength: 120 }`.
   */
  readonly maxQueryLength: number;
  /**
   * Share of the query's weight (inverse document frequency of its content
   * words) that the best result must match to count as an answer, 0–1.
   * Below it the reply says it has no answer and offers suggestions.
   * Default 0.5. Example: `{ minCoverage: 0.7 }` for a stricter bot.
   */
  readonly minCoverage: number;
  /**
   * The `minCoverage` of a long question (four or more known words) matched
   * word for word on at least three of them: someone describing a problem
   * in their own words ("tool to see where my go program burns cpu in prod")
   * adds words the notes need not use. Default 0.4. Example: `{ minCoverageLong: 0.5 }`
   * to hold long questions to the same bar as short ones.
   */
  readonly minCoverageLong: number;
  /**
   * How close a misspelt word of nine or more letters must be to a known one
   * to be corrected, as a fuse.js threshold (0 = exact, 1 = anything); shorter
   * words are held to one changed letter (or one swap). Default 0.25.
   * Example: `{ typoThreshold: 0.2 }` to correct only near-misses.
   */
  readonly typoThreshold: number;
  /** Shortest word that typo correction is tried on. Default 4. */
  readonly minTypoLength: number;
  /**
   * Weight of a corrected word relative to an exact one, 0–1. Default 0.8.
   */
  readonly typoWeight: number;
  /**
   * How much a query word the notes never use (and that cannot be corrected)
   * weighs, as a share of the query's rarest known word, 0–1. Low, so that a
   * filler or an uncorrectable typo ("wat is tetragn") lowers a match without
   * sinking it. Default 0.35. Example: `{ unknownWordWeight: 1 }` to treat every
   * unknown word as a part of the question that must be answered.
   */
  readonly unknownWordWeight: number;
  /**
   * BM25 term-frequency saturation. Default 1.2.
   */
  readonly k1: number;
  /** BM25 length normalisation, 0–1. Default 0.5 (passages are short). */
  readonly b: number;
  /** Most results kept from one search before answers are built. Default 40. */
  readonly maxCandidates: number;
  /**
   * A result is listed beside the best one when its score is at least this
   * share of the best score. Default 0.55. Example: `{ relatedRatio: 0.8 }`
   * for shorter lists.
   */
  readonly relatedRatio: number;
  /** Most items in a list answer (tools for a problem, books). Default 6. */
  readonly maxListItems: number;
  /**
   * In a list answer, items scoring below this share of the best one are left
   * out, 0–1. Default 0.7. Example: `{ listRatio: 0.9 }` for shorter lists.
   */
  readonly listRatio: number;
  /**
   * How much more of the question (coverage, 0–1) a result scoring close to
   * the best one must cover to answer instead of it. Default 0.15. Example:
   * `{ coverageMargin: 1 }` to always answer with the best-scoring result.
   */
  readonly coverageMargin: number;
}

export const DEFAULT_SEARCH_OPTIONS: Readonly<SearchOptions> = Object.freeze({
  maxQueryLength: 400,
  minCoverage: 0.5,
  minCoverageLong: 0.4,
  typoThreshold: 0.25,
  minTypoLength: 4,
  typoWeight: 0.8,
  unknownWordWeight: 0.35,
  k1: 1.2,
  b: 0.5,
  maxCandidates: 40,
  relatedRatio: 0.55,
  maxListItems: 6,
  listRatio: 0.7,
  coverageMargin: 0.15,
});
