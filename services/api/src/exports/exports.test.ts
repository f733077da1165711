import { Store } from '@liveblog/storage';
import { parse } from 'csv-parse/sync';
import { request } from 'undici';
import type { z } from 'zod';
import { testEnv } from '../../../../tests/harness/env';
import { entry, extraction } from '../../../../packages/storage/src/testdata/extractions';
import { ListingCache } from '../listing-cache';
import { readApp } from '../testdata/read-app';
import type { EntryView } from '../views';
import { CSV_COLUMNS } from './csv';
import { EXPORT_PAGE } from './routes';

type Entry = z.infer<typeof EntryView>;

const BIG = 'lb_00000000000000e1';
const SMALL = 'lb_00000000000000e2';
const t0 = new Date('2025-04-01T08:00:00Z');
/** More than two export pages, so that the export follows the listing across page ends. */
const COUNT = 2 * EXPORT_PAGE + 100;

let store: Store;
let api: Awaited<ReturnType<typeof readApp>>;

async function get(path: string) {
  const res = await request(`${api.url}${path}`);
  return { status: res.statusCode, type: res.headers['content-type'], body: await res.body.text() };
}

/** Every page of the JSON listing, as a client following `next` gets them. */
async function wholeListing(query: string): Promise<Entry[]> {
  const all: Entry[] = [];
  let next: string | null = null;
  do {
    const res = await get(`/v1/entries?limit=100${query ? `&${query}` : ''}${next ? `&cursor=${next}` : ''}`);
    const page = JSON.parse(res.body) as { items: Entry[]; next: string | null };
    all.push(...page.items);
    next = page.next;
  } while (next);
  return all;
}

beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  api = await readApp(store, new ListingCache(0));
  const big = extraction(BIG, t0, Array.from({ length: COUNT }, (_, i) => ({ ...entry(i, `Meldung, Nummer "${i}"\nzweite Zeile`), publishedAt: new Date(t0.getTime() - i * 1000).toISOString() })));
  await store.liveblogs.index(big);
  await store.entries.index(big, big.entries.map((e) => e.key));
  const small = extraction(SMALL, t0, [{ ...entry(0), agencies: ['afp'] }, entry(1)]);
  await store.liveblogs.index(small);
  await store.entries.index(small, small.entries.map((e) => e.key));
  await store.entries.markDeleted({ ...small, _id: `${small._id}-later`, fetchedAt: new Date(t0.getTime() + 60_000) }, ['k1']);
}, 120_000);
afterAll(async () => {
  await api?.close();
  await store.close();
});

// Each filter: the export holds exactly what the JSON listing's pages hold, in its order.
test.each(['', `liveblog=${SMALL}`, 'agency=afp', `liveblog=${SMALL}&includeDeleted=true`, 'q=Nummer%20999'])('NDJSON and CSV of "%s" hold the listing', async (query) => {
  const expected = await wholeListing(query);
  const ndjson = await get(`/v1/entries.ndjson${query ? `?${query}` : ''}`);
  expect([ndjson.status, ndjson.type]).toEqual([200, 'application/x-ndjson; charset=utf-8']);
  const lines = ndjson.body.split('\n');
  expect(lines.pop()).toBe('');
  expect(lines.map((l) => JSON.parse(l) as Entry)).toEqual(expected);

  const csv = await get(`/v1/entries.csv${query ? `?${query}` : ''}`);
  expect([csv.status, csv.type]).toEqual([200, 'text/csv; charset=utf-8; header=present']);
  const [header, ...records] = parse(csv.body) as string[][];
  expect(header).toEqual(CSV_COLUMNS.map((c) => c.name));
  expect(records.map((r) => [r[0], r[4], r[9] || null])).toEqual(expected.map((e) => [e.id, e.text, e.deletedAt]));
}, 60_000);

test('the export of everything holds every entry once', async () => {
  const ids = (await get('/v1/entries.ndjson')).body.trim().split('\n').map((l) => (JSON.parse(l) as Entry).id);
  expect(ids.length).toBeGreaterThanOrEqual(COUNT + 1);
  expect(new Set(ids).size).toBe(ids.length);
});

test.each(['agency=NOT%20AN%20AGENCY', 'limit=5', 'cursor=abc', 'since=2025-04-02T00:00:00Z&until=2025-04-01T00:00:00Z'])('"%s" is refused as the listing would refuse it', async (query) => {
  for (const ext of ['ndjson', 'csv']) {
    const res = await get(`/v1/entries.${ext}?${query}`);
    expect([ext, res.status]).toEqual([ext, 400]);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'bad_request' } });
  }
});
