import { testEnv } from '../../../tests/harness/env';
import { Store } from './store';
import { entry, extraction, keysOf } from './testdata/extractions';

let store: Store;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
});
afterAll(() => store.close());

const HOUR = 3_600_000;

test('listings an earlier layout kept per hour move to minutes once, and are found by their words again', async () => {
  const t0 = new Date('2024-11-16T12:00:00Z');
  const x = extraction('lb_old', t0, [
    { ...entry(1, 'Die Schleuse ist offen.'), publishedAt: new Date(t0.getTime() - HOUR + 90_000).toISOString() },
    { ...entry(2, 'Die Schleuse bleibt zu, sagt der Hafenmeister.'), publishedAt: new Date(t0.getTime() - 2 * HOUR).toISOString() },
  ]);
  await store.entries.index(x, keysOf(x));
  const { timeline, timelineHours, timelineMinutes } = store.database.collections;
  // A fresh database is written by minute from its first entry on: nothing to move.
  expect(await store.entries.moveHourBuckets()).toBe(0);
  const search = (s: Store) => async (query: string) => (await s.entries.search({ query }, null, 10)).items.map((e) => e.key);
  expect(await search(store)('Schleuse')).toEqual(['k1', 'k2']);

  // As a database written before minutes (and before posting lists) looks: all entries' rows in one
  // document per hour, a posting shard per hour, no term directories, no minute lists, no mark.
  // Its rows carried the terms, as the liveblog's rows still do (all entries' minute rows leave them out).
  const liveblogBuckets = await timeline.find({ _id: { $regex: '^lb:lb_old\\|' } }).toArray();
  for (const bucket of liveblogBuckets) {
    const hour = Number(bucket._id.slice('lb:lb_old|'.length));
    await timeline.updateOne({ _id: `all|${hour}` }, { $set: Object.fromEntries(Object.entries(bucket.rows ?? {}).map(([f, v]) => [`rows.${f}`, v])) }, { upsert: true });
  }
  const oldShard = `q~3|${t0.getTime() - HOUR}`;
  await timeline.insertOne({ _id: oldShard, rows: { 'schleuse~e~1': '' } });
  await timeline.deleteMany({ _id: { $regex: '^(all|q~\\d+)@' } });
  await timelineMinutes.deleteMany({});
  await timelineHours.deleteMany({ _id: { $regex: '^q:' } });
  await timelineHours.updateOne({ _id: 'all' }, { $unset: { byMinute: '' } });
  const byLiveblog = async (s: Store) => (await s.entries.listByLiveblog('lb_old', null, 10)).items.map((e) => e.key);

  const upgraded = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  try {
    expect(await search(upgraded)('Schleuse')).toEqual([]);
    expect((await upgraded.entries.search({}, null, 10)).items.map((e) => e.key)).toEqual([]);
    // A liveblog's hours were not moved: they are listed throughout.
    expect(await byLiveblog(upgraded)).toEqual(['k1', 'k2']);

    expect(await upgraded.entries.moveHourBuckets()).toBe(2);
    expect(await search(upgraded)('Schleuse')).toEqual(['k1', 'k2']);
    expect(await search(upgraded)('Hafenmeister Schleuse')).toEqual(['k2']);
    expect((await upgraded.entries.search({}, null, 10)).items.map((e) => e.key)).toEqual(['k1', 'k2']);
    expect(await byLiveblog(upgraded)).toEqual(['k1', 'k2']);
    expect(await timeline.countDocuments({ _id: { $regex: '^(all|q~\\d+)\\|' } })).toBe(0);
    expect(await upgraded.entries.moveHourBuckets()).toBe(0);
  } finally {
    await upgraded.close();
  }
});
