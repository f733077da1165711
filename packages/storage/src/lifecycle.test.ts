import { testEnv } from '../../../tests/harness/env';
import type { Collections } from './database';
import { decodeCursor } from './cursor';
import { EntryStore } from './entries';
import { entryOf } from './extractions';
import { Store } from './store';
import { entry, extraction, keysOf } from './testdata/extractions';

let store: Store;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
});
afterAll(() => store.close());

const minute = (m: number) => new Date(Date.UTC(2024, 10, 3, 10, m));
const entryId = async (liveblogId: string, key: string) =>
  (await store.entries.listByLiveblog(liveblogId, null, 100, true)).items.find((e) => e.key === key)!._id;

describe('revisions', () => {
  test('A → B → A makes three revisions, newest first; replaying any version adds none', async () => {
    const versions = [
      extraction('lb_rev', minute(0), [entry(1, 'Fassung A.')]),
      extraction('lb_rev', minute(1), [entry(1, 'Fassung B.')]),
      extraction('lb_rev', minute(2), [entry(1, 'Fassung A.')]),
    ];
    for (const x of versions) await store.entries.index(x, keysOf(x));
    for (const x of versions) await store.entries.index(x, keysOf(x));
    const id = await entryId('lb_rev', 'k1');
    const first = await store.revisions.listByEntry({ _id: id }, null, 2);
    expect(first.items.map((r) => [r.text, r.seenAt])).toEqual([['Fassung A.', minute(2)], ['Fassung B.', minute(1)]]);
    const rest = await store.revisions.listByEntry({ _id: id }, decodeCursor(first.next!), 2);
    expect(rest.items.map((r) => [r.text, r.seenAt])).toEqual([['Fassung A.', minute(0)]]);
    expect(rest.next).toBeNull();
    expect((await store.entries.get(id))?.revisionCount).toBe(3);
    expect((await store.entries.get(id))!.text).toBe('Fassung A.');
  });

  test('a revision names the extracted entry version it records and copies none of its content; one stored whole (before) still reads', async () => {
    const x0 = extraction('lb_rev_ref', minute(0), [entry(1, 'Erste Fassung.')]);
    const x1 = extraction('lb_rev_ref', minute(1), [entry(1, 'Zweite Fassung.')]);
    for (const x of [x0, x1]) await store.entries.index(x, keysOf(x));
    const id = await entryId('lb_rev_ref', 'k1');
    const stored = await store.database.collections.revisions.find({ entryId: id }).sort({ seenAt: 1 }).toArray();
    expect(stored.map((r) => [r.text, r.html, r.headline])).toEqual([[undefined, undefined, undefined], [undefined, undefined, undefined]]);
    const named = await store.database.collections.extractedEntries.findOne({ _id: stored[0]!.version! });
    expect(entryOf(named!)).toEqual(x0.entries[0]);
    // The layout before 2026-12-07: the content in the revision itself.
    await store.database.collections.revisions.updateOne({ _id: stored[0]!._id }, { $set: { headline: 'Alt', text: 'Alte Fassung.', html: '<p>Alte Fassung.</p>' }, $unset: { version: '' } });
    const read = (await store.revisions.listByEntry({ _id: id }, null, 10)).items;
    expect(read.map((r) => [r.headline, r.text, r.html])).toEqual([
      [x1.entries[0]!.headline, 'Zweite Fassung.', x1.entries[0]!.html],
      ['Alt', 'Alte Fassung.', '<p>Alte Fassung.</p>'],
    ]);
  });

  test('a version that says the same thing is no revision', async () => {
    const x0 = extraction('lb_same', minute(0), [entry(1, 'Gleich.')]);
    const x1 = extraction('lb_same', minute(1), [{ ...entry(1, '  GLEICH. '), html: '<p><img src="neu.jpg">Gleich.</p>' }]);
    for (const x of [x0, x1]) await store.entries.index(x, keysOf(x));
    expect((await store.entries.get(await entryId('lb_same', 'k1')))?.revisionCount).toBe(1);
  });
});

