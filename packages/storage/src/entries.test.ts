import { testEnv } from '../../../tests/harness/env';
import type { Collections } from './database';
import { decodeCursor } from './cursor';
import { EntryStore } from './entries';
import { entryOf } from './extractions';
import { SameLiveblogTwiceError } from './errors';
import { Store } from './store';
import { entry, extraction, keysOf } from './testdata/extractions';

let store: Store;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
});
afterAll(() => store.close());

describe('EntryStore.index', () => {
  test('creates once; a replay changes nothing and reports the same creations', async () => {
    const x = extraction('lb_replay', new Date('2024-11-01T10:00:00Z'), [entry(1), entry(2)]);
    const first = await store.entries.index(x, keysOf(x));
    expect(first.map((e) => e.change)).toEqual(['created', 'created']);
    const before = (await store.entries.listByLiveblog('lb_replay', null, 10)).items;
    expect(before[0]).toMatchObject({ publishedAt: null, modifiedAt: null, authors: [], agencies: ['dpa'] });
    const again = await store.entries.index(x, keysOf(x), new Date(before[0]!.indexedAt));
    expect(again.map((e) => e.change)).toEqual(['created', 'created']);
    const after = (await store.entries.listByLiveblog('lb_replay', null, 10)).items;
    expect(after).toEqual(before);
    const next = extraction('lb_replay', new Date('2024-11-01T10:01:00Z'), [entry(1, 'Neu.'), entry(2)]);
    expect((await store.entries.index(next, ['k1'])).map((e) => e.change)).toEqual(['updated']);
  });

  test('a newer snapshot updates an entry; an older one arriving late does not', async () => {
    const t0 = new Date('2024-11-01T10:00:00Z');
    const t1 = new Date('2024-11-01T10:05:00Z');
    await store.entries.index(extraction('lb_order', t0, [entry(1)]), ['k1']);
    await store.entries.index(extraction('lb_order', t1, [entry(1, 'Korrigierte Fassung.')]), ['k1']);
    await store.entries.index(extraction('lb_order', t0, [entry(1, 'Veraltete Fassung.')]), ['k1']);
    const [doc] = (await store.entries.listByLiveblog('lb_order', null, 10)).items;
    expect(doc!.text).toBe('Korrigierte Fassung.');
    expect(doc!.firstSeenAt).toEqual(t0);
    expect(doc!.seenAt).toEqual(t1);
  });

  test('only the named keys are written', async () => {
    const x = extraction('lb_subset', new Date('2024-11-01T10:00:00Z'), [entry(1), entry(2), entry(3)]);
    const written = await store.entries.index(x, ['k2']);
    expect(written.map((e) => e.key)).toEqual(['k2']);
    expect(await store.database.collections.entries.countDocuments({ liveblogId: 'lb_subset' })).toBe(1);
  });

  // Regression: one update command over >100 existing documents deadlocked FerretDB 1.24 (see bulk.ts).
  test('re-indexing 150 existing entries completes', async () => {
    const entries = Array.from({ length: 150 }, (_, i) => entry(i));
    const t0 = new Date('2024-11-01T10:00:00Z');
    await store.entries.index(extraction('lb_large', t0, entries), entries.map((e) => e.key));
    const replay = await store.entries.index(extraction('lb_large', new Date(t0.getTime() + 1000), entries), entries.map((e) => e.key));
    expect(replay).toHaveLength(150);
    expect(replay.filter((e) => e.change === 'created')).toEqual([]);
  });
});

