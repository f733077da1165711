/**
 * Expected false matches per lookup when the window holds `windowSize` unrelated entries. Pairwise
 * precision on a few thousand negatives cannot show a 1e-6 rate, but at 10^6 entries it decides
 * whether a lookup returns a stranger. Unrelated texts' SimHashes behave like independent uniform
 * bits (the set's negatives: mean 32, 5th percentile 25, as Binomial(64, 1/2)), so the rate is
 * P(distance <= threshold and at least one band agrees) under that model.
 */
export function falseMatchesPerLookup(threshold: number, bands: number, windowSize: number): number {
  const widths = Array.from({ length: bands }, (_, band) => Math.floor(64 / bands) + (band < 64 % bands ? 1 : 0));
  let probability = 0;
  for (let distance = 0; distance <= threshold; distance++) {
    probability += (choose(64, distance) - everyBandTouched(widths, distance)) / 2 ** 64;
  }
  return probability * windowSize;
}

/** Ways to place `distance` differing bits so that every band holds at least one (no band agrees). */
function everyBandTouched(widths: readonly number[], distance: number): number {
  let ways = new Array<number>(distance + 1).fill(0);
  ways[0] = 1;
  for (const width of widths) {
    const next = new Array<number>(distance + 1).fill(0);
    for (let used = 0; used <= distance; used++) {
      const before = ways[used] as number;
      if (before === 0) continue;
      for (let inBand = 1; inBand <= width && used + inBand <= distance; inBand++) {
        next[used + inBand] = (next[used + inBand] as number) + before * choose(width, inBand);
      }
    }
    ways = next;
  }
  return ways[distance] as number;
}

function choose(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}
