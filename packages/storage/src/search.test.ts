import { testEnv } from '../../../tests/harness/env';
import { decodeCursor } from './cursor';
import { Store } from './store';
import { entry, extraction, keysOf } from './testdata/extractions';

let store: Store;
const t0 = new Date('2024-11-05T08:00:00Z');

beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  const kiel = extraction('lb_kiel', t0, [
    { ...entry(1, 'Die Außenministerin trifft in Kiel ein.'), publishedAt: '2024-11-05T07:00:00.000Z' },
    { ...entry(2, 'Fähren fallen aus, die Kämpfe gehen weiter.'), agencies: ['afp'], publishedAt: '2024-11-04T22:00:00.000Z' },
    { ...entry(3, 'Der Hafen bleibt geschlossen.'), publishedAt: '2024-11-05T06:00:00.000Z' },
  ]);
  const bonn = extraction('lb_bonn', t0, [{ ...entry(4, 'Aussenministerin spricht in Bonn über Kampf und Frieden.'), publishedAt: '2024-11-05T05:00:00.000Z' }]);
  await store.entries.index(kiel, keysOf(kiel));
  await store.entries.index(bonn, keysOf(bonn));
  await store.entries.markDeleted(extraction('lb_kiel', new Date(t0.getTime() + 1000), kiel.entries), ['k3']);
});
afterAll(() => store.close());

const keys = async (filters: Parameters<Store['entries']['search']>[0]) => (await store.entries.search(filters, null, 50)).items.map((e) => e.key);

test.each([
  ['every live entry, newest first', {}, ['k1', 'k4', 'k2']],
  ['by liveblog', { liveblogId: 'lb_bonn' }, ['k4']],
  ['by agency', { agency: 'afp' }, ['k2']],
  ['since (inclusive)', { since: new Date('2024-11-05T05:00:00Z') }, ['k1', 'k4']],
  ['until (exclusive)', { until: new Date('2024-11-05T05:00:00Z') }, ['k2']],
  ['a query folds case, umlauts and ß and stems', { query: 'AUSSENMINISTERIN' }, ['k1', 'k4']],
  ['every query word must occur', { query: 'Außenministerin Bonn' }, ['k4']],
  ['inflections meet', { query: 'Kampf' }, ['k4', 'k2']],
  ['a stopword-only query matches nothing', { query: 'und die der' }, []],
  ['deleted entries only on request', { includeDeleted: true, liveblogId: 'lb_kiel' }, ['k1', 'k3', 'k2']],
  ['a deleted entry is not found by its words', { query: 'Hafen' }, []],
  ['unless deleted entries are asked for', { query: 'Hafen', includeDeleted: true }, ['k3']],
  ['filters combine', { query: 'Kampf', liveblogId: 'lb_kiel', agency: 'afp' }, ['k2']],
])('%s', async (_name, filters, expected) => {
  expect(await keys(filters)).toEqual(expected);
});

test('pages of a filtered search continue where they stopped', async () => {
  const first = await store.entries.search({ query: 'Meldung' }, null, 2);
  expect(first.items.map((e) => e.key)).toEqual(['k1', 'k4']);
  const second = await store.entries.search({ query: 'Meldung' }, decodeCursor(first.next!), 2);
  expect(second.items.map((e) => e.key)).toEqual(['k2']);
  expect(second.next).toBeNull();
});