describe('EntryStore.indexMany', () => {
  const t0 = new Date('2024-11-03T10:00:00Z');
  // Newest first: k2 re-posts k1 below it.
  const page = () => [entry(1, 'Gleiche Agenturmeldung.', 'k2'), entry(1, 'Gleiche Agenturmeldung.'), entry(3)];
  /** A liveblog's entries by key, each with its text and the key of the entry it re-posts. */
  const listed = async (liveblogId: string) => {
    const docs = (await store.entries.listByLiveblog(liveblogId, null, 10)).items;
    const keyOf = new Map(docs.map((d) => [d._id, d.key]));
    return docs.map((d) => [d.key, d.text, d.duplicateOf && keyOf.get(d.duplicateOf)]);
  };

  test('a batch ends as its extractions indexed one by one, and a replay changes nothing', async () => {
    const batch = ['lb_many_a', 'lb_many_b'].map((id) => extraction(id, t0, page()));
    const results = await store.entries.indexMany(batch.map((x) => ({ extraction: x, keys: keysOf(x) })), t0);
    for (const id of ['lb_one_a', 'lb_one_b']) {
      const x = extraction(id, t0, page());
      await store.entries.index(x, keysOf(x), t0);
    }
    expect(results.map((r) => r.map((e) => e.change))).toEqual([
      ['created', 'created', 'created'],
      ['created', 'created', 'created'],
    ]);
    expect(await listed('lb_many_a')).toEqual(await listed('lb_one_a'));
    expect(await listed('lb_many_b')).toEqual(await listed('lb_one_b'));
    const before = await store.entries.listByLiveblog('lb_many_b', null, 10);
    const replay = await store.entries.indexMany(batch.map((x) => ({ extraction: x, keys: keysOf(x) })), t0);
    expect(replay).toEqual(results);
    expect(await store.entries.listByLiveblog('lb_many_b', null, 10)).toEqual(before);
  });

  test('a re-post is found within its own liveblog only, not in another of the batch', async () => {
    const [a, b] = ['lb_many_dup_a', 'lb_many_dup_b'].map((id) => extraction(id, t0, page()));
    await store.entries.indexMany([a!, b!].map((x) => ({ extraction: x, keys: keysOf(x) })), t0);
    for (const id of ['lb_many_dup_a', 'lb_many_dup_b']) {
      expect((await listed(id)).map(([key, , original]) => [key, original])).toEqual(expect.arrayContaining([['k1', null], ['k2', 'k1'], ['k3', null]]));
    }
  });

  test('one liveblog twice in a batch is refused before anything is written', async () => {
    const x0 = extraction('lb_many_twice', t0, [entry(1)]);
    const x1 = extraction('lb_many_twice', new Date(t0.getTime() + 60_000), [entry(1, 'Neu.')]);
    await expect(store.entries.indexMany([x0, x1].map((x) => ({ extraction: x, keys: keysOf(x) })))).rejects.toThrow(SameLiveblogTwiceError);
    expect(await store.database.collections.entries.countDocuments({ liveblogId: 'lb_many_twice' })).toBe(0);
  });
});

describe('EntryStore.listByLiveblog', () => {
  test('pages newest first and keeps its place while entries arrive', async () => {
    const t0 = new Date('2024-11-02T10:00:00Z');
    const x = extraction('lb_pages', t0, Array.from({ length: 7 }, (_, i) => entry(i)));
    await store.entries.index(x, keysOf(x));
    const first = await store.entries.listByLiveblog('lb_pages', null, 3);
    expect(first.items.map((e) => e.key)).toEqual(['k0', 'k1', 'k2']);
    // New entries on top of the page must not shift the pages a client is walking through.
    const later = extraction('lb_pages', new Date(t0.getTime() + 60_000), [entry(100), entry(101), ...x.entries]);
    await store.entries.index(later, ['k100', 'k101']);
    const second = await store.entries.listByLiveblog('lb_pages', decodeCursor(first.next!), 3);
    expect(second.items.map((e) => e.key)).toEqual(['k3', 'k4', 'k5']);
    const third = await store.entries.listByLiveblog('lb_pages', decodeCursor(second.next!), 3);
    expect(third.items.map((e) => e.key)).toEqual(['k6']);
    expect(third.next).toBeNull();
    const fresh = await store.entries.listByLiveblog('lb_pages', null, 2);
    expect(fresh.items.map((e) => e.key)).toEqual(['k100', 'k101']);
  });
});

