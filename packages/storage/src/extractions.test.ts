import { Binary } from 'mongodb';
import type { ExtractedEntry } from '@liveblog/contracts';
import { testEnv } from '../../../tests/harness/env';
import type { ExtractionDoc } from './documents';
import { entryOf } from './extractions';
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
    expect(await other.extractions.get('sn_refs_1')).toEqual({ ...first, stored: 'references' });
    expect(await other.extractions.get('sn_refs_2')).toEqual({ ...second, stored: 'references' });
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
  expect(raw!.entryCount).toBe(4);
});

test('an extraction lists blocks of references: a new entry at the top of a long page writes about one block, not the list again', async () => {
  const page = Array.from({ length: 300 }, (_, i) => entry(300 - i));
  const blocks = () => store.database.collections.extractionBlocks.countDocuments({ _id: { $regex: '^lb_blocks\\|' } });
  await store.extractions.put(extraction('sn_blocks_1', page, '2026-12-07T10:00:00Z', 'lb_blocks'));
  const first = await blocks();
  expect(first).toBeGreaterThan(8);
  const next = [entry(301), ...page];
  await store.extractions.put(extraction('sn_blocks_2', next, '2026-12-07T10:01:00Z', 'lb_blocks'));
  expect((await blocks()) - first).toBeLessThanOrEqual(2);
  const raw = await store.database.collections.extractions.findOne({ _id: 'sn_blocks_2' });
  // The document names blocks, not entries: a fraction of 16 bytes an entry.
  expect(raw!.blocks!.buffer.length).toBeLessThan(301 * 2);
  const other = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  try {
    expect((await other.extractions.get('sn_blocks_2')).entries).toEqual(next);
  } finally {
    await other.close();
  }
});

test('an extraction stored with its references in the document (the layout before blocks) still reads', async () => {
  const old = extraction('sn_refs_old', [entry(2), entry(1)], '2026-12-06T10:00:00Z', 'lb_refs_old');
  await store.extractions.put(old);
  const { entries: _, ...rest } = old;
  const refs = new Map((await store.database.collections.extractedEntries.find({ _id: { $regex: '^lb_refs_old:' } }).toArray()).map((d) => [entryOf(d).key, d._id.split(':')[1]!]));
  await store.database.collections.extractions.replaceOne({ _id: 'sn_refs_old' }, { ...rest, entryRefs: new Binary(Buffer.from(refs.get(entry(2).key)! + refs.get(entry(1).key)!, 'hex')) });
  const other = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  try {
    expect(await other.extractions.get('sn_refs_old')).toEqual({ ...old, stored: 'references' });
  } finally {
    await other.close();
  }
});

test('an entry version is stored as gzipped JSON; one stored as a document (the layout before) still reads', async () => {
  const x = extraction('sn_gz_1', [entry(2, 'Zwei <b>fett</b>.'), entry(1)], '2026-12-07T10:00:00Z', 'lb_gz');
  await store.extractions.put(x);
  const stored = await store.database.collections.extractedEntries.find({ _id: { $regex: '^lb_gz:' } }).toArray();
  expect(stored.map((d) => [d.entry, (d.gz?.buffer.length ?? 0) > 0])).toEqual([[undefined, true], [undefined, true]]);
  const [first] = stored;
  await store.database.collections.extractedEntries.replaceOne({ _id: first!._id }, { entry: entryOf(first!) });
  const other = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  try {
    expect(await other.extractions.get('sn_gz_1')).toEqual({ ...x, stored: 'references' });
  } finally {
    await other.close();
  }
});

test('an extraction stored whole (the layout before references) still reads', async () => {
  const old = extraction('sn_whole_x', [entry(2), entry(1)], '2026-11-30T10:00:00Z');
  await store.database.collections.extractions.insertOne(old);
  expect(await store.extractions.get('sn_whole_x')).toEqual({ ...old, stored: 'whole' });
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

test('what get says of the layout it read is not stored when the extraction is put again', async () => {
  const x = extraction('sn_layout_again', [entry(1)], '2026-12-07T12:00:00Z', 'lb_layout');
  await store.extractions.put(x);
  await store.extractions.put(await store.extractions.get('sn_layout_again'));
  expect(await store.database.collections.extractions.findOne({ _id: 'sn_layout_again' })).not.toHaveProperty('stored');
});
