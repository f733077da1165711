import { MINHASH_CHOSEN } from '../config';
import { SIMHASH_CHOSEN } from './simhash';
import { containmentScore } from './containment';
import { falseMatchesPerLookup } from './false-matches';
import { hashPairs, score, type Score } from './metrics';
import { scoreMinHash } from './minhash-metrics';
import { buildPairs, type LabelledPair, type PairKind } from './pairs';

export const GRID = {
  shingleSizes: [1, 2, 3, 4],
  thresholds: [3, 5, 7, 9, 11, 13, 15, 17],
  bands: [4, 6, 8, 12, 16, 18],
};

/** Precision and recall for every configuration of the grid. */
export function scoreGrid(pairs: readonly LabelledPair[]): Score[] {
  return GRID.shingleSizes.flatMap((shingleSize) => {
    const hashes = hashPairs(pairs, shingleSize);
    return GRID.thresholds.flatMap((threshold) =>
      GRID.bands.map((bands) => score(pairs, hashes, { shingleSize, threshold, bands })),
    );
  });
}

/** The typical liveblog entry: short entries are where SimHash is weakest, so they are reported apart. */
const LONG_ENTRY_CHARS = 600;

const percent = (value: number | undefined): string => (value === undefined ? '–' : `${(value * 100).toFixed(1)}`);

/** For the chosen shingle size and bands: what each threshold buys in recall and costs in strangers. */
function printThresholds(pairs: readonly LabelledPair[]): void {
  const long = pairs.filter((pair) => pair.a.text.length >= LONG_ENTRY_CHARS && pair.b.text.length >= LONG_ENTRY_CHARS);
  const hashes = hashPairs(pairs, SIMHASH_CHOSEN.shingleSize);
  const longHashes = hashPairs(long, SIMHASH_CHOSEN.shingleSize);
  console.log(`\nShingle size ${SIMHASH_CHOSEN.shingleSize}, ${SIMHASH_CHOSEN.bands} bands:\n`);
  console.log(
    `| threshold | precision | recall | recall, ${LONG_ENTRY_CHARS}+ chars | false matches / lookup, 10^5 window | 10^6 window |`,
  );
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const threshold of GRID.thresholds) {
    const config = { ...SIMHASH_CHOSEN, threshold };
    const all = score(pairs, hashes, config);
    const longer = score(long, longHashes, config);
    const strangers = (size: number): string => falseMatchesPerLookup(threshold, SIMHASH_CHOSEN.bands, size).toExponential(1);
    console.log(
      `| ${threshold} | ${all.precision.toFixed(3)} | ${all.recall.toFixed(3)} | ${longer.recall.toFixed(3)} | ${strangers(1e5)} | ${strangers(1e6)} |`,
    );
  }
  console.log('');
}

/** MinHash candidates verified by exact containment: the grid the chosen MinHash configuration comes from. */
function printMinHash(pairs: readonly LabelledPair[]): void {
  const minima = [0.5, 0.6, 0.7];
  console.log('\nMinHash LSH (bands × rows = permutations), candidates verified by exact containment; precision / recall (candidate recall):\n');
  console.log(`| shingle k | bands × rows | ${minima.map((m) => `containment ≥ ${m}`).join(' | ')} |`);
  console.log(`|---:|---:|${minima.map(() => '---|').join('')}`);
  for (const shingleSize of [1, 2, 3]) {
    for (const [bands, rows] of [[128, 1], [64, 2], [42, 3], [32, 4]] as const) {
      const cells = minima.map((minContainment) => {
        const s = scoreMinHash(pairs, { shingleSize, bands, rows, minContainment });
        return `${s.precision.toFixed(3)} / ${s.recall.toFixed(3)} (${s.candidateRecall.toFixed(3)})`;
      });
      console.log(`| ${shingleSize} | ${bands} × ${rows} | ${cells.join(' | ')} |`);
    }
  }
  const chosen = scoreMinHash(pairs, MINHASH_CHOSEN);
  console.log(`\nChosen MinHash ${JSON.stringify(MINHASH_CHOSEN)}: precision ${chosen.precision.toFixed(3)}, recall ${chosen.recall.toFixed(3)}\n`);
  console.log('| pair kind | same story | pairs called same story (%) |');
  console.log('|---|---|---:|');
  for (const kind of Object.keys(chosen.detectedByKind) as PairKind[]) {
    const sameStory = pairs.find((pair) => pair.kind === kind)?.sameStory ? 'yes' : 'no';
    console.log(`| ${kind} | ${sameStory} | ${percent(chosen.detectedByKind[kind])} |`);
  }
}

