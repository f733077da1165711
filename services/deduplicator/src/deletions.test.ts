import { deletedKeys, isCompleteFetch, MIN_COMPLETE_SHARE } from './deletions';

describe('when a fetch counts as complete', () => {
  test('an empty page never does, even for a liveblog without live entries', () => {
    expect(isCompleteFetch(0, 0)).toBe(false);
    expect(isCompleteFetch(0, 10)).toBe(false);
  });

  test(`a page with at least ${MIN_COMPLETE_SHARE * 100}% of the live entries does`, () => {
    expect(isCompleteFetch(5, 10)).toBe(true);
    expect(isCompleteFetch(4, 10)).toBe(false);
    expect(isCompleteFetch(1, 1)).toBe(true);
    expect(isCompleteFetch(30, 10)).toBe(true);
  });
});

describe('deletedKeys', () => {
  test('a complete page deletes the live keys it no longer shows', () => {
    expect(deletedKeys(['a', 'b', 'c', 'd'], ['a', 'c', 'd', 'e'])).toEqual(['b']);
  });

  test('a truncated or empty page deletes nothing', () => {
    expect(deletedKeys(['a', 'b', 'c', 'd', 'e'], ['a', 'b'])).toEqual([]);
    expect(deletedKeys(['a', 'b'], [])).toEqual([]);
  });

  test('the share counts distinct keys on the page', () => {
    expect(deletedKeys(['a', 'b', 'c', 'd', 'e'], ['a', 'a', 'a'])).toEqual([]);
  });
});
