import { testEnv } from '../../../tests/harness/env';
import { Store } from './store';
import { entry, extraction, keysOf } from './testdata/extractions';

let store: Store;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
});
afterAll(() => store.close());

const keys = async (query: string) => (await store.entries.search({ query }, null, 10)).items.map((e) => e.key);

test('entries indexed before posting lists existed get them once, and are found by their words', async () => {
  const t0 = new Date('2024-11-16T12:00:00Z');
  const x = extraction('lb_old', t0, [
    { ...entry(1, 'Die Schleuse ist offen.'), publishedAt: new Date(t0.getTime() - 3_600_000).toISOString() },
    { ...entry(2, 'Die Schleuse bleibt zu, sagt der Hafenmeister.'), publishedAt: new Date(t0.getTime() - 7_200_000).toISOString() },
  ]);
  await store.entries.index(x, keysOf(x));
  const { timeline, timelineHours } = store.database.collections;
  // A fresh database has them from its first entry on: nothing to add.
  expect(await store.entries.addMissingPostings()).toBe(0);
  expect(await keys('Schleuse')).toEqual(['k1', 'k2']);

  // As a database written before posting lists existed looks: no q: documents, no mark. A new
  // process (a fresh Store) finds it so after the upgrade.
  await timeline.deleteMany({ _id: { $regex: '^q:' } });
  await timelineHours.deleteMany({ _id: { $regex: '^q:' } });
  await timelineHours.updateOne({ _id: 'all' }, { $unset: { postings: '' } });
  const upgraded = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  try {
    const found = async (query: string) => (await upgraded.entries.search({ query }, null, 10)).items.map((e) => e.key);
    expect(await found('Schleuse')).toEqual([]);
    expect(await upgraded.entries.addMissingPostings()).toBe(2);
    expect(await found('Schleuse')).toEqual(['k1', 'k2']);
    expect(await found('Hafenmeister Schleuse')).toEqual(['k2']);
    expect(await upgraded.entries.addMissingPostings()).toBe(0);
  } finally {
    await upgraded.close();
  }
});
