import { pickOriginals } from './duplicates';

const at = (iso: string) => new Date(iso);
const candidate = (_id: string, contentHash: string, firstSeenAt: string, sortKey = firstSeenAt) => ({
  _id,
  contentHash,
  firstSeenAt: at(firstSeenAt),
  sortKey: at(sortKey),
});

describe('pickOriginals', () => {
  test('a re-post points at the entry first seen with that content', () => {
    const originals = pickOriginals([
      candidate('en_b', 'h1', '2024-11-01T10:05:00Z'),
      candidate('en_a', 'h1', '2024-11-01T10:00:00Z'),
      candidate('en_c', 'h2', '2024-11-01T10:05:00Z'),
    ]);
    expect(originals).toEqual(new Map([['en_b', 'en_a']]));
  });

  test('seen in the same fetch: the one lower on the page (older) is the original', () => {
    const originals = pickOriginals([
      candidate('en_top', 'h1', '2024-11-01T10:00:00Z', '2024-11-01T09:59:59.999Z'),
      candidate('en_low', 'h1', '2024-11-01T10:00:00Z', '2024-11-01T09:59:59.997Z'),
    ]);
    expect(originals).toEqual(new Map([['en_top', 'en_low']]));
  });
});
