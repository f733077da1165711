import type { LabelledPair, PairKind } from './pairs';

/** Counts a detector's "same story" verdicts over labelled pairs: the one place precision and recall are computed. */
export class PairTally {
  truePositives = 0;
  falsePositives = 0;
  falseNegatives = 0;
  private readonly detected = new Map<PairKind, { hit: number; all: number }>();

  add(pair: Pick<LabelledPair, 'sameStory' | 'kind'>, same: boolean): void {
    if (same && pair.sameStory) this.truePositives++;
    if (same && !pair.sameStory) this.falsePositives++;
    if (!same && pair.sameStory) this.falseNegatives++;
    const tally = this.detected.get(pair.kind) ?? { hit: 0, all: 0 };
    tally.all++;
    if (same) tally.hit++;
    this.detected.set(pair.kind, tally);
  }

  get precision(): number {
    const called = this.truePositives + this.falsePositives;
    return called === 0 ? 1 : this.truePositives / called;
  }

  /** Recall of `found` same-story pairs (by default the ones called the same story). */
  recall(found = this.truePositives): number {
    const positives = this.truePositives + this.falseNegatives;
    return positives === 0 ? 1 : found / positives;
  }

  /** Share of pairs of each kind called the same story (recall for positive kinds, error rate for negative). */
  detectedByKind(): Partial<Record<PairKind, number>> {
    return Object.fromEntries([...this.detected].map(([kind, { hit, all }]) => [kind, hit / all]));
  }
}
