import { cappedBackoff } from './backoff';

const backoff = cappedBackoff(100, 2_000);

test.each([
  [1, 100],
  [2, 200],
  [4, 800],
  [5, 1_600],
  [6, 2_000],
  [30, 2_000],
])('retry %i waits %i ms without jitter', (attemptsMade, ms) => {
  expect(backoff(attemptsMade, 0)).toBe(ms);
});

test('jitter takes at most half off, the cap included', () => {
  expect(backoff(3, 0.999)).toBeGreaterThanOrEqual(200);
  expect(backoff(30, 0.999)).toBeGreaterThanOrEqual(1_000);
  expect(backoff(30, 0.5)).toBe(1_500);
});
