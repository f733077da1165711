import { falseMatchesPerLookup } from './false-matches';

const binomialTail = (threshold: number): number => {
  let sum = 0;
  let term = 1;
  for (let d = 0; d <= threshold; d++) {
    sum += term;
    term = (term * (64 - d)) / (d + 1);
  }
  return sum / 2 ** 64;
};

describe('falseMatchesPerLookup', () => {
  test('with more bands than the threshold every close pair meets: the binomial tail', () => {
    expect(falseMatchesPerLookup(7, 8, 1)).toBeCloseTo(binomialTail(7), 20);
  });
  test('one band only meets identical hashes', () => {
    expect(falseMatchesPerLookup(13, 1, 1e6)).toBeCloseTo(1e6 / 2 ** 64, 25);
  });
  test('banding can only lower the rate', () => {
    expect(falseMatchesPerLookup(13, 8, 1)).toBeLessThan(binomialTail(13));
  });
});
