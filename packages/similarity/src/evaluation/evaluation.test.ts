import { MINHASH_CHOSEN } from '../config';
import { SIMHASH_CHOSEN } from './simhash';
import { containmentScore } from './containment';
import { falseMatchesPerLookup } from './false-matches';
import { hashPairs, score } from './metrics';
import { scoreMinHash } from './minhash-metrics';
import { buildPairs } from './pairs';

/**
 * Quality gate for the configuration chosen in docs/DEDUP-EVALUATION.md, on pairs built at run time
 * from ../shared. The bounds are the measured values: the set is deterministic, so any change to
 * normalization, hashing or the transformations that costs quality fails here.
 */
describe('near-duplicate evaluation set', () => {
  const pairs = buildPairs();
  const result = score(pairs, hashPairs(pairs, SIMHASH_CHOSEN.shingleSize), SIMHASH_CHOSEN);

  test('has positives of every transformation and same-topic negatives', () => {
    const kinds = new Set(pairs.map((pair) => pair.kind));
    for (const kind of ['agency-lead', 'shortened', 'reheadlined', 'reordered', 'corrected', 'agency-rewrite', 'real-cross-seed', 'same-source', 'same-topic']) {
      expect(kinds).toContain(kind);
    }
    expect(pairs.filter((pair) => pair.sameStory).length).toBeGreaterThan(400);
    expect(pairs.filter((pair) => !pair.sameStory).length).toBeGreaterThan(3000);
  });

  test('chosen configuration keeps its precision and recall', () => {
    expect(result.precision).toBeGreaterThanOrEqual(0.99);
    expect(result.recall).toBeGreaterThanOrEqual(0.73);
  });

  test('on entries of typical length (600+ characters) recall is at least 0.9', () => {
    const long = pairs.filter((pair) => pair.a.text.length >= 600 && pair.b.text.length >= 600);
    const longResult = score(long, hashPairs(long, SIMHASH_CHOSEN.shingleSize), SIMHASH_CHOSEN);
    expect(longResult.precision).toBeGreaterThanOrEqual(0.99);
    expect(longResult.recall).toBeGreaterThanOrEqual(0.9);
  });

  test('stays below one false match per hundred lookups in a window of 10^5 unrelated entries', () => {
    expect(falseMatchesPerLookup(SIMHASH_CHOSEN.threshold, SIMHASH_CHOSEN.bands, 1e5)).toBeLessThan(0.01);
  });

  test('edits that keep the text (headline, order, one word) are always found', () => {
    expect(result.detectedByKind.reheadlined).toBe(1);
    expect(result.detectedByKind.reordered).toBe(1);
    expect(result.detectedByKind.corrected).toBe(1);
  });
});

/** Gate for the MinHash index (docs/DEDUP-EVALUATION.md): the recommended near-duplicate method. */
describe('near-duplicate evaluation set, MinHash verified by containment', () => {
  const pairs = buildPairs();
  const result = scoreMinHash(pairs, MINHASH_CHOSEN);

  test('reaches precision and recall of at least 0.95', () => {
    expect(result.precision).toBeGreaterThanOrEqual(0.99);
    expect(result.recall).toBeGreaterThanOrEqual(0.955);
  });

  test('loses no pair in the candidate stage that verification would accept', () => {
    const ceiling = containmentScore(pairs, MINHASH_CHOSEN.shingleSize, MINHASH_CHOSEN.minContainment);
    expect(result.recall).toBeCloseTo(ceiling.recall, 6);
  });

  test('finds shortened, reheadlined, reordered and corrected copies always, new openings nearly always', () => {
    for (const kind of ['shortened', 'reheadlined', 'reordered', 'corrected'] as const) expect(result.detectedByKind[kind]).toBe(1);
    expect(result.detectedByKind['agency-lead']).toBeGreaterThanOrEqual(0.95);
    // New opening, shortened and reheadlined at once: short entries lose more than 40% of their shingles.
    expect(result.detectedByKind['agency-rewrite']).toBeGreaterThanOrEqual(0.79);
    expect(result.detectedByKind['same-topic']).toBe(0);
  });
});
