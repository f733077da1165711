import { gzipSync } from 'node:zlib';
import { Binary } from 'mongodb';
import { contentHash } from '@liveblog/fingerprint';
import { testEnv } from '../../../tests/harness/env';
import { createHash } from 'node:crypto';
import { chunkEnds } from './chunking';
import { chunkRefs } from './snapshots';
import { Store } from './store';

let store: Store;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
});
afterAll(() => store.close());

/** A 300 KB page: scripts and menus around entries, newest first; entry `n` is the newest. */
const page = (newest: number, stamp = 'a') => {
  const furniture = Array.from({ length: 3000 }, (_, i) => `<li><a href="/r/${i}-${(i * 7919) % 1000}">Ressort ${i}</a></li>`).join('\n');
  const entries = Array.from({ length: newest + 1 }, (_, i) => `<article id="e${newest - i}"><h2>Meldung ${newest - i}</h2><p>${`Text ${newest - i} `.repeat(60)}</p></article>`).join('\n');
  return Buffer.from(`<html><head><meta name="stand" content="${stamp}"></head><body><nav>${furniture}</nav><main>${entries}</main><footer>${furniture}</footer></body></html>`);
};
const snapshot = (id: string, body: Buffer, previousId: string | null, minute = 0) => ({
  id,
  sourceId: 'src_snap',
  url: 'https://snap.example/live',
  contentType: 'text/html',
  contentHash: contentHash(body),
  body,
  fetchedAt: new Date(Date.UTC(2026, 11, 7, 10, minute)),
  previousId,
});
const chunkCount = () => store.database.collections.snapshotChunks.countDocuments({});

test('a snapshot reads back byte for byte; the next one of the page stores only the chunks that changed; a re-store writes nothing', async () => {
  const first = page(40, 'a');
  await store.snapshots.put(snapshot('sn_chunk_1', first, null));
  const chunksOfFirst = await chunkCount();
  expect(chunksOfFirst).toBeGreaterThan(20);
  expect((await store.snapshots.get('sn_chunk_1')).body.equals(first)).toBe(true);

  // A new entry at the top and a new "stand": a few chunks, not the page again.
  const second = page(41, 'b');
  await store.snapshots.put(snapshot('sn_chunk_2', second, 'sn_chunk_1', 1));
  const added = (await chunkCount()) - chunksOfFirst;
  expect(added).toBeGreaterThan(0);
  expect(added).toBeLessThan(6);
  const read = await store.snapshots.get('sn_chunk_2');
  expect(read.body.equals(second)).toBe(true);
  expect(read).toMatchObject({ sourceId: 'src_snap', contentHash: contentHash(second), bytes: second.length });

  // The same job again (a replayed fetch), even with a later fetch time: no second effect.
  const before = await store.database.collections.snapshots.findOne({ _id: 'sn_chunk_2' });
  await store.snapshots.put({ ...snapshot('sn_chunk_2', second, 'sn_chunk_1', 5) });
  expect(await chunkCount()).toBe(chunksOfFirst + added);
  expect(await store.database.collections.snapshots.findOne({ _id: 'sn_chunk_2' })).toEqual(before);
});

test('a changed chunk is stored against the chunks it replaced; a process with nothing in memory reads every snapshot back, through chains cut at 8 links', async () => {
  const pages = Array.from({ length: 12 }, (_, i) => page(40 + i, `dict ${i}`));
  for (const [i, body] of pages.entries()) await store.snapshots.put({ ...snapshot(`sn_dict_${i}`, body, i === 0 ? null : `sn_dict_${i - 1}`, i), sourceId: 'src_dict' });
  const docs = await store.database.collections.snapshotChunks.find({}).toArray();
  const ofGroup = docs.filter((d) => d._id.startsWith('sn_dict_0:'));
  // Each chunk's bytes, by the id it is stored under.
  const contents = new Map<string, Buffer>();
  for (const body of pages) {
    let start = 0;
    for (const end of chunkEnds(body)) {
      const chunk = body.subarray(start, end);
      contents.set(`sn_dict_0:${createHash('sha256').update(chunk).digest('hex').slice(0, 16)}`, chunk);
      start = end;
    }
  }
  const against = ofGroup.filter((d) => d.dz);
  expect(against.length).toBeGreaterThan(10);
  const stored = against.reduce((n, d) => n + d.dz!.length(), 0);
  const alone = against.reduce((n, d) => n + gzipSync(contents.get(d._id)!).length, 0);
  expect(stored * 4).toBeLessThan(alone);
  // The top of the page changed every time: its chain grew to 8 links, then a chunk stood on its own again.
  expect(Math.max(...ofGroup.map((d) => d.level ?? 0))).toBe(8);
  const first = new Set(chunkRefs((await store.database.collections.snapshots.findOne({ _id: 'sn_dict_0' }))!).map((ref) => `sn_dict_0:${ref}`));
  expect(ofGroup.filter((d) => d.gz && !first.has(d._id)).length).toBeGreaterThan(0);
  const reader = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  try {
    for (const [i, body] of [...pages.entries()].reverse()) expect((await reader.snapshots.get(`sn_dict_${i}`)).body.equals(body)).toBe(true);
  } finally {
    await reader.close();
  }
});

test('a snapshot whose chunk does not add up to its content hash is refused', async () => {
  const body = page(3, 'corrupt');
  await store.snapshots.put({ ...snapshot('sn_chunk_corrupt', body, null), sourceId: 'src_corrupt' });
  const doc = await store.database.collections.snapshots.findOne({ _id: 'sn_chunk_corrupt' });
  const [ref] = chunkRefs(doc!);
  const chunk = Buffer.from(body.subarray(0, 100));
  chunk[10] = chunk[10]! ^ 1;
  // A fresh store: the chunk is not in this process's memory.
  const other = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  try {
    await other.database.collections.snapshotChunks.updateOne({ _id: `sn_chunk_corrupt:${ref}` }, { $set: { gz: new Binary(gzipSync(chunk)) } });
    await expect(other.snapshots.get('sn_chunk_corrupt')).rejects.toThrow('snapshot sn_chunk_corrupt reads back with a different content hash');
  } finally {
    await other.close();
  }
});

test('a snapshot stored whole (the layout before chunks) still reads', async () => {
  const body = Buffer.from('Ä'.repeat(100_000) + '\u0000binary\u00ff');
  await store.database.collections.snapshots.insertOne({
    _id: 'sn_whole',
    sourceId: 'src_t',
    url: 'file:///x.txt',
    contentType: 'text/plain',
    contentHash: 'h',
    bytes: body.length,
    bodyGzip: new Binary(gzipSync(body)),
    fetchedAt: new Date('2024-11-01T00:00:00Z'),
  });
  const read = await store.snapshots.get('sn_whole');
  expect(read.body.equals(body)).toBe(true);
  expect(read).toMatchObject({ id: 'sn_whole', contentType: 'text/plain', fetchedAt: new Date('2024-11-01T00:00:00Z') });
});

test('a missing snapshot is an error naming it', async () => {
  await expect(store.snapshots.get('sn_missing')).rejects.toThrow('snapshot sn_missing not found');
});
