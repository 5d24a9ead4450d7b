/**
 * Search options: one frozen defaults object, each option with its meaning,
 * default and an example. Pass overrides through `new Hallway(kb, { search })`.
 */
export interface SearchOptions {
  /**
   * Longest query searched, in characters; longer input is cut before any work.
   * Default 200. Example: `{ maxQueryLength: 120 }`.
   */
  readonly maxQueryLength: number;
  /**
   * Share of the query's weight (inverse document frequency of its content
   * words) that the best result must match to count as an answer, 0–1.
   * Below it the reply says it has no answer and offers suggestions.
   * Default 0.55. Example: `{ minCoverage: 0.7 }` for a stricter bot.
   */
  readonly minCoverage: number;
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
}

export const DEFAULT_SEARCH_OPTIONS: Readonly<SearchOptions> = Object.freeze({
  maxQueryLength: 200,
  minCoverage: 0.55,
  typoThreshold: 0.25,
  minTypoLength: 4,
  typoWeight: 0.8,
  k1: 1.2,
  b: 0.5,
  maxCandidates: 40,
  relatedRatio: 0.55,
  maxListItems: 6,
});
