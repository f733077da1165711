import type { EntryEvent } from '@liveblog/contracts';
import { Store } from '@liveblog/storage';
import { parseAtomFeed, parseJsonFeed } from 'feedsmith';
import { request } from 'undici';
import { testEnv } from '../../../../tests/harness/env';
import { entry, extraction } from '../../../../packages/storage/src/testdata/extractions';
import { ListingCache } from '../listing-cache';
import type { EntryView } from '../views';
import { readApp } from '../testdata/read-app';
import { atomEntryId } from './render';
import type { z } from 'zod';

const LIVEBLOG = 'lb_00000000000000f1';
const OTHER = 'lb_00000000000000f2';
const t0 = new Date('2025-03-01T08:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

let store: Store;
let api: Awaited<ReturnType<typeof readApp>>;
const cache = new ListingCache(60_000);

/** What the indexer does, with the event the hub would hand the cache. */
async function publish(liveblogId: string, fetchedAt: Date, entries: ReturnType<typeof entry>[], deleted: string[] = []): Promise<void> {
  const x = { ...extraction(liveblogId, fetchedAt, entries), sourceId: 'src_00000000000000f3' };
  await store.liveblogs.index(x);
  await store.entries.index(x, entries.map((e) => e.key));
  await store.entries.markDeleted(x, deleted);
  const event: EntryEvent = { type: 'entry.created', entryId: 'en_0000000000000000', liveblogId, key: 'k', contentHash: 'h', snapshotId: x._id, indexedAt: fetchedAt.toISOString() };
  cache.observe({ event });
}

const stated = (i: number, text?: string) => ({ ...entry(i, text), publishedAt: at(i).toISOString() });

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await request(`${api.url}${path}`, { headers });
  return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
}

async function listing(path: string): Promise<z.infer<typeof EntryView>[]> {
  const res = await get(path);
  expect(res.status).toBe(200);
  return (JSON.parse(res.body) as { items: z.infer<typeof EntryView>[] }).items;
}

/** A feed's items as both parsers read them, in the terms of the API's entries. */
async function feedItems(path: string) {
  const res = await get(path);
  expect([path, res.status]).toEqual([path, 200]);
  if (path.includes('feed.atom')) {
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    return (parseAtomFeed(res.body).entries ?? []).map((e) => ({ id: e.id, title: e.title?.value, html: e.content?.value, published: e.published, updated: e.updated, url: e.links?.[0]?.href }));
  }
  expect(res.headers['content-type']).toBe('application/feed+json; charset=utf-8');
  return (parseJsonFeed(res.body).items ?? []).map((e) => ({ id: e.id, title: e.title, html: e.content_html, published: e.date_published, updated: e.date_modified, url: e.url }));
}

const expectedItems = (entries: z.infer<typeof EntryView>[], atom: boolean) =>
  entries.map((e) => ({
    id: atom ? atomEntryId(e.id) : e.id,
    title: e.headline,
    html: e.html,
    published: e.publishedAt ?? e.firstSeenAt,
    updated: e.lastSeenAt,
    url: `https://example.test/${e.liveblogId}`,
  }));

/** Each feed beside the JSON listing it must equal. */
const FEEDS = [
  { feed: `/v1/liveblogs/${LIVEBLOG}/feed`, listing: `/v1/liveblogs/${LIVEBLOG}/entries`, query: '?limit=4' },
  { feed: '/v1/entries/feed', listing: '/v1/entries', query: '?agency=dpa&limit=5' },
  { feed: '/v1/entries/feed', listing: '/v1/entries', query: `?liveblog=${OTHER}` },
  { feed: '/v1/entries/feed', listing: '/v1/entries', query: '?q=Meldung%202' },
];

async function expectFeedsEqualListings(): Promise<void> {
  for (const { feed, listing: list, query } of FEEDS) {
    const entries = await listing(list + query);
    expect(entries.length).toBeGreaterThan(0);
    for (const ext of ['atom', 'json']) expect([feed, ext, await feedItems(`${feed}.${ext}${query}`)]).toEqual([feed, ext, expectedItems(entries, ext === 'atom')]);
  }
}

beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  api = await readApp(store, cache);
  await publish(LIVEBLOG, at(10), [0, 1, 2, 3, 4, 5].map((i) => stated(i)));
  await publish(OTHER, at(11), [7, 8].map((i) => stated(i)));
});
afterAll(async () => {
  await api?.close();
  await store.close();
});

test('every feed holds the entries of its listing, and follows an edit and a deletion', async () => {
  await expectFeedsEqualListings();
  const before = await listing(`/v1/liveblogs/${LIVEBLOG}/entries`);

  await publish(LIVEBLOG, at(20), [stated(5, 'Neu gefasster Text.')]);
  const edited = (await listing(`/v1/liveblogs/${LIVEBLOG}/entries`)).find((e) => e.key === 'k5')!;
  expect(edited.lastSeenAt).toBe(at(20).toISOString());
  const item = (await feedItems(`/v1/liveblogs/${LIVEBLOG}/feed.json`)).find((i) => i.id === edited.id)!;
  expect(item).toMatchObject({ html: '<p>Neu gefasster Text.</p>', updated: at(20).toISOString(), published: before.find((e) => e.key === 'k5')!.publishedAt });
  await expectFeedsEqualListings();

  await publish(LIVEBLOG, at(30), [], ['k4']);
  const gone = before.find((e) => e.key === 'k4')!.id;
  for (const ext of ['atom', 'json']) expect((await feedItems(`/v1/liveblogs/${LIVEBLOG}/feed.${ext}`)).map((i) => i.id).join()).not.toContain(gone);
  await expectFeedsEqualListings();
});

test.each(['atom', 'json'])('%s: 304 for the ETag or the Last-Modified of the feed as it is now, 200 after a change or a deletion', async (ext) => {
  const path = `/v1/liveblogs/${LIVEBLOG}/feed.${ext}`;
  const first = await get(path);
  const etag = String(first.headers.etag);
  const lastModified = String(first.headers['last-modified']);
  // Both formats: the time of the feed's last change, as Atom states it (a deletion included), to the second.
  const updated = parseAtomFeed((await get(`/v1/liveblogs/${LIVEBLOG}/feed.atom`)).body).updated!;
  expect(new Date(lastModified).getTime()).toBe(Math.floor(Date.parse(updated) / 1000) * 1000);
  expect((await get(path, { 'if-none-match': etag })).status).toBe(304);
  expect((await get(path, { 'if-modified-since': lastModified })).status).toBe(304);

  await publish(LIVEBLOG, at(ext === 'atom' ? 40 : 50), [], [ext === 'atom' ? 'k2' : 'k1']);
  const after = await get(path, { 'if-none-match': etag });
  expect(after.status).toBe(200);
  expect((await get(path, { 'if-modified-since': lastModified })).status).toBe(200);
  expect((await get(path, { 'if-none-match': String(after.headers.etag) })).status).toBe(304);
});

test.each([
  ['/v1/liveblogs/lb_00000000000000ff/feed.atom', 404],
  ['/v1/liveblogs/nope/feed.json', 400],
  ['/v1/entries/feed.atom?agency=NOT%20AN%20AGENCY', 400],
  ['/v1/entries/feed.json?cursor=abc', 400],
  ['/v1/entries/feed.json?includeDeleted=true', 400],
  ['/v1/entries/feed.atom?since=2025-03-02T00:00:00Z&until=2025-03-01T00:00:00Z', 400],
])('%s is refused as the listing would refuse it: %i', async (path, status) => {
  const res = await get(path);
  expect(res.status).toBe(status);
  expect(JSON.parse(res.body)).toMatchObject({ error: { message: expect.any(String) } });
});

test('a liveblog whose page gave no title is named by its address in its feeds', async () => {
  const untitled = 'lb_00000000000000f4';
  const x = { ...extraction(untitled, at(40), [stated(1)]), sourceId: 'src_00000000000000f3' };
  await store.liveblogs.index({ ...x, liveblog: { ...x.liveblog, title: '' } });
  expect(parseAtomFeed((await get(`/v1/liveblogs/${untitled}/feed.atom`)).body).title?.value).toBe(`liveblog https://example.test/${untitled}`);
  expect(parseJsonFeed((await get(`/v1/liveblogs/${untitled}/feed.json`)).body).title).toBe(`liveblog https://example.test/${untitled}`);
});
