/** How long an entry stays a candidate: a story is rarely copied more than three days later. */
export const DEFAULT_WINDOW_MS = 72 * 60 * 60 * 1000;

/**
 * The MinHash configuration chosen in docs/DEDUP-EVALUATION.md: bigram shingles, 64 bands of 2 rows
 * (128 permutations), candidates verified by exact containment of at least 0.6.
 */
export const MINHASH_CHOSEN = {
  shingleSize: 2,
  bands: 64,
  rows: 2,
  minContainment: 0.6,
} as const;