describe('deletions', () => {
  test('deleted, left out of listings and counts, restored; every step replays to the same state', async () => {
    const x0 = extraction('lb_del', minute(0), [entry(1), entry(2)]);
    const x1 = extraction('lb_del', minute(1), [entry(2)]);
    const x2 = extraction('lb_del', minute(2), [entry(1), entry(2)]);
    await store.entries.index(x0, keysOf(x0));

    for (let run = 0; run < 2; run++) {
      expect((await store.entries.markDeleted(x1, ['k1'])).map((e) => [e.key, e.change])).toEqual([['k1', 'deleted']]);
    }
    expect((await store.entries.listByLiveblog('lb_del', null, 10)).items.map((e) => e.key)).toEqual(['k2']);
    const all = (await store.entries.listByLiveblog('lb_del', null, 10, true)).items;
    expect(all.map((e) => [e.key, e.deletedAt])).toEqual([['k1', minute(1)], ['k2', null]]);
    expect(await store.liveblogs.entryCounts(['lb_del'])).toEqual(new Map([['lb_del', 1]]));
    expect(await store.liveblogs.entryCounts(['lb_del'], true)).toEqual(new Map([['lb_del', 2]]));

    for (let run = 0; run < 2; run++) {
      expect((await store.entries.index(x2, ['k1'])).map((e) => e.change)).toEqual(['restored']);
    }
    const restored = await store.entries.get(all[0]!._id);
    expect(restored).toMatchObject({ deletedAt: null, restoredAt: minute(2) });
    // The deletion arriving late, after the restore, changes nothing.
    expect(await store.entries.markDeleted(x1, ['k1'])).toEqual([]);
    expect((await store.entries.get(all[0]!._id))!.deletedAt).toBeNull();
    expect(all[0]!.revisionCount).toBe(1);
  });
});

describe('re-posts', () => {
  test('a new key with known content points at the first entry; replays agree', async () => {
    const x0 = extraction('lb_dup', minute(0), [entry(1, 'Eilmeldung.')]);
    const x1 = extraction('lb_dup', minute(1), [entry(1, 'Eilmeldung.', 'k1b'), entry(1, 'Eilmeldung.', 'k1c'), ...x0.entries]);
    await store.entries.index(x0, keysOf(x0));
    for (let run = 0; run < 2; run++) await store.entries.index(x1, ['k1b', 'k1c']);
    const original = await entryId('lb_dup', 'k1');
    const docs = (await store.entries.listByLiveblog('lb_dup', null, 10)).items;
    expect(docs.map((e) => [e.key, e.duplicateOf])).toEqual(
      expect.arrayContaining([['k1', null], ['k1b', original], ['k1c', original]]),
    );
  });
});

describe('a crash between the revision and the entry writes', () => {
  /** The entries collection of a process that dies at its first bulk write to it. */
  const dyingAtEntryWrite = (c: Collections): Collections => ({
    ...c,
    entries: new Proxy(c.entries, {
      get: (target, prop, receiver) =>
        prop === 'bulkWrite' ? () => Promise.reject(new Error('killed')) : Reflect.get(target, prop, receiver),
    }),
  });

  test('the replay writes the entry and no second revision', async () => {
    const x0 = extraction('lb_crash', minute(0), [entry(1, 'Vorher.')]);
    const x1 = extraction('lb_crash', minute(1), [entry(1, 'Nachher.')]);
    await store.entries.index(x0, keysOf(x0));
    await expect(new EntryStore(dyingAtEntryWrite(store.database.collections)).index(x1, keysOf(x1))).rejects.toThrow('killed');
    const id = await entryId('lb_crash', 'k1');
    // The stored entry is the old one, whole: text and count.
    expect((await store.entries.get(id))).toMatchObject({ text: 'Vorher.', revisionCount: 1 });
    expect((await store.entries.index(x1, keysOf(x1))).map((e) => e.change)).toEqual(['updated']);
    expect((await store.entries.get(id))).toMatchObject({ text: 'Nachher.', revisionCount: 2 });
    expect((await store.revisions.listByEntry({ _id: id }, null, 10)).items.map((r) => r.text)).toEqual(['Nachher.', 'Vorher.']);
  });
});

