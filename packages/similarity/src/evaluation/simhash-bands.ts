import { SimilarityConfigError } from '../errors';
import type { SimHash } from './simhash';

/**
 * Splits the 64 bits into `bands` contiguous bands as even as possible and returns each band's value
 * in hex. Two hashes at Hamming distance d < bands agree on at least one band (pigeonhole), so an
 * index with bands = threshold + 1 finds every pair within the threshold.
 */
export function bandValues(hash: SimHash, bands: number): string[] {
  assertBandCount(bands);
  const value = (BigInt(hash.hi) << 32n) | BigInt(hash.lo);
  const values: string[] = [];
  let start = 0;
  for (let band = 0; band < bands; band++) {
    const width = Math.floor(64 / bands) + (band < 64 % bands ? 1 : 0);
    const mask = (1n << BigInt(width)) - 1n;
    values.push(((value >> BigInt(start)) & mask).toString(16));
    start += width;
  }
  return values;
}

/** True when the two hashes agree on at least one band: they would meet in the index. */
export function shareBand(a: SimHash, b: SimHash, bands: number): boolean {
  const ours = bandValues(a, bands);
  const theirs = bandValues(b, bands);
  return ours.some((value, band) => value === theirs[band]);
}

export function assertBandCount(bands: number): void {
  if (!Number.isInteger(bands) || bands < 1 || bands > 64) {
    throw new SimilarityConfigError(`bands must be an integer from 1 to 64, got ${bands}`);
  }
}
