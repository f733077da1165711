import { shareBand } from '../bands';
import { hammingDistance, simhash, type SimHash } from '../simhash';
import type { LabelledPair, PairKind } from './pairs';

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
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const detected = new Map<PairKind, { hit: number; all: number }>();
  pairs.forEach((pair, index) => {
    const [a, b] = hashes[index] as [SimHash | null, SimHash | null];
    const same = a !== null && b !== null && hammingDistance(a, b) <= config.threshold && shareBand(a, b, config.bands);
    if (same && pair.sameStory) tp++;
    if (same && !pair.sameStory) fp++;
    if (!same && pair.sameStory) fn++;
    const tally = detected.get(pair.kind) ?? { hit: 0, all: 0 };
    tally.all++;
    if (same) tally.hit++;
    detected.set(pair.kind, tally);
  });
  return {
    config,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    detectedByKind: Object.fromEntries([...detected].map(([kind, { hit, all }]) => [kind, hit / all])),
  };
}
