import { containment, minhashBands, minhashSignature, shingleSet, type ShingleSet } from '../minhash';
import type { LabelledPair, PairKind } from './pairs';

export interface MinHashConfig {
  shingleSize: number;
  bands: number;
  rows: number;
  /** Smallest containment still called the same story, checked on the exact shingle sets. */
  minContainment: number;
}

export interface MinHashScore {
  config: MinHashConfig;
  precision: number;
  recall: number;
  /** Share of same-story pairs that met in a band at all: the ceiling the verification stage works under. */
  candidateRecall: number;
  detectedByKind: Partial<Record<PairKind, number>>;
}

interface Sketch {
  set: ShingleSet;
  bands: string[] | null;
}

/**
 * Precision and recall of "same story" as the MinHash index decides it: the pair meets in a band,
 * then its exact containment is at least the minimum.
 */
export function scoreMinHash(pairs: readonly LabelledPair[], config: MinHashConfig): MinHashScore {
  const cache = new Map<string, Sketch>();
  const sketch = (text: string): Sketch => {
    let known = cache.get(text);
    if (!known) {
      const set = shingleSet(text, config.shingleSize);
      const signature = minhashSignature(set, config.bands * config.rows);
      known = { set, bands: signature && minhashBands(signature, config.bands, config.rows) };
      cache.set(text, known);
    }
    return known;
  };
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let met = 0;
  const detected = new Map<PairKind, { hit: number; all: number }>();
  for (const pair of pairs) {
    const a = sketch(pair.a.text);
    const b = sketch(pair.b.text);
    const meet = a.bands !== null && b.bands !== null && a.bands.some((value, band) => value === b.bands?.[band]);
    const same = meet && containment(a.set, b.set) >= config.minContainment;
    if (meet && pair.sameStory) met++;
    if (same && pair.sameStory) tp++;
    if (same && !pair.sameStory) fp++;
    if (!same && pair.sameStory) fn++;
    const tally = detected.get(pair.kind) ?? { hit: 0, all: 0 };
    tally.all++;
    if (same) tally.hit++;
    detected.set(pair.kind, tally);
  }
  return {
    config,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    candidateRecall: tp + fn === 0 ? 1 : met / (tp + fn),
    detectedByKind: Object.fromEntries([...detected].map(([kind, { hit, all }]) => [kind, hit / all])),
  };
}