describe('an entry names the extracted entry version it was built from', () => {
  const t0 = new Date('2024-11-04T10:00:00Z');
  const t1 = new Date('2024-11-04T10:01:00Z');
  const raw = (id: string) => store.database.collections.entries.findOne({ _id: id });

  test('and copies none of its text, html and search terms; one stored with its own (before) still reads, and drops them when next written', async () => {
    const x0 = extraction('lb_entry_version', t0, [entry(1, 'Erste Fassung.')]);
    const { entryId } = (await store.entries.index(x0, keysOf(x0)))[0]!;
    const stored = await raw(entryId);
    expect([stored!.text, stored!.html, stored!.terms]).toEqual([undefined, undefined, undefined]);
    expect(entryOf((await store.database.collections.extractedEntries.findOne({ _id: stored!.version! }))!)).toEqual(x0.entries[0]);
    expect(await store.entries.get(entryId)).toMatchObject({ text: 'Erste Fassung.', html: '<p>Erste Fassung.</p>', terms: ['meldung', 'erst', 'fassung'] });
    expect((await store.entries.search({ query: 'erste Fassung', liveblogId: 'lb_entry_version' }, null, 10)).items.map((e) => e._id)).toEqual([entryId]);
    // The layout before: text, html and terms in the entry itself.
    await store.database.collections.entries.updateOne({ _id: entryId }, { $set: { text: 'Alte Fassung.', html: '<p>Alte Fassung.</p>', terms: ['alt', 'fassung'] }, $unset: { version: '' } });
    expect(await store.entries.get(entryId)).toMatchObject({ text: 'Alte Fassung.', html: '<p>Alte Fassung.</p>', terms: ['alt', 'fassung'] });
    expect((await store.entries.listByLiveblog('lb_entry_version', null, 10)).items.map((e) => e.text)).toEqual(['Alte Fassung.']);
    const x1 = extraction('lb_entry_version', t1, [entry(1, 'Zweite Fassung.')]);
    await store.entries.index(x1, keysOf(x1));
    const next = await raw(entryId);
    expect([next!.text, next!.html, next!.terms, next!.version]).toEqual([undefined, undefined, undefined, expect.stringMatching(/^lb_entry_version:/)]);
    expect((await store.entries.listByLiveblog('lb_entry_version', null, 10)).items.map((e) => [e.text, e.html])).toEqual([['Zweite Fassung.', '<p>Zweite Fassung.</p>']]);
  });

  test('stored by the indexer only for an extraction read whole or never stored, not again for one the parser stored', async () => {
    let versionWrites = 0;
    const counting = (c: Collections): Collections => ({
      ...c,
      extractedEntries: new Proxy(c.extractedEntries, {
        get: (target, prop, receiver) =>
          prop === 'bulkWrite' ? (...args: Parameters<typeof target.bulkWrite>) => (versionWrites++, target.bulkWrite(...args)) : Reflect.get(target, prop, receiver),
      }),
    });
    const entries = new EntryStore(counting(store.database.collections));
    const parsed = extraction('lb_versions_by', t0, [entry(1), entry(2)]);
    await store.extractions.put(parsed);
    const read = await store.extractions.get(parsed._id);
    expect(read.stored).toBe('references');
    await entries.index(read, keysOf(read));
    expect(versionWrites).toBe(0);
    // Never stored: a direct call.
    const direct = extraction('lb_versions_by', t1, [entry(1, 'Neu.'), entry(2)]);
    await entries.index(direct, ['k1']);
    expect(versionWrites).toBe(1);
    // Stored whole, as before references.
    const whole = extraction('lb_versions_by', new Date(t1.getTime() + 60_000), [entry(1, 'Neuer.'), entry(2)]);
    await store.database.collections.extractions.insertOne(whole);
    await entries.index(await store.extractions.get(whole._id), ['k1']);
    expect(versionWrites).toBe(2);
    expect((await store.entries.listByLiveblog('lb_versions_by', null, 10)).items.map((e) => e.text)).toEqual(['Neuer.', 'Text der Meldung 2.']);
  });
});
