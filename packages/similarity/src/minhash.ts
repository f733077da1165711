import { similarityTokens } from './normalize';
import { fmix32, hashShingle, hashWord } from './token-hash';

/** An entry's distinct shingles as sorted, unique 32-bit hashes: what containment is computed on. */
export type ShingleSet = Uint32Array;

/**
 * The distinct word shingles of `shingleSize` words, hashed to 32 bits. A text shorter than one
 * shingle is one shingle of all its words; no content words give an empty set. At ~100 shingles per
 * entry a 32-bit collision between two entries' sets is rare enough not to move containment.
 */
export function shingleSetOfTokens(tokens: readonly string[], shingleSize: number): ShingleSet {
  if (tokens.length === 0) return new Uint32Array(0);
  const words = tokens.map(hashWord);
  const size = Math.min(shingleSize, words.length);
  const hashes = new Uint32Array(words.length - size + 1);
  for (let start = 0; start < hashes.length; start++) hashes[start] = hashShingle(words, start, size).lo;
  hashes.sort();
  let unique = 0;
  for (let i = 0; i < hashes.length; i++) if (i === 0 || hashes[i] !== hashes[i - 1]) hashes[unique++] = hashes[i] as number;
  return hashes.slice(0, unique);
}

/** The shingle set of an entry's text (see similarityTokens for what is folded away first). */
export function shingleSet(text: string, shingleSize: number): ShingleSet {
  return shingleSetOfTokens(similarityTokens(text), shingleSize);
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

/**
 * MinHash signature: for each of `permutations` hash functions, the smallest value over the set.
 * The functions are fmix32(h1 + i·h2) with h2 a second hash of the shingle (Kirsch–Mitzenmacher):
 * two hashes per shingle instead of one per function. Empty set: null, it would match every empty set.
 */
export function minhashSignature(set: ShingleSet, permutations: number): Uint32Array | null {
  if (set.length === 0) return null;
  const signature = new Uint32Array(permutations).fill(0xffffffff);
  for (let s = 0; s < set.length; s++) {
    const h1 = set[s] as number;
    const h2 = fmix32(h1 ^ 0x9e3779b9) | 1;
    for (let i = 0; i < permutations; i++) {
      const value = fmix32((h1 + Math.imul(i, h2)) >>> 0);
      if (value < (signature[i] as number)) signature[i] = value;
    }
  }
  return signature;
}

/**
 * The signature cut into `bands` bands of `rows` rows, each band's rows as hex. Two sets with Jaccard
 * similarity J meet in at least one band with probability 1 − (1 − J^rows)^bands.
 */
export function minhashBands(signature: Uint32Array, bands: number, rows: number): string[] {
  const values: string[] = [];
  for (let band = 0; band < bands; band++) {
    let value = '';
    for (let row = 0; row < rows; row++) value += (signature[band * rows + row] as number).toString(16).padStart(8, '0');
    values.push(value);
  }
  return values;
}

/** The stored form of a shingle set: 8 hex digits per hash, in order. */
export function shingleSetToHex(set: ShingleSet): string {
  let hex = '';
  for (const value of set) hex += value.toString(16).padStart(8, '0');
  return hex;
}

const HEX_SET = /^(?:[0-9a-f]{8})*$/;

/** The inverse of shingleSetToHex; null for anything it did not write. */
export function shingleSetFromHex(hex: string): ShingleSet | null {
  if (!HEX_SET.test(hex)) return null;
  const set = new Uint32Array(hex.length / 8);
  for (let i = 0; i < set.length; i++) set[i] = parseInt(hex.slice(i * 8, i * 8 + 8), 16);
  return set;
}
