import { similarityTokens } from '../normalize';
import type { LabelledPair } from './pairs';

function shingleSet(text: string, size: number): Set<string> {
  const words = similarityTokens(text);
  const shingles = new Set<string>();
  for (let start = 0; start + size <= words.length; start++) shingles.add(words.slice(start, start + size).join(' '));
  return shingles;
}

/**
 * Share of the smaller text's shingles found in the other: 1 for a shortened copy, unlike SimHash.
 * Not part of the library: it measures what a verification stage over stored shingle sets would reach.
 */
export function containment(a: string, b: string, size: number): number {
  const left = shingleSet(a, size);
  const right = shingleSet(b, size);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const shingle of left) if (right.has(shingle)) shared++;
  return shared / Math.min(left.size, right.size);
}

/** Precision and recall of "containment >= minimum" over every pair, with no candidate stage in front. */
export function containmentScore(pairs: readonly LabelledPair[], size: number, minimum: number): { precision: number; recall: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const pair of pairs) {
    const same = containment(pair.a.text, pair.b.text, size) >= minimum;
    if (same && pair.sameStory) tp++;
    if (same && !pair.sameStory) fp++;
    if (!same && pair.sameStory) fn++;
  }
  return { precision: tp / (tp + fp), recall: tp / (tp + fn) };
}
