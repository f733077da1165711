import { extract } from '../extract';
import { tokenF1 } from '../evaluation/score';
import { type LiveblogShape, buildLiveblog } from '../testdata/liveblog-pages';

/**
 * The targets for liveblogs never seen (issue 21), on heavy invented pages (testdata/liveblog-pages.ts):
 * the entry count within 10% of the truth and the entries' text at token F1 ≥ 0.9, whatever marks the
 * entries. None of these pages names its entries by class: each entry is one of a row of boxes of a
 * made-up class, opened by a time in a box of its own.
 */
const two = (n: number): string => String(n).padStart(2, '0');
const TIMES: Record<string, LiveblogShape['time']> = {
  '14:32': (h, m) => `${two(h)}:${two(m)}`,
  '2:32pm': (h, m) => `${h % 12 === 0 ? 12 : h % 12}:${two(m)}${h < 12 ? 'am' : 'pm'}`,
  '14.32 CET': (h, m) => `${two(h)}.${two(m)} CET`,
  'ore 14.32': (h, m) => `ore ${two(h)}.${two(m)}`,
  'godz. 14:32': (h, m) => `godz. ${two(h)}:${two(m)}`,
};
const PLAIN: Omit<LiveblogShape, 'time' | 'seed'> = { structuredEntries: 0, keyEvents: false, teaserCards: 0, innerTimes: false, entries: 48 };

const CASES: [string, LiveblogShape][] = [
  ...Object.entries(TIMES).map(([label, time], seed): [string, LiveblogShape] => [`plain timed boxes, "${label}"`, { ...PLAIN, time, seed }]),
  ['JSON-LD lists the newest 6 of 40 entries', { ...PLAIN, entries: 40, structuredEntries: 6, time: TIMES['14:32'] as LiveblogShape['time'], seed: 11 }],
  ['teaser cards with times between the entries, a key-events list above', { ...PLAIN, teaserCards: 6, keyEvents: true, time: TIMES['2:32pm'] as LiveblogShape['time'], seed: 12 }],
  ['entries printing a second time inside (an update line, an embedded post)', { ...PLAIN, innerTimes: true, time: TIMES['ore 14.32'] as LiveblogShape['time'], seed: 13 }],
  ['all of it at once', { ...PLAIN, structuredEntries: 9, teaserCards: 5, keyEvents: true, innerTimes: true, time: TIMES['14.32 CET'] as LiveblogShape['time'], seed: 14 }],
];

describe.each(CASES)('an unseen liveblog: %s', (_label, shape) => {
  const page = buildLiveblog(shape);
  const { entries } = extract({ body: page.html, url: 'https://daily.example/floods-live' });

  test('the page weighs what a real one does', () => {
    expect(page.html.length).toBeGreaterThan(200_000);
  });

  test('the entry count is within 10% of the truth', () => {
    expect(Math.abs(entries.length - page.entries.length)).toBeLessThanOrEqual(page.entries.length * 0.1);
  });

  test("the entries' text has token F1 ≥ 0.9 against the truth", () => {
    const f1 = tokenF1(entries.map((e) => e.text).join('\n'), page.entries.map((e) => e.text).join('\n'));
    expect(f1).toBeGreaterThanOrEqual(0.9);
  });

  test('every entry has its time, newest first, on the page’s day', () => {
    const times = entries.map((e) => e.publishedAt);
    expect(times.every((t) => t !== null && t.startsWith('2026-03-14'))).toBe(true);
    expect([...times].sort().reverse()).toEqual(times);
  });
});
