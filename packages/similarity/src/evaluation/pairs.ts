import { entryText, loadCorpus, type CorpusEntry } from './corpus';
import { TRANSFORMS, type TransformName } from './transforms';

/** What made a pair: a newsroom transformation (positive), a real cross-seed report, or two different entries. */
export type PairKind = TransformName | 'real-cross-seed' | 'same-source' | 'same-topic' | 'other-topic';

export interface LabelledPair {
  kind: PairKind;
  sameStory: boolean;
  a: { id: string; text: string };
  b: { id: string; text: string };
}

/**
 * The 11,000-North-Korean-soldiers-in-Kursk report: Selenskyj's figure opens seed 001 and is quoted
 * again in seed 003's entry on the US figures. Same event, but each outlet wrote its own text.
 */
const REAL_CROSS_SEED: ReadonlyArray<readonly [string, string]> = [['seed:001#0', 'seed:003#2']];

/** All five seeds cover North Korean troops in Russia's war: any two of their entries share a topic. */
function bothSeeds(a: CorpusEntry, b: CorpusEntry): boolean {
  return a.id.startsWith('seed:') && b.id.startsWith('seed:');
}

function side(entry: CorpusEntry): { id: string; text: string } {
  return { id: entry.id, text: entryText(entry) };
}

/**
 * Every entry against each of its transformations (positives), every pair of distinct entries
 * (negatives: same liveblog or page, same war across seeds, or unrelated), and the real cross-seed pair.
 */
export function buildPairs(corpus: CorpusEntry[] = loadCorpus()): LabelledPair[] {
  const pairs: LabelledPair[] = [];
  corpus.forEach((entry, index) => {
    for (const [name, transform] of Object.entries(TRANSFORMS) as Array<[TransformName, (typeof TRANSFORMS)[TransformName]]>) {
      const variant = transform(entry, index);
      pairs.push({
        kind: name,
        sameStory: true,
        a: side(entry),
        b: { id: `${entry.id}~${name}`, text: entryText(variant) },
      });
    }
  });
  const byId = new Map(corpus.map((entry) => [entry.id, entry]));
  const real = new Set<string>();
  for (const [left, right] of REAL_CROSS_SEED) {
    const a = byId.get(left);
    const b = byId.get(right);
    if (!a || !b) throw new Error(`real cross-seed pair ${left} / ${right} not found: did the seeds change?`);
    pairs.push({ kind: 'real-cross-seed', sameStory: true, a: side(a), b: side(b) });
    real.add(`${left}|${right}`);
  }
  for (let i = 0; i < corpus.length; i++) {
    for (let j = i + 1; j < corpus.length; j++) {
      const a = corpus[i] as CorpusEntry;
      const b = corpus[j] as CorpusEntry;
      if (real.has(`${a.id}|${b.id}`)) continue;
      const kind: PairKind = a.source === b.source ? 'same-source' : bothSeeds(a, b) ? 'same-topic' : 'other-topic';
      pairs.push({ kind, sameStory: false, a: side(a), b: side(b) });
    }
  }
  return pairs;
}
