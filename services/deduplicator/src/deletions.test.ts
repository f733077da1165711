import { isCompleteFetch, judgeDeletions, MIN_COMPLETE_SHARE, type LiveEntryAge, type PageEntryAge } from './deletions';

describe('when a fetch counts as complete', () => {
  test.each([
    [0, 0, false, 'an empty page never does, even for a liveblog without live entries'],
    [0, 10, false, 'an empty page'],
    [5, 10, true, `exactly ${MIN_COMPLETE_SHARE * 100}% of the live entries`],
    [4, 10, false, `below ${MIN_COMPLETE_SHARE * 100}%`],
    [1, 1, true, 'the one live entry'],
    [30, 10, true, 'more than the live entries'],
  ])('%i shown of %i live: %s (%s)', (shown, live, complete) => {
    expect(isCompleteFetch(shown, live)).toBe(complete);
  });
});

/** Live entries `a`, `b`, … aged 1, 2, … minutes before t (a newest), unless given an age. */
const live = (keys: string, ages: Record<string, number | null> = {}): LiveEntryAge[] =>
  [...keys].map((key, i) => ({ key, sortAt: key in ages ? (ages[key] as number | null) : -(i + 1) }));
/** The page shows these live keys with their ages; `pinned` ones are pinned; `fresh` ones are new (age 0). */
const page = (keys: string, from: LiveEntryAge[], pinned = '', fresh = ''): PageEntryAge[] => [
  ...[...fresh].map((key) => ({ key, sortAt: 0, pinned: false })),
  ...[...keys].map((key) => ({ key, sortAt: from.find((e) => e.key === key)?.sortAt ?? 0, pinned: pinned.includes(key) })),
];

describe('judgeDeletions', () => {
  const five = live('abcde');
  test.each([
    ['a complete page deletes the live keys it no longer shows', five, page('acde', five, '', 'f'), ['b']],
    // Newest and oldest shown, eight between them missing: too few of the span to be a whole page.
    ['a truncated page deletes nothing', live('abcdefghij'), page('aj', live('abcdefghij')), []],
    ['an empty page deletes nothing', five, [], []],
    ['the share counts distinct keys', five, [...page('ae', five), ...page('ae', five), ...page('ae', five)], []],
    // The page shows its newest three: a, b, c scroll off as new entries arrive; nothing is deleted.
    ['entries older than the oldest on the page scrolled off, they are not deleted', five, page('ab', five, '', 'x'), []],
    ['within the span shown, a missing entry is deleted', five, page('ac', five, '', 'xy'), ['b']],
    // The span, not the whole liveblog, decides completeness: 2 of the 3 live entries in it.
    ['a paginated page is complete for its span', live('abcdefghij'), page('ac', live('abcdefghij'), '', 'x'), ['b']],
    ['a pinned old entry does not stretch the span', five, page('eab', five, 'e', 'x'), []],
    ['entries of unknown age are judged by the whole page, as before', live('abcde', { d: null }), page('ab', five, '', 'x'), ['d']],
  ])('%s', (_, liveEntries, pageEntries, deleted) => {
    expect(judgeDeletions(liveEntries, pageEntries, null).deleted).toEqual(deleted);
  });

  // The previous fetch showed a to c (five: a newest, ages -1 … -5), d and e had scrolled off before.
  const shownBefore = -3;
  test.each([
    ['one new entry pushed c off the page', page('ab', five, '', 'x'), []],
    ['nothing new arrived, so c did not scroll off: it was deleted', page('ab', five), ['c']],
    ['one arrived, two left: the older scrolled off, the newer was deleted', page('a', five, '', 'x'), ['b']],
    ['cut off after its newest entry: too little of what the previous fetch showed', page('a', five), []],
  ])('the previous fetch reached c; %s', (_, pageEntries, deleted) => {
    expect(judgeDeletions(five, pageEntries, shownBefore).deleted).toEqual(deleted);
  });

  // A reparse: `a` is the blob a misreading made of the page, first seen (and so aged) before the
  // entries the right reading finds; the misread page reached back to it.
  test('a page read again deletes what the previous reading showed, even older than the new span', () => {
    const blob = live('a', { a: -20 });
    const reread = [...'xyz'].map((key, i) => ({ key, sortAt: -10 + i, pinned: false }));
    // As a fetch, three arrivals would have pushed the blob off the page.
    expect(judgeDeletions(blob, reread, -20).deleted).toEqual([]);
    expect(judgeDeletions(blob, reread, -20, true).deleted).toEqual(['a']);
  });
});
