import type { ExtractedEntry } from '@liveblog/contracts';
import { testEnv } from '../../../tests/harness/env';
import type { ExtractionDoc } from './documents';
import { Store } from './store';

let store: Store;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
});
afterAll(() => store.close());

const extraction = (id: string, entries: number, fetchedAt: string): ExtractionDoc => ({
  _id: id,
  sourceId: 'src_t',
  liveblogId: 'lb_t',
  url: 'https://news.example/live',
  fetchedAt: new Date(fetchedAt),
  extractedAt: new Date(fetchedAt),
  liveblog: { url: 'https://news.example/live', title: 'Live', summary: null, language: 'de', publishedAt: null, modifiedAt: null } as unknown as ExtractionDoc['liveblog'],
  entries: Array.from({ length: entries }, (_, i) => ({ key: `k${i}` }) as unknown as ExtractedEntry),
});

test('entryCounts: the entries and fetch time of each stored extraction; unknown snapshots are absent', async () => {
  await store.extractions.put(extraction('sn_counts_a', 3, '2026-12-01T10:00:00Z'));
  await store.extractions.put(extraction('sn_counts_b', 0, '2026-12-01T11:00:00Z'));
  const counts = await store.extractions.entryCounts(['sn_counts_a', 'sn_counts_b', 'sn_counts_missing', 'sn_counts_a']);
  expect(Object.fromEntries(counts)).toEqual({
    sn_counts_a: { entries: 3, fetchedAt: new Date('2026-12-01T10:00:00Z') },
    sn_counts_b: { entries: 0, fetchedAt: new Date('2026-12-01T11:00:00Z') },
  });
  expect((await store.extractions.entryCounts([])).size).toBe(0);
});
