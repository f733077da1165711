import { loadFixtures, truthHeadlines, truthText } from './fixtures';

describe('loadFixtures', () => {
  const fixtures = loadFixtures();

  test('reads every page with its ground truth, sorted by name', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(16);
    expect(fixtures.map((f) => f.name)).toEqual([...fixtures.map((f) => f.name)].sort());
    for (const fixture of fixtures) {
      expect(fixture.html.subarray(0, 2).toString('hex')).not.toBe('1f8b');
      expect(fixture.html.toString('latin1')).toMatch(/<html/i);
      expect(fixture.truth.url).toMatch(/^https?:\/\//);
      expect(truthText(fixture).length).toBeGreaterThan(0);
    }
  });

  test('the Express page is the liveblog and has headlines', () => {
    const express = fixtures.find((f) => f.name.startsWith('Express_'));
    expect(express?.truth.liveblog).toBe(true);
    expect(express && truthHeadlines(express).length).toBeGreaterThan(0);
  });
});
