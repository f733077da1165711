import type { CommandStartedEvent, Document } from 'mongodb';
import type { Store } from './store';
import { filterShapes, filtersSentTo, openRecordingStore } from './testdata/commands';
import { entry, extraction, keysOf } from './testdata/extractions';

let store: Store;
let sent: CommandStartedEvent[];
beforeAll(async () => {
  ({ store, sent } = await openRecordingStore());
});
afterAll(() => store.close());

/** FerretDB's SQLite plan for a filter, after a lookup (a connection notices an added index on use). */
async function plan(collection: 'entries' | 'liveblogs', filter: Document): Promise<string> {
  const c = store.database.db.collection(collection);
  await c.findOne(filter);
  return JSON.stringify((await c.find(filter).explain()).queryPlanner);
}

// FerretDB pushes only a bare {_id} filter down to SQLite: a version guard in the filter ({_id, seenAt})
// scanned the collection, ~2 s per edited entry at 30,000 entries. Counted here by what is sent and how
// FerretDB plans it, not by time: the same holds at any store size.
test('edits, deletions, replays and late older snapshots read and write entries and liveblogs by _id alone', async () => {
  const liveblogId = 'lb_point_writes';
  const t = (m: number) => new Date(Date.UTC(2024, 10, 5, 10, m));
  const entries = Array.from({ length: 60 }, (_, i) => entry(i));
  const first = extraction(liveblogId, t(0), entries);
  await store.entries.index(first, keysOf(first));
  await store.liveblogs.index(first);

  const from = sent.length;
  const edited = extraction(liveblogId, t(1), entries.map((e, i) => (i === 5 ? entry(5, 'Korrigiert.') : e)).filter((_, i) => i !== 7));
  await store.liveblogs.index(edited);
  expect((await store.entries.index(edited, ['k5'])).map((e) => e.change)).toEqual(['updated']);
  expect((await store.entries.markDeleted(edited, ['k7'])).map((e) => e.change)).toEqual(['deleted']);
  // A replay, then the first snapshot arriving late: neither changes anything.
  await store.entries.index(edited, ['k5']);
  await store.entries.markDeleted(edited, ['k7']);
  await store.liveblogs.index(first);
  await store.entries.index(first, ['k5', 'k7']);
  await store.entries.markDeleted(first, ['k5']);

  const stored = (await store.entries.search({ liveblogId, includeDeleted: true }, null, 100)).items;
  expect(stored.find((e) => e.key === 'k5')).toMatchObject({ text: 'Korrigiert.', seenAt: t(1), deletedAt: null });
  expect(stored.find((e) => e.key === 'k7')).toMatchObject({ deletedAt: t(1), seenAt: t(1) });
  expect((await store.liveblogs.get(liveblogId))?.seenAt).toEqual(t(1));

  const filters = [...filtersSentTo('entries', sent.slice(from)), ...filtersSentTo('liveblogs', sent.slice(from))];
  expect(filters.length).toBeGreaterThan(0);
  expect(filterShapes(filters)).toEqual(['_id']);
  expect(filters.every((f) => typeof f._id === 'string')).toBe(true);

  // What that means on FerretDB: a bare _id is an index search, a guard beside it a scan.
  const id = filters[0]!._id as string;
  const deadline = Date.now() + 10_000;
  let byId = await plan('entries', { _id: id });
  while (!byId.includes('__id_lookup') && Date.now() < deadline) byId = await plan('entries', { _id: id });
  expect(byId).toMatch(/SEARCH \S+ USING INDEX \S+__id_lookup/);
  expect(await plan('entries', { _id: id, seenAt: { $lte: t(1) } })).not.toMatch(/USING INDEX \S+__id_lookup/);
});
