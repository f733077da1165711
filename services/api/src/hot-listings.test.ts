import type { Server } from 'node:http';
import type { EntryEvent } from '@liveblog/contracts';
import { Store } from '@liveblog/storage';
import { request } from 'undici';
import { testEnv } from '../../../tests/harness/env';
import { entry, extraction } from '../../../packages/storage/src/testdata/extractions';
import { ListingCache } from './listing-cache';
import { readApp } from './testdata/read-app';

const MAX_STALE_MS = 10_000;
const LIVEBLOG = 'lb_00000000000000a1';
const SOURCE = 'src_00000000000000b2';
const t0 = new Date('2024-11-20T10:00:00Z');

let store: Store;
/** The clock of both processes' caches: staleness is shown by moving it, not by waiting. */
let now = 0;

/** One API process on the shared store: its cache, fed by events only when the test hands them over. */
async function apiProcess(): Promise<{ url: string; cache: ListingCache; server: Server }> {
  const cache = new ListingCache(MAX_STALE_MS, () => now);
  return { ...(await readApp(store, cache)), cache };
}

/** What the indexer does, without its event: the entries are written straight to the store. */
async function write(count: number, fetchedAt: Date, liveblogId = LIVEBLOG): Promise<void> {
  const x = { ...extraction(liveblogId, fetchedAt, Array.from({ length: count }, (_, i) => ({ ...entry(i), publishedAt: new Date(t0.getTime() + i * 60_000).toISOString() }))), sourceId: SOURCE };
  await store.liveblogs.index(x);
  await store.entries.index(x, x.entries.map((e) => e.key));
}

const createdEvent = (key: string): { id: string; event: EntryEvent } => ({
  id: '1-0',
  event: { type: 'entry.created', entryId: 'en_0000000000000001', liveblogId: LIVEBLOG, key, contentHash: 'h', snapshotId: 's', indexedAt: t0.toISOString() },
});

async function get(url: string, etag?: string): Promise<{ status: number; etag: string; body: string }> {
  const res = await request(url, { headers: etag ? { 'if-none-match': etag } : {} });
  return { status: res.statusCode, etag: String(res.headers.etag), body: await res.body.text() };
}

const LISTINGS = ['/v1/entries?limit=5', `/v1/entries?liveblog=${LIVEBLOG}`, `/v1/entries?source=${SOURCE}`, `/v1/liveblogs/${LIVEBLOG}/entries?limit=3`, '/v1/liveblogs'];
/** The same answers as LISTINGS[0..1], asked so that the cache is not used (a since that excludes nothing). */
const UNCACHED = ['/v1/entries?limit=5&since=2000-01-01T00:00:00Z', `/v1/entries?liveblog=${LIVEBLOG}&since=2000-01-01T00:00:00Z`];

let fed: Awaited<ReturnType<typeof apiProcess>>;
let cut: Awaited<ReturnType<typeof apiProcess>>;

beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  await write(2, t0);
  [fed, cut] = await Promise.all([apiProcess(), apiProcess()]);
});
afterAll(async () => {
  for (const p of [fed, cut]) await new Promise((r) => p?.server.close(r));
  await store.close();
});

test('two processes: the one fed the event answers fresh at once, the one cut off once its bound has passed', async () => {
  const first = await Promise.all(LISTINGS.map((path) => get(`${cut.url}${path}`)));
  expect(first.every((a) => a.status === 200)).toBe(true);
  for (const path of LISTINGS) await get(`${fed.url}${path}`);

  await write(3, new Date(t0.getTime() + 3_600_000));
  fed.cache.observe(createdEvent('k2'));

  const fresh = await Promise.all(LISTINGS.map((path) => get(`${fed.url}${path}`)));
  expect(fresh.map((a) => a.body)).not.toEqual(first.map((a) => a.body));
  expect(JSON.parse(fresh[0]!.body).items.map((e: { key: string }) => e.key)).toEqual(['k2', 'k1', 'k0']);
  // Byte for byte what the store says now, and so the same ETag.
  const uncached = await Promise.all(UNCACHED.map((path) => get(`${fed.url}${path}`)));
  expect(uncached.map((a) => [a.body, a.etag])).toEqual(fresh.slice(0, 2).map((a) => [a.body, a.etag]));

  // Without the event, the other process may keep its pages until they are MAX_STALE_MS old, not longer.
  now += MAX_STALE_MS - 1;
  expect((await Promise.all(LISTINGS.map((path) => get(`${cut.url}${path}`)))).map((a) => a.body)).toEqual(first.map((a) => a.body));
  now += 1;
  expect((await Promise.all(LISTINGS.map((path) => get(`${cut.url}${path}`)))).map((a) => a.body)).toEqual(fresh.map((a) => a.body));
});

test('a 304 only for the ETag of the answer as it would be sent now', async () => {
  const path = `/v1/liveblogs/${LIVEBLOG}/entries`;
  const before = await get(`${fed.url}${path}`);
  expect((await get(`${fed.url}${path}`, before.etag)).status).toBe(304);
  await write(4, new Date(t0.getTime() + 7_200_000));
  fed.cache.observe(createdEvent('k3'));
  const after = await get(`${fed.url}${path}`, before.etag);
  expect(after.status).toBe(200);
  expect(after.etag).not.toBe(before.etag);
  expect((await get(`${fed.url}${path}`, after.etag)).status).toBe(304);
});

test('an unknown liveblog is a 404 and is not remembered', async () => {
  const path = `${fed.url}/v1/liveblogs/lb_00000000000000ff/entries`;
  const unknown = await get(path);
  expect(unknown.status).toBe(404);
  expect(JSON.parse(unknown.body)).toMatchObject({ error: { code: 'not_found' } });
  await write(1, t0, 'lb_00000000000000ff');
  expect((await get(path)).status).toBe(200);
});
