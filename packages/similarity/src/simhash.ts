import { similarityTokens } from './normalize';
import { hashShingle, hashWord, type Hash64 } from './token-hash';

/** A 64-bit SimHash: texts sharing most of their shingles get hashes a few bits apart. */
export type SimHash = Hash64;

/**
 * SimHash (Charikar) over word shingles of `shingleSize` words, every shingle weighted 1. Null when the
 * text has no content words: an empty text would otherwise match every other empty text.
 */
export function simhashOfTokens(tokens: readonly string[], shingleSize: number): SimHash | null {
  if (tokens.length === 0) return null;
  const words = tokens.map(hashWord);
  // A text shorter than one shingle is still a fingerprint of its own, not nothing.
  const size = Math.min(shingleSize, words.length);
  const shingles = words.length - size + 1;
  // Unweighted: weighting shingles by word length was measured and lowered recall (docs/DEDUP-EVALUATION.md).
  const ones = new Int32Array(64);
  for (let start = 0; start < shingles; start++) {
    const { hi, lo } = hashShingle(words, start, size);
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

/** 16 lowercase hex digits, high half first: the stored form. */
export function simhashToHex(hash: SimHash): string {
  return hash.hi.toString(16).padStart(8, '0') + hash.lo.toString(16).padStart(8, '0');
}

const HEX64 = /^[0-9a-f]{16}$/;

/** The inverse of simhashToHex; null for anything that is not 16 lowercase hex digits. */
export function simhashFromHex(hex: string): SimHash | null {
  if (!HEX64.test(hex)) return null;
  return { hi: parseInt(hex.slice(0, 8), 16), lo: parseInt(hex.slice(8), 16) };
}
