import { containment, shingleSet } from '../minhash';
import type { LabelledPair } from './pairs';

/**
 * Precision and recall of "containment >= minimum" over every pair, with no candidate stage in front:
 * the ceiling that MinHash candidates verified by containment can reach.
 */
export function containmentScore(pairs: readonly LabelledPair[], size: number, minimum: number): { precision: number; recall: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const pair of pairs) {
    const same = containment(shingleSet(pair.a.text, size), shingleSet(pair.b.text, size)) >= minimum;
    if (same && pair.sameStory) tp++;
    if (same && !pair.sameStory) fp++;
    if (!same && pair.sameStory) fn++;
  }
  return { precision: tp / (tp + fp), recall: tp / (tp + fn) };
}
