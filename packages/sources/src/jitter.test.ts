import { jitteredMs } from './jitter';

test('jitteredMs is stable per source, within ±10%, and different across sources', () => {
  expect(jitteredMs(100, 'src_a')).toBe(jitteredMs(100, 'src_a'));
  const spread = new Set(Array.from({ length: 50 }, (_, i) => jitteredMs(100, `src_${i}`)));
  expect(spread.size).toBeGreaterThan(40);
  for (const ms of spread) expect(ms).toBeGreaterThanOrEqual(90_000);
  for (const ms of spread) expect(ms).toBeLessThanOrEqual(110_000);
});
