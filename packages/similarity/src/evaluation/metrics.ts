import { hammingDistance, simhash, type SimHash } from './simhash';
import { shareBand } from './simhash-bands';
import type { LabelledPair, PairKind } from './pairs';
import { PairTally } from './tally';

export interface DetectorConfig {
  shingleSize: number;
  /** Largest Hamming distance still called the same story. */
  threshold: number;
  /** LSH bands: a pair is only ever compared when its hashes agree on one band. */
  bands: number;
}

export interface Score {
  config: DetectorConfig;
  precision: number;
  recall: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** Share of pairs of each kind called the same story (recall for positive kinds, error rate for negative). */
  detectedByKind: Partial<Record<PairKind, number>>;
}

/** SimHashes of every text in the pairs for one shingle size, computed once per text. */
export function hashPairs(pairs: readonly LabelledPair[], shingleSize: number): Array<[SimHash | null, SimHash | null]> {
  const cache = new Map<string, SimHash | null>();
  const of = (text: string): SimHash | null => {
    if (!cache.has(text)) cache.set(text, simhash(text, shingleSize));
    return cache.get(text) ?? null;
  };
  return pairs.map((pair) => [of(pair.a.text), of(pair.b.text)]);
}

/** Precision and recall of "same story" as the index would decide it: within the threshold and met in a band. */
export function score(
  pairs: readonly LabelledPair[],
  hashes: ReadonlyArray<[SimHash | null, SimHash | null]>,
  config: DetectorConfig,
): Score {
  const tally = new PairTally();
  pairs.forEach((pair, index) => {
    const [a, b] = hashes[index] as [SimHash | null, SimHash | null];
    tally.add(pair, a !== null && b !== null && hammingDistance(a, b) <= config.threshold && shareBand(a, b, config.bands));
  });
  return {
    config,
    precision: tally.precision,
    recall: tally.recall(),
    truePositives: tally.truePositives,
    falsePositives: tally.falsePositives,
    falseNegatives: tally.falseNegatives,
    detectedByKind: tally.detectedByKind(),
  };
}