function main(): void {
  const pairs = buildPairs();
  const positives = pairs.filter((pair) => pair.sameStory).length;
  console.log(`${pairs.length} labelled pairs: ${positives} same story, ${pairs.length - positives} different\n`);
  console.log('Precision / recall of "same story" (a pair is called the same story when its hashes meet in a band and lie within the threshold):\n');
  console.log(`| shingle k | bands | ${GRID.thresholds.map((t) => `t=${t}`).join(' | ')} |`);
  console.log(`|---:|---:|${GRID.thresholds.map(() => '---|').join('')}`);
  const scores = scoreGrid(pairs);
  for (const shingleSize of GRID.shingleSizes) {
    for (const bands of GRID.bands) {
      const cells = GRID.thresholds.map((threshold) => {
        const s = scores.find((x) => x.config.shingleSize === shingleSize && x.config.bands === bands && x.config.threshold === threshold);
        return s ? `${s.precision.toFixed(3)} / ${s.recall.toFixed(3)}` : '–';
      });
      console.log(`| ${shingleSize} | ${bands} | ${cells.join(' | ')} |`);
    }
  }
  printThresholds(pairs);
  const chosen = score(pairs, hashPairs(pairs, SIMHASH_CHOSEN.shingleSize), SIMHASH_CHOSEN);
  console.log(`\nChosen ${JSON.stringify(SIMHASH_CHOSEN)}: precision ${chosen.precision.toFixed(3)}, recall ${chosen.recall.toFixed(3)}\n`);
  const long = pairs.filter((pair) => pair.a.text.length >= LONG_ENTRY_CHARS && pair.b.text.length >= LONG_ENTRY_CHARS);
  const longScore = score(long, hashPairs(long, SIMHASH_CHOSEN.shingleSize), SIMHASH_CHOSEN);
  console.log(
    `Pairs where both texts have ${LONG_ENTRY_CHARS}+ characters (${long.length}): precision ${longScore.precision.toFixed(3)}, recall ${longScore.recall.toFixed(3)}\n`,
  );
  console.log('Exact shingle containment on every pair, no candidate stage (what a verification stage could reach):\n');
  console.log('| shingle k | containment ≥ 0.5 | ≥ 0.6 | ≥ 0.7 |');
  console.log('|---:|---|---|---|');
  for (const size of [1, 2, 3]) {
    const cells = [0.5, 0.6, 0.7].map((minimum) => {
      const s = containmentScore(pairs, size, minimum);
      return `${s.precision.toFixed(3)} / ${s.recall.toFixed(3)}`;
    });
    console.log(`| ${size} | ${cells.join(' | ')} |`);
  }
  console.log('');
  console.log('| pair kind | same story | pairs called same story (%) |');
  console.log('|---|---|---:|');
  const kinds = [...new Set(pairs.map((pair) => pair.kind))] as PairKind[];
  for (const kind of kinds) {
    const sameStory = pairs.find((pair) => pair.kind === kind)?.sameStory ? 'yes' : 'no';
    console.log(`| ${kind} | ${sameStory} | ${percent(chosen.detectedByKind[kind])} |`);
  }
  printMinHash(pairs);
}

if (require.main === module) main();
