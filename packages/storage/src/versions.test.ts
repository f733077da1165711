import { testEnv } from '../../../tests/harness/env';
import type { IndexedEntry } from './indexed-entry';
import { Store } from './store';
import { countEntries, readVersions, recordPresence } from './versions';
import { entry, extraction, keysOf } from './testdata/extractions';

let store: Store;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
});
afterAll(() => store.close());

const t = (minute: number) => new Date(Date.UTC(2024, 10, 20, 10, minute));
const mark = (entryId: string, change: IndexedEntry['change']): IndexedEntry => ({ entryId, key: 'k', contentHash: 'h', change });

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

test('a record holding only presence marks has no versions to read', async () => {
  await recordPresence(store.database.collections, 'lb_marks_only', [mark('en_0000000000000001', 'deleted')], t(1));
  expect(await readVersions(store.database.collections, ['lb_marks_only'])).toEqual([]);
});
