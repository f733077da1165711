import { contentWordHashes } from './normalize';
import { combineHashes, fmix32, SHINGLE_SEED_LO } from './token-hash';

/** An entry's distinct shingles as sorted, unique 32-bit hashes: what containment is computed on. */
export type ShingleSet = Uint32Array;

/**
 * The distinct shingles of `shingleSize` consecutive words, from the words' 32-bit hashes. A text
 * shorter than one shingle is one shingle of all its words; no words give an empty set. At ~100
 * shingles per entry a 32-bit collision between two entries' sets is rare enough not to move containment.
 */
function shingleSetOfWordHashes(words: Uint32Array, shingleSize: number): ShingleSet {
  if (words.length === 0) return new Uint32Array(0);
  const size = Math.min(shingleSize, words.length);
  const hashes = new Uint32Array(words.length - size + 1);
  for (let start = 0; start < hashes.length; start++) {
    let shingle = SHINGLE_SEED_LO;
    for (let i = start; i < start + size; i++) shingle = combineHashes(shingle, words[i] as number);
    hashes[start] = shingle;
  }
  hashes.sort();
  let unique = 0;
  for (let i = 0; i < hashes.length; i++) if (i === 0 || hashes[i] !== hashes[i - 1]) hashes[unique++] = hashes[i] as number;
  return hashes.slice(0, unique);
}

/** The shingle set of an entry's text (see similarityTokens for what is folded away first). */
export function shingleSet(text: string, shingleSize: number): ShingleSet {
  return shingleSetOfWordHashes(contentWordHashes(text), shingleSize);
}

/** Share of the smaller set found in the other: 1 for a shortened copy, where Jaccard would fall. */
export function containment(a: ShingleSet, b: ShingleSet): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) shared++;
    if (x <= y) i++;
    if (y <= x) j++;
  }
  return shared / Math.min(a.length, b.length);
}

/** fmix32 with the sign bit flipped, as a signed integer: orders like the unsigned hash, stays a small integer. */
function flippedFmix32(input: number): number {
  let h = input;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16) ^ 0x80000000;
}

/**
 * MinHash signature: for each of `permutations` hash functions, the smallest value over the set.
 * The functions are fmix32(h1 + i·h2) with h2 a second hash of the shingle (Kirsch–Mitzenmacher):
 * two hashes per shingle instead of one per function. Empty set: null, it would match every empty set.
 *
 * This loop is most of a fingerprint's cost (measured with --cpu-prof), hence its shape: minima kept
 * as signed integers with the sign bit flipped, since values at or above 2^31 would leave V8's
 * small-integer path for doubles; and four shingles per pass over the minima, which reads and writes
 * each minimum a quarter as often. A short last block repeats its last shingle: a value seen twice
 * cannot change a minimum.
 */
export function minhashSignature(set: ShingleSet, permutations: number): Uint32Array | null {
  const n = set.length;
  if (n === 0) return null;
  const minima = new Int32Array(permutations).fill(0x7fffffff);
  for (let s = 0; s < n; s += 4) {
    let a = (set[s] as number) | 0;
    let b = (set[Math.min(s + 1, n - 1)] as number) | 0;
    let c = (set[Math.min(s + 2, n - 1)] as number) | 0;
    let d = (set[Math.min(s + 3, n - 1)] as number) | 0;
    const stepA = fmix32(a ^ 0x9e3779b9) | 1;
    const stepB = fmix32(b ^ 0x9e3779b9) | 1;
    const stepC = fmix32(c ^ 0x9e3779b9) | 1;
    const stepD = fmix32(d ^ 0x9e3779b9) | 1;
    for (let i = 0; i < permutations; i++) {
      let min = minima[i] as number;
      const ha = flippedFmix32(a);
      const hb = flippedFmix32(b);
      const hc = flippedFmix32(c);
      const hd = flippedFmix32(d);
      if (ha < min) min = ha;
      if (hb < min) min = hb;
      if (hc < min) min = hc;
      if (hd < min) min = hd;
      minima[i] = min;
      a = (a + stepA) | 0;
      b = (b + stepB) | 0;
      c = (c + stepC) | 0;
      d = (d + stepD) | 0;
    }
  }
  const signature = new Uint32Array(permutations);
  for (let i = 0; i < permutations; i++) signature[i] = (minima[i] as number) ^ 0x80000000;
  return signature;
}

/** Seeds of the two digests of a band: independent, so together they identify it by 64 bits. */
const BAND_SEED_A = 0x3c6ef372;
const BAND_SEED_B = 0xa54ff53a;

/**
 * Each band's rows folded into two independent 32-bit digests, band i at [2i] and [2i + 1]. Two sets
 * meet in band i when both digests agree, which for 2 rows of 32 bits is equality of the rows but for a
 * collision in 2^-64. Two sets with Jaccard similarity J meet in at least one band with probability
 * 1 − (1 − J^rows)^bands. The rows themselves are minima, small numbers, so their own bits would make
 * uneven buckets; the digests are uniform.
 */
export function bandDigests(signature: Uint32Array, bands: number, rows: number): Uint32Array {
  const digests = new Uint32Array(bands * 2);
  for (let band = 0; band < bands; band++) {
    let a = BAND_SEED_A;
    let b = BAND_SEED_B;
    for (let row = band * rows; row < (band + 1) * rows; row++) {
      a = combineHashes(a, signature[row] as number);
      b = combineHashes(b, signature[row] as number);
    }
    digests[band * 2] = a;
    digests[band * 2 + 1] = b;
  }
  return digests;
}

/** True when two sets' band digests meet in at least one band: they would be candidates in the index. */
export function meetInBand(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i += 2) if (a[i] === b[i] && a[i + 1] === b[i + 1]) return true;
  return false;
}
