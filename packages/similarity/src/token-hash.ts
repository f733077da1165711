/** Murmur3's finalizer: full avalanche, so neighbouring inputs give unrelated bits. */
export function fmix32(input: number): number {
  let h = input;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * FNV-1a-32 seeds of two independent word hashes. MinHash uses the second only; the evaluation's
 * SimHash peer needs 64 bits and takes both.
 */
export const WORD_SEED_HI = 0x811c9dc5;
export const WORD_SEED_LO = 0x050c5d1f;

/** One UTF-16 code unit into an FNV-1a-32 state: exposed so a tokenizer can hash while it scans. */
export function fnv1aStep(state: number, code: number): number {
  return Math.imul(state ^ code, 0x01000193);
}

/** The finished word hash from an FNV-1a-32 state; the seeds differ in their last xor as well. */
export function finishWordHash(state: number, seed: number): number {
  return fmix32(seed === WORD_SEED_LO ? state ^ 0x9e3779b9 : state);
}

/** A word's 32-bit hash from `seed` (one of the two above). */
export function hashWord32(word: string, seed: number): number {
  let state = seed;
  for (let i = 0; i < word.length; i++) state = fnv1aStep(state, word.charCodeAt(i));
  return finishWordHash(state, seed);
}

/** Starting values for shingle hashes built from word hashes of each seed. */
export const SHINGLE_SEED_HI = 0x27d4eb2f;
export const SHINGLE_SEED_LO = 0x165667b1;

/**
 * Folds the next hash into a running one (a shingle from its words' hashes, a band from its rows).
 * Order matters, so (a b) and (b a) differ; each word is hashed once however many shingles contain it.
 */
export function combineHashes(shingle: number, word: number): number {
  return fmix32(Math.imul(shingle, 31) ^ word);
}
