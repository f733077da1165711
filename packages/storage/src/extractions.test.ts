import type { ExtractedEntry } from '@liveblog/contracts';
import { testEnv } from '../../../tests/harness/env';
import type { ExtractionDoc } from './documents';
import { Store } from './store';
import { entry } from './testdata/extractions';

let store: Store;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
});
afterAll(() => store.close());

const extraction = (id: string, entries: ExtractedEntry[], fetchedAt: string, liveblogId = 'lb_t'): ExtractionDoc => ({
  _id: id,
  sourceId: 'src_t',
  liveblogId,
  url: 'https://news.example/live',
  fetchedAt: new Date(fetchedAt),
  extractedAt: new Date(fetchedAt),
  liveblog: { url: 'https://news.example/live', title: 'Live', summary: null, language: 'de', publishedAt: null, modifiedAt: null },
  entries,
});
const versions = () => store.database.collections.extractedEntries.countDocuments({});

test('an extraction stores each entry version once: the next page of the liveblog writes only what is new; it reads back whole', async () => {
  const start = await versions();
  const first = extraction('sn_refs_1', [entry(3), entry(2), entry(1)], '2026-12-07T10:00:00Z', 'lb_refs');
  await store.extractions.put(first);
  expect((await versions()) - start).toBe(3);
  // A new entry and an edit of entry 2.
  const second = extraction('sn_refs_2', [entry(4), entry(3), entry(2, 'Text, korrigiert.'), entry(1)], '2026-12-07T10:01:00Z', 'lb_refs');
  await store.extractions.put(second);
  expect((await versions()) - start).toBe(5);
  // Read by another process, which has none of the entries in memory.
  const other = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  try {
    expect(await other.extractions.get('sn_refs_1')).toEqual(first);
    expect(await other.extractions.get('sn_refs_2')).toEqual(second);
    // The same job again, in a process that has not seen the entries: no second version, the same document.
    const stored = await store.database.collections.extractions.findOne({ _id: 'sn_refs_2' });
    await other.extractions.put(second);
    expect((await versions()) - start).toBe(5);
    expect(await store.database.collections.extractions.findOne({ _id: 'sn_refs_2' })).toEqual(stored);
  } finally {
    await other.close();
  }
  const raw = await store.database.collections.extractions.findOne({ _id: 'sn_refs_2' });
  expect(raw!.entries).toBeUndefined();
  expect(raw!.entryRefs!.buffer.length).toBe(4 * 16);
});

test('an extraction stored whole (the layout before references) still reads', async () => {
  const old = extraction('sn_whole_x', [entry(2), entry(1)], '2026-11-30T10:00:00Z');
  await store.database.collections.extractions.insertOne(old);
  expect(await store.extractions.get('sn_whole_x')).toEqual(old);
  expect(Object.fromEntries(await store.extractions.entryCounts(['sn_whole_x']))).toEqual({ sn_whole_x: { entries: 2, fetchedAt: old.fetchedAt } });
});

test('entryCounts: the entries and fetch time of each stored extraction; unknown snapshots are absent', async () => {
  await store.extractions.put(extraction('sn_counts_a', [entry(1), entry(2), entry(3)], '2026-12-01T10:00:00Z'));
  await store.extractions.put(extraction('sn_counts_b', [], '2026-12-01T11:00:00Z'));
  const counts = await store.extractions.entryCounts(['sn_counts_a', 'sn_counts_b', 'sn_counts_missing', 'sn_counts_a']);
  expect(Object.fromEntries(counts)).toEqual({
    sn_counts_a: { entries: 3, fetchedAt: new Date('2026-12-01T10:00:00Z') },
    sn_counts_b: { entries: 0, fetchedAt: new Date('2026-12-01T11:00:00Z') },
  });
  expect((await store.extractions.entryCounts([])).size).toBe(0);
});

test('a missing extraction is an error naming it', async () => {
  await expect(store.extractions.get('sn_refs_missing')).rejects.toThrow('extraction sn_refs_missing not found');
});
