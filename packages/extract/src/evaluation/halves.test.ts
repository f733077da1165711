import { HALVES, halfOf } from './halves';

describe('halfOf', () => {
  // Pinned: a page that changed halves would move between what is tuned on and what judges it.
  test.each([
    ['0001', 'check'],
    ['0002', 'tuning'],
    ['0003', 'tuning'],
    ['Express_2024_07_18', 'tuning'],
    ['a', 'check'],
    ['', 'tuning'],
  ])('%j is in the %s half', (name, half) => {
    expect(halfOf(name)).toBe(half);
  });

  test('depends on the name alone', () => {
    expect(halfOf('NationalPost_2025_05_08')).toBe(halfOf('NationalPost_2025_05_08'));
  });

  test('splits numbered and named pages roughly in two', () => {
    const names = [
      ...Array.from({ length: 1000 }, (_, i) => String(i).padStart(4, '0')),
      ...Array.from({ length: 1000 }, (_, i) => `Outlet${i % 37}_20${10 + (i % 16)}_${String(i % 12).padStart(2, '0')}_${i}`),
    ];
    for (const half of HALVES) {
      const share = names.filter((name) => halfOf(name) === half).length / names.length;
      expect(share).toBeGreaterThan(0.45);
      expect(share).toBeLessThan(0.55);
    }
  });

  test('does not alternate along numbered names', () => {
    const run = Array.from({ length: 200 }, (_, i) => halfOf(String(i).padStart(4, '0')));
    const alternations = run.filter((half, i) => i > 0 && half !== run[i - 1]).length;
    // An even split along a sequence changes halves about every other step; strict alternation is 199.
    expect(alternations).toBeLessThan(150);
  });
});
