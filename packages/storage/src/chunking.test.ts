import { createHash } from 'node:crypto';
import { chunkEnds, PAGE_CHUNKS } from './chunking';

/** Deterministic bytes that look like markup: varied enough for the rolling hash, repeated like menus. */
const markup = (n: number, salt = '') =>
  Buffer.from(Array.from({ length: n }, (_, i) => `<li><a href="/r/${createHash('md5').update(`${salt}${i}`).digest('hex').slice(0, 8)}">Ressort ${i}</a></li>`).join('\n'));
const chunksOf = (data: Buffer) => {
  let start = 0;
  return chunkEnds(data).map((end) => data.subarray(start, (start = end)).toString('hex'));
};

test.each([
  ['empty', Buffer.alloc(0)],
  ['shorter than the minimum', markup(3)],
  ['a page', markup(5000)],
  ['a run of one byte', Buffer.alloc(200_000, 0x20)],
])('%s: chunks cover the bytes in order, each within the sizes', (_, data) => {
  const ends = chunkEnds(data);
  expect(ends.at(-1) ?? 0).toBe(data.length);
  ends.forEach((end, i) => {
    const size = end - (ends[i - 1] ?? 0);
    expect(size).toBeLessThanOrEqual(PAGE_CHUNKS.max);
    if (i < ends.length - 1) expect(size).toBeGreaterThanOrEqual(PAGE_CHUNKS.min);
  });
});

test('an insertion changes only the chunks around it: the rest of the page is cut as before', () => {
  const before = markup(8000);
  const at = Math.floor(before.length / 3);
  const after = Buffer.concat([before.subarray(0, at), Buffer.from('<article><h2>Neu</h2><p>Eine neue Meldung.</p></article>'), before.subarray(at)]);
  const old = new Set(chunksOf(before));
  const fresh = chunksOf(after).filter((c) => !old.has(c));
  expect(old.size).toBeGreaterThan(50);
  expect(fresh.length).toBeGreaterThan(0);
  expect(fresh.length).toBeLessThanOrEqual(3);
});
