import { hasEnded, nextIntervalSeconds } from './interval';

const bounds = { minSeconds: 30, maxSeconds: 3600 };

describe('nextIntervalSeconds', () => {
  test.each([
    ['a change halves it', { baseSeconds: 300, currentSeconds: 300, changed: true, failures: 0 }, 150],
    ['changes never go below the minimum', { baseSeconds: 300, currentSeconds: 40, changed: true, failures: 0 }, 30],
    ['quiet stretches it by half', { baseSeconds: 300, currentSeconds: 300, changed: false, failures: 0 }, 450],
    ['quiet never exceeds the maximum', { baseSeconds: 300, currentSeconds: 3000, changed: false, failures: 0 }, 3600],
    ['one failure doubles the base', { baseSeconds: 300, currentSeconds: 60, changed: false, failures: 1 }, 600],
    ['three failures: 8 × base', { baseSeconds: 60, currentSeconds: 60, changed: false, failures: 3 }, 480],
    ['many failures stop at the maximum', { baseSeconds: 300, currentSeconds: 300, changed: false, failures: 50 }, 3600],
  ])('%s', (_name, outcome, expected) => {
    expect(nextIntervalSeconds(outcome, bounds)).toBe(expected);
  });
});

describe('hasEnded', () => {
  const now = new Date('2024-11-02T12:00:00Z');
  test.each([
    ['quiet for longer than the limit', new Date('2024-11-01T11:00:00Z'), true],
    ['quiet, but not long enough', new Date('2024-11-01T13:00:00Z'), false],
    ['never changed yet', null, false],
  ])('%s', (_name, lastChangedAt, ended) => {
    expect(hasEnded({ lastChangedAt, now, quietHoursToEnd: 24 })).toBe(ended);
  });
});
