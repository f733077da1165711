import { bandDigests, containment, meetInBand, minhashSignature, shingleSet, type ShingleSet } from '../minhash';
import type { LabelledPair, PairKind } from './pairs';
import { PairTally } from './tally';

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
  /** Band digests (bandDigests); null for an empty set, which the index does not hold. */
  bands: Uint32Array | null;
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
      known = { set, bands: signature && bandDigests(signature, config.bands, config.rows) };
      cache.set(text, known);
    }
    return known;
  };
  const tally = new PairTally();
  let met = 0;
  for (const pair of pairs) {
    const a = sketch(pair.a.text);
    const b = sketch(pair.b.text);
    const meet = a.bands !== null && b.bands !== null && meetInBand(a.bands, b.bands);
    if (meet && pair.sameStory) met++;
    tally.add(pair, meet && containment(a.set, b.set) >= config.minContainment);
  }
  return {
    config,
    precision: tally.precision,
    recall: tally.recall(),
    candidateRecall: tally.recall(met),
    detectedByKind: tally.detectedByKind(),
  };
}