describe('a first page indexed after later changes that touch none of its entries', () => {
  /** One index job as the indexer runs it: the liveblog, the forwarded entries, then the deletions. */
  interface Job {
    at: number;
    entries: ReturnType<typeof entry>[];
    keys: string[];
    deleted: string[];
  }
  const run = async (liveblogId: string, j: Job) => {
    const x = extraction(liveblogId, minute(j.at), j.entries);
    await store.liveblogs.index(x);
    const indexed = await store.entries.index(x, j.keys);
    const deleted = await store.entries.markDeleted(x, j.deleted);
    return [...indexed, ...deleted].map((e) => `${e.key} ${e.change}`);
  };
  const firstPage: Job = { at: 0, entries: [entry(1), entry(2, 'Eilmeldung.'), entry(3)], keys: ['k1', 'k2', 'k3'], deleted: [] };
  const page = (...more: ReturnType<typeof entry>[]) => [...more, ...firstPage.entries];
  // A new entry k4 is edited, deleted and restored; k5 re-posts the first page's k2 (which the indexer
  // may not have yet). The deduplicator puts none of these behind the first page: they share no entry.
  const changes: Job[] = [
    { at: 1, entries: page(entry(4, 'Erste Fassung.')), keys: ['k4'], deleted: [] },
    { at: 2, entries: page(entry(4, 'Zweite Fassung.'), entry(2, 'Eilmeldung.', 'k5')), keys: ['k4', 'k5'], deleted: [] },
    { at: 3, entries: page(entry(2, 'Eilmeldung.', 'k5')), keys: [], deleted: ['k4'] },
    { at: 4, entries: page(entry(4, 'Zweite Fassung.'), entry(2, 'Eilmeldung.', 'k5')), keys: ['k4'], deleted: [] },
  ];

  /** What readers see of a liveblog, entries by key: listings, counts, revisions, re-posts, first sights. */
  async function state(liveblogId: string) {
    const entries = (await store.entries.listByLiveblog(liveblogId, null, 100, true)).items;
    const keyOf = new Map(entries.map((e) => [e._id, e.key]));
    const live = (await store.entries.listByLiveblog(liveblogId, null, 100)).items.map((e) => e.key);
    const revisions = await Promise.all(entries.map(async (e) => (await store.revisions.listByEntry(e, null, 10)).items.map((r) => [r.text, r.seenAt])));
    const liveblog = await store.liveblogs.get(liveblogId);
    return {
      entries: entries.map((e, i) => ({
        key: e.key,
        text: e.text,
        firstSeenAt: e.firstSeenAt,
        seenAt: e.seenAt,
        sortKey: e.sortKey,
        deletedAt: e.deletedAt,
        restoredAt: e.restoredAt,
        revisionCount: e.revisionCount,
        duplicateOf: e.duplicateOf && keyOf.get(e.duplicateOf),
        revisions: revisions[i],
      })),
      live,
      counts: [await store.liveblogs.entryCounts([liveblogId]), await store.liveblogs.entryCounts([liveblogId], true)].map((m) => m.get(liveblogId)),
      liveblog: { firstSeenAt: liveblog?.firstSeenAt, seenAt: liveblog?.seenAt, lastSnapshotId: liveblog?.lastSnapshotId?.replace(liveblogId, '') },
    };
  }

  test('ends as in fetch order: texts, deletion and restore, revisions, counts, re-posts, first sights', async () => {
    for (const j of [firstPage, ...changes]) await run('lb_order_fetch', j);
    const late: string[][] = [];
    for (const j of [...changes, firstPage]) late.push(await run('lb_order_late', j));

    const inOrder = await state('lb_order_fetch');
    expect(inOrder.live).toEqual(['k5', 'k4', 'k1', 'k2', 'k3']);
    expect(inOrder.entries.find((e) => e.key === 'k5')?.duplicateOf).toBe('k2');
    expect(await state('lb_order_late')).toEqual(inOrder);
    // Each job announces what it did to its own entries.
    expect(late).toEqual([['k4 created'], ['k4 updated', 'k5 created'], ['k4 deleted'], ['k4 restored'], ['k1 created', 'k2 created', 'k3 created']]);
  });
});
