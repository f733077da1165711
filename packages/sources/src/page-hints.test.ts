import { pageHints, type CachingHeaders } from './page-hints';

const now = new Date('2026-12-01T08:00:00Z');
const none: CachingHeaders = { cacheControl: null, expires: null, date: null };

test.each<[string, Partial<CachingHeaders>, string, { floorSeconds: number | null; ended: boolean }]>([
  ['no hints', {}, '<p>Ticker</p>', { floorSeconds: null, ended: false }],
  ['max-age', { cacheControl: 'public, max-age=90' }, '', { floorSeconds: 90, ended: false }],
  ['max-age wins over Expires', { cacheControl: 'max-age=30', expires: 'Tue, 01 Dec 2026 09:00:00 GMT' }, '', { floorSeconds: 30, ended: false }],
  ['s-maxage alone is for shared caches, not us', { cacheControl: 's-maxage=600' }, '', { floorSeconds: null, ended: false }],
  ['no-cache, max-age=0', { cacheControl: 'no-cache, max-age=0' }, '', { floorSeconds: 0, ended: false }],
  ['Expires against Date', { expires: 'Tue, 01 Dec 2026 07:02:00 GMT', date: 'Tue, 01 Dec 2026 07:00:00 GMT' }, '', { floorSeconds: 120, ended: false }],
  ['Expires against now without Date', { expires: 'Tue, 01 Dec 2026 08:01:00 GMT' }, '', { floorSeconds: 60, ended: false }],
  ['an Expires of -1 is already expired', { expires: '-1' }, '', { floorSeconds: 0, ended: false }],
  ['a feed ttl in minutes', {}, '<rss><channel><ttl>5</ttl></channel></rss>', { floorSeconds: 300, ended: false }],
  ['coverage ended', {}, '<script type="application/ld+json">{"@type":"LiveBlogPosting","coverageEndTime":"2026-11-30T20:00:00+01:00"}</script>', { floorSeconds: null, ended: true }],
  ['coverage ends later', {}, '{"coverageEndTime": "2026-12-02T20:00:00Z"}', { floorSeconds: null, ended: false }],
  ['coverage end unreadable', {}, '{"coverageEndTime":"soon"}', { floorSeconds: null, ended: false }],
])('%s', (_name, headers, body, expected) => {
  expect(pageHints({ ...none, ...headers }, body, now)).toEqual(expected);
});
