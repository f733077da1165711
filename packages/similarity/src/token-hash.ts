/**
 * 64-bit hashes as two unsigned 32-bit halves: BigInt arithmetic costs about ten times as much as
 * Math.imul on small integers, and SimHash only ever needs the bits.
 */
export interface Hash64 {
  hi: number;
  lo: number;
}

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

/** Two independent FNV-1a-32 streams over UTF-16 code units, each finalized with fmix32. */
export function hashWord(word: string): Hash64 {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  return { hi: fmix32(a), lo: fmix32(b ^ 0x9e3779b9) };
}

/**
 * The hash of the shingle words[start .. start+size), from the words' own hashes, so each word is
 * hashed once however many shingles contain it. Order matters: (a b) and (b a) differ.
 */
export function hashShingle(words: readonly Hash64[], start: number, size: number): Hash64 {
  let hi = 0x27d4eb2f;
  let lo = 0x165667b1;
  for (let i = start; i < start + size; i++) {
    const w = words[i] as Hash64;
    hi = fmix32(Math.imul(hi, 31) ^ w.hi);
    lo = fmix32(Math.imul(lo, 31) ^ w.lo);
  }
  return { hi, lo };
}
