import { testEnv } from '../../../tests/harness/env';
import type { IndexedEntry } from './indexed-entry';
import { Store } from './store';
import { countEntries, readVersions, recordPresence, splitVersions, type PresenceChange } from './versions';
import { entry, extraction, keysOf } from './testdata/extractions';

let store: Store;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
});
afterAll(() => store.close());

const t = (minute: number) => new Date(Date.UTC(2024, 10, 20, 10, minute));
const mark = (entryId: string, change: IndexedEntry['change']): PresenceChange => ({ entryId, change, firstSeenAt: t(0) });

test.each([
  ['deleted, then restored: live', [['deleted', 1], ['restored', 2]], 2],
  ['restored, then deleted: gone', [['restored', 1], ['deleted', 2]], 1],
  ['the same, written in the other order, ends the same', [['deleted', 2], ['restored', 1]], 1],
  ['replayed marks change nothing', [['deleted', 1], ['deleted', 1], ['restored', 2], ['restored', 2]], 2],
] as const)('%s', async (name, marks, live) => {
  const liveblogId = `lb_presence_${name.replace(/\W+/g, '_')}`;
  const x = extraction(liveblogId, t(0), [entry(1), entry(2)]);
  const [first] = await store.entries.index(x, keysOf(x));
  for (const [change, minute] of marks) await recordPresence(store.database.collections, liveblogId, [mark(first!.entryId, change)], t(minute));
  expect(await countEntries(store.database.collections, [liveblogId], false)).toEqual(new Map([[liveblogId, live]]));
  expect(await countEntries(store.database.collections, [liveblogId], true)).toEqual(new Map([[liveblogId, 2]]));
});

test('a liveblog with no entries counts none', async () => {
  expect(await countEntries(store.database.collections, ['lb_nothing'], false)).toEqual(new Map([['lb_nothing', 0]]));
});

test('an entry with only presence marks has no versions to read', async () => {
  await recordPresence(store.database.collections, 'lb_marks_only', [mark('en_0000000000000001', 'deleted')], t(1));
  expect(await readVersions(store.database.collections, ['en_0000000000000001'])).toEqual([]);
});

test('a job writes documents of its own entries, not one that grows with the liveblog', async () => {
  const liveblogId = 'lb_versions_shape';
  const page = Array.from({ length: 30 }, (_, i) => entry(i));
  const x = extraction(liveblogId, t(0), page);
  const [first] = await store.entries.index(x, keysOf(x));
  const edited = extraction(liveblogId, t(5), [entry(0, 'Neue Fassung.'), ...page.slice(1)]);
  await store.entries.index(edited, ['k0']);
  const { entryVersions, contentHashes } = store.database.collections;
  expect(Object.keys((await entryVersions.findOne({ _id: first!.entryId }))!.versions)).toHaveLength(2);
  expect(await entryVersions.countDocuments({ liveblogId })).toBe(30);
  expect(await contentHashes.countDocuments({ liveblogId })).toBe(31);
  expect(await countEntries(store.database.collections, [liveblogId], false)).toEqual(new Map([[liveblogId, 30]]));
});

test('a versions record of the layout before 2026-12-07 is split into the same versions and counts, idempotently', async () => {
  const c = store.database.collections;
  const at = (minute: number) => t(minute).getTime();
  const version = (hash: string, seen: number, first: number) => `${hash} ${at(seen)} ${at(first)} ${at(first)}`;
  await c.versions.insertOne({
    _id: 'lb_legacy',
    versions: { 'en_a~rv_1': version('h1', 0, 0), 'en_a~rv_2': version('h2', 70, 0), 'en_b~rv_3': version('h1', 90, 90) },
    indexed: { en_a: true, en_b: true },
    deleted: { en_b: at(95) },
  });
  expect(await splitVersions(c)).toBe(1);
  expect(await splitVersions(c)).toBe(0);
  expect(await c.versions.findOne({ _id: 'lb_legacy' })).toBeNull();
  expect((await readVersions(c, ['en_a'])).map((v) => v.revisionId).sort()).toEqual(['rv_1', 'rv_2']);
  expect(await countEntries(c, ['lb_legacy'], true)).toEqual(new Map([['lb_legacy', 2]]));
  expect(await countEntries(c, ['lb_legacy'], false)).toEqual(new Map([['lb_legacy', 1]]));
  // Split again (a run cut short before the delete): nothing changes.
  await c.versions.insertOne({ _id: 'lb_legacy', versions: { 'en_b~rv_3': version('h1', 90, 90) }, indexed: { en_b: true }, deleted: { en_b: at(95) } });
  await splitVersions(c);
  expect(await countEntries(c, ['lb_legacy'], false)).toEqual(new Map([['lb_legacy', 1]]));
});
