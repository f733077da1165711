import { similarityTokens } from '../normalize';
import { combineHashes, hashWord32, SHINGLE_SEED_HI, SHINGLE_SEED_LO, WORD_SEED_HI, WORD_SEED_LO } from '../token-hash';

/**
 * The first near-duplicate study, kept as the evaluation's peer to the MinHash index in use: the
 * quality tables in docs/DEDUP-EVALUATION.md compare the two on the same pairs.
 */

/**
 * A 64-bit SimHash as two unsigned 32-bit halves (texts sharing most of their shingles get hashes a few
 * bits apart): BigInt arithmetic costs about ten times as much as Math.imul on small integers.
 */
export interface SimHash {
  hi: number;
  lo: number;
}

/** The configuration the SimHash study chose (its tables in docs/DEDUP-EVALUATION.md). */
export const SIMHASH_CHOSEN = {
  shingleSize: 1,
  threshold: 11,
  bands: 8,
} as const;

/**
 * SimHash (Charikar) over word shingles of `shingleSize` words, every shingle weighted 1. Null when the
 * text has no content words: an empty text would otherwise match every other empty text.
 */
export function simhashOfTokens(tokens: readonly string[], shingleSize: number): SimHash | null {
  if (tokens.length === 0) return null;
  const wordsHi = tokens.map((token) => hashWord32(token, WORD_SEED_HI));
  const wordsLo = tokens.map((token) => hashWord32(token, WORD_SEED_LO));
  // A text shorter than one shingle is still a fingerprint of its own, not nothing.
  const size = Math.min(shingleSize, tokens.length);
  const shingles = tokens.length - size + 1;
  // Unweighted: weighting shingles by word length was measured and lowered recall (docs/DEDUP-EVALUATION.md).
  const ones = new Int32Array(64);
  for (let start = 0; start < shingles; start++) {
    let hi = SHINGLE_SEED_HI;
    let lo = SHINGLE_SEED_LO;
    for (let i = start; i < start + size; i++) {
      hi = combineHashes(hi, wordsHi[i] as number);
      lo = combineHashes(lo, wordsLo[i] as number);
    }
    for (let bit = 0; bit < 32; bit++) {
      ones[bit] = (ones[bit] as number) + ((lo >>> bit) & 1);
      ones[bit + 32] = (ones[bit + 32] as number) + ((hi >>> bit) & 1);
    }
  }
  let lo = 0;
  let hi = 0;
  for (let bit = 0; bit < 32; bit++) {
    if ((ones[bit] as number) * 2 > shingles) lo |= 1 << bit;
    if ((ones[bit + 32] as number) * 2 > shingles) hi |= 1 << bit;
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

/** The SimHash of an entry's text (see similarityTokens for what is folded away first). */
export function simhash(text: string, shingleSize: number): SimHash | null {
  return simhashOfTokens(similarityTokens(text), shingleSize);
}

function popcount32(input: number): number {
  let v = input - ((input >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** Number of differing bits, 0..64. */
export function hammingDistance(a: SimHash, b: SimHash): number {
  return popcount32((a.hi ^ b.hi) >>> 0) + popcount32((a.lo ^ b.lo) >>> 0);
}
