import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { request } from 'undici';
import { repoRoot } from '@liveblog/devstack';
import { ids } from '@liveblog/fingerprint';
import { createRedis, redisKeys } from '@liveblog/runtime';
import { eventually, getJson, sharedDir, startPipeline, writeSourcesFile, type RunningPipeline } from './pipeline-harness';
import { readEvents } from './sse-client';

interface Entry { id: string; liveblogId: string; headline: string | null; text: string; agencies: string[]; publishedAt: string | null }
interface Page<T> { items: T[]; next: string | null }

describe('read API: entries across liveblogs, ETags and the live stream', () => {
  let body = readFileSync(join(repoRoot(), 'config', 'samples', 'sturmtief.txt'), 'utf8');
  let server: Server;
  let sampleUrl = '';
  let pipeline: RunningPipeline;
  const seed001 = () => ids.liveblog(pathToFileURL(join(sharedDir, 'seeds', '001_b2e12d3271f73d87.txt')).href);

  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(body));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    sampleUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sturmtief.txt`;
    const sourcesFile = writeSourcesFile(`sources:\n  - path: ${join(sharedDir, 'seeds', '*.txt')}\n  - url: ${sampleUrl}\n    intervalSeconds: 5\n`);
    pipeline = await startPipeline({ sourcesFile, services: ['api', 'indexer', 'deduplicator', 'parser', 'fetcher'] });
    await eventually(async () => {
      const { body: page } = await getJson<Page<{ entryCount: number }>>(`${pipeline.apiUrl}/v1/liveblogs?limit=100`);
      return page.items.length === 6 && page.items.every((l) => l.entryCount > 0) ? true : undefined;
    }, 'all six liveblogs');
  }, 90_000);

  afterAll(async () => {
    await pipeline?.stop();
    await new Promise((r) => server?.close(r));
  });

  const entries = async (query: string) => {
    const res = await getJson<Page<Entry>>(`${pipeline.apiUrl}/v1/entries?limit=100&${query}`);
    expect(res.status).toBe(200);
    return res.body.items;
  };

  test('filters: liveblog, agency, full-text search folded and stemmed, and time', async () => {
    const all = await entries('');
    expect(all.length).toBeGreaterThan(20);
    expect(new Set(all.map((e) => e.liveblogId)).size).toBe(6);
    expect((await entries(`liveblog=${seed001()}`)).every((e) => e.liveblogId === seed001())).toBe(true);
    const afp = await entries('agency=afp');
    expect(afp.length).toBeGreaterThan(0);
    expect(afp.every((e) => e.agencies.includes('afp'))).toBe(true);
    for (const q of ['Außenministerin', 'AUSSENMINISTERIN', 'außenministerin putin']) {
      const found = await entries(`q=${encodeURIComponent(q)}`);
      expect(found.map((e) => e.headline)).toContain('Putin empfängt Nordkoreas Außenministerin');
    }
    expect(await entries('q=xylophonorchester')).toEqual([]);
    const future = await entries(`since=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`);
    expect(future).toEqual([]);
  });

  test('/v1/liveblogs filters: outlet, active, since', async () => {
    const liveblogs = async (query: string) => {
      const res = await getJson<Page<{ id: string; outlet: string | null }>>(`${pipeline.apiUrl}/v1/liveblogs?limit=100&${query}`);
      expect(res.status).toBe(200);
      return res.body.items;
    };
    const sample = ids.liveblog(sampleUrl);
    // The sample is served from 127.0.0.1; the seeds are files, which have no outlet.
    expect((await liveblogs('outlet=127.0.0.1')).map((l) => l.id)).toEqual([sample]);
    expect((await liveblogs('')).filter((l) => l.outlet === null)).toHaveLength(5);
    expect(await liveblogs('active=true')).toHaveLength(6);
    expect(await liveblogs('active=false')).toEqual([]);
    expect(await liveblogs('since=2000-01-01T00:00:00Z')).toHaveLength(6);
    expect(await liveblogs(`since=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`)).toEqual([]);
  });

  test('pages of /v1/entries cover every entry once', async () => {
    const whole = await entries('');
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const res: { body: Page<Entry> } = await getJson<Page<Entry>>(`${pipeline.apiUrl}/v1/entries?limit=7${next ? `&cursor=${encodeURIComponent(next)}` : ''}`);
      seen.push(...res.body.items.map((e) => e.id));
      next = res.body.next;
    } while (next);
    expect(seen).toEqual(whole.map((e) => e.id));
  });

  test('pages walked while new entries arrive hold every earlier entry once, in order', async () => {
    const whole = await entries('');
    const summary = 'Die Entwicklungen im Liveblog.';
    expect(body).toContain(summary);
    const seen: string[] = [];
    let next: string | null = null;
    let arrived = 0;
    do {
      const res: { body: Page<Entry> } = await getJson<Page<Entry>>(`${pipeline.apiUrl}/v1/entries?limit=9${next ? `&cursor=${encodeURIComponent(next)}` : ''}`);
      seen.push(...res.body.items.map((e) => e.id));
      next = res.body.next;
      if (next && arrived < 2) {
        // A new entry on top of the sample liveblog, indexed before the next page is asked for.
        const headline = `Neue Meldung ${++arrived} während des Blätterns`;
        body = body.replace(summary, `${summary}\n\n${headline}\n\nDer Pegel steigt weiter, meldet die Feuerwehr. (dpa)`);
        await eventually(async () => ((await getJson<Page<Entry>>(`${pipeline.apiUrl}/v1/entries?limit=1`)).body.items[0]?.headline === headline ? true : undefined), headline);
      }
    } while (next);
    expect(arrived).toBe(2);
    expect(seen).toEqual(whole.map((e) => e.id));
  }, 60_000);

  test.each([
    ['since=yesterday', /since/],
    ['since=2024-11-02T00:00:00Z&until=2024-11-01T00:00:00Z', /since must be before until/],
    ['agency=AFP!', /agency/],
    ['liveblog=lb_x', /liveblog/],
    ['q=', /q/],
    [`q=${'x'.repeat(201)}`, /q/],
    ['includeDeleted=yes', /includeDeleted/],
    ['sort=asc', /unknown parameter sort/],
  ])('/v1/entries?%s is a 400', async (query, message) => {
    const res = await getJson<{ error: { message: string } }>(`${pipeline.apiUrl}/v1/entries?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  // undici's request, not fetch: fetch adds Cache-Control: no-cache to conditional requests (as the
  // Fetch standard says), which rightly forbids a 304; caches revalidating an entry do not send it.
  test('an unchanged list or item answers If-None-Match with 304', async () => {
    for (const path of ['/v1/liveblogs', `/v1/liveblogs/${seed001()}/entries`, `/v1/liveblogs/${seed001()}`, '/v1/entries?agency=afp']) {
      const first = await request(`${pipeline.apiUrl}${path}`);
      await first.body.dump();
      const etag = first.headers.etag as string;
      expect(etag).toBeTruthy();
      const again = await request(`${pipeline.apiUrl}${path}`, { headers: { 'if-none-match': etag } });
      await again.body.dump();
      expect([path, again.statusCode]).toEqual([path, 304]);
    }
  });

  test('the stream announces an edit, and a resumed stream sends only what came after Last-Event-ID', async () => {
    const liveblog = ids.liveblog(sampleUrl);
    // The source filter looks at each entry, as /v1/entries does.
    const { sourceId } = (await getJson<{ sourceId: string }>(`${pipeline.apiUrl}/v1/liveblogs/${liveblog}`)).body;
    const streamUrl = `${pipeline.apiUrl}/v1/stream?liveblog=${liveblog}&source=${sourceId}`;
    // An entry's own paragraph (not the page's summary, which is liveblog metadata).
    const { body: page } = await getJson<Page<Entry>>(`${pipeline.apiUrl}/v1/liveblogs/${liveblog}/entries?limit=100`);
    const paragraph = page.items[page.items.length - 1]!.text.split('\n\n')[0]!;
    let edited = paragraph;
    const edit = (marker: string) => {
      const next = `${edited} ${marker}`;
      body = body.replace(edited, next);
      edited = next;
    };
    const firstEvents = readEvents(streamUrl, {}, (events) => events.some((e) => e.event === 'entry.updated'), 30_000);
    await new Promise((r) => setTimeout(r, 500));
    edit('Erste Korrektur.');
    const seen = await firstEvents;
    const update = seen.find((e) => e.event === 'entry.updated')!;
    expect(update).toBeDefined();
    expect(JSON.parse(update.data)).toMatchObject({ type: 'entry.updated', liveblogId: liveblog });

    // Disconnected: another edit happens meanwhile; the resumed stream must deliver it, and nothing older.
    edit('Zweite Korrektur.');
    const resumed = await readEvents(streamUrl, { 'last-event-id': update.id! }, (events) => events.some((e) => e.event === 'entry.updated'), 30_000);
    const updates = resumed.filter((e) => e.event === 'entry.updated');
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.every((e) => e.id !== update.id)).toBe(true);
    const entry = await getJson<Entry>(`${pipeline.apiUrl}/v1/entries/${(JSON.parse(updates[0]!.data) as { entryId: string }).entryId}`);
    expect(entry.body.text).toContain('Zweite Korrektur.');
  }, 70_000);

  test('Last-Event-ID 0 replays every event the stream holds, with no gap while nothing was trimmed', async () => {
    const redis = createRedis(pipeline.env.REDIS_URL!);
    const stream = redisKeys.entryEvents(pipeline.env.QUEUE_PREFIX!);
    try {
      const held = (await redis.xrange(stream, '-', '+')).map(([id]) => id);
      expect(held.length).toBeGreaterThan(20);
      for (const [headers, query] of [[{ 'last-event-id': '0' }, ''], [{}, '?lastEventId=0-0']] as const) {
        const events = await readEvents(`${pipeline.apiUrl}/v1/stream${query}`, headers, (e) => e.length >= held.length, 20_000);
        expect(events.map((e) => e.id).slice(0, held.length)).toEqual(held);
        expect(events.some((e) => e.event === 'gap')).toBe(false);
      }
      // Trimmed: what is gone is announced first, then what is left follows.
      await redis.xtrim(stream, 'MAXLEN', 1);
      const [kept] = (await redis.xrange(stream, '-', '+')).map(([id]) => id);
      const events = await readEvents(`${pipeline.apiUrl}/v1/stream`, { 'last-event-id': '0' }, (e) => e.length >= 2, 10_000);
      expect(events.slice(0, 2).map((e) => e.event === 'gap' ? 'gap' : e.id)).toEqual(['gap', kept]);
    } finally {
      redis.disconnect();
    }
  });

  test('a malformed Last-Event-ID or filter is a 400', async () => {
    expect((await fetch(`${pipeline.apiUrl}/v1/stream`, { headers: { 'last-event-id': 'yesterday' } })).status).toBe(400);
    expect((await fetch(`${pipeline.apiUrl}/v1/stream?liveblog=nope`)).status).toBe(400);
  });
});
