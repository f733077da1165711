import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from './api-error';
import { createLiveblogClient } from './client';
import { subscribe, type StreamItem } from './stream';

const event = (id: string, entryId: string) =>
  `id: ${id}\nevent: entry.created\ndata: ${JSON.stringify({ type: 'entry.created', entryId, liveblogId: 'lb_0000000000000001', key: 'k', contentHash: 'h', snapshotId: 's', indexedAt: '2026-12-01T00:00:00.000Z' })}\n\n`;
const entry = (id: string) => ({ id, liveblogId: 'lb_0000000000000001', headline: null, text: id });

/** A fake API: each connection to /v1/stream is answered by the next handler; /v1/entries by `entries`. */
async function fakeApi(streams: ((req: IncomingMessage, res: ServerResponse) => void)[], entries: (url: URL) => unknown) {
  const seen: { lastEventId: string | undefined; url: string }[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/v1/entries') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(entries(url)));
    seen.push({ lastEventId: req.headers['last-event-id'] as string | undefined, url: req.url! });
    const handler = streams.shift();
    if (!handler) return void res.writeHead(503).end();
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { baseUrl, seen, close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))) };
}

const sse = (res: ServerResponse, body: string) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(body);
};

async function take(items: AsyncGenerator<StreamItem>, n: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const item of items) {
    out.push(item.type === 'event' ? ['event', item.id, item.event.entryId] : ['resync', item.reason, await collect(item.entries)]);
    if (out.length === n) break;
  }
  return out;
}
const collect = async <T>(it: AsyncIterable<T>) => {
  const all: T[] = [];
  for await (const x of it) all.push(x);
  return all.map((e) => (e as { id: string }).id);
};

test('resumes after a dropped connection with Last-Event-ID, and turns a gap into a resync from /v1/entries', async () => {
  const entryQueries: string[] = [];
  const api = await fakeApi(
    [
      (_req, res) => {
        sse(res, `: connected\n\n${event('5-0', 'en_a')}${event('6-0', 'en_b')}`);
        setTimeout(() => res.destroy(), 50);
      },
      (_req, res) => sse(res, `: connected\n\nevent: gap\ndata: {"message":"trimmed"}\n\n${event('9-0', 'en_c')}`),
    ],
    (url) => {
      entryQueries.push(url.search);
      return url.searchParams.get('cursor') ? { items: [entry('en_y')], next: null } : { items: [entry('en_x')], next: 'p2' };
    },
  );
  try {
    const client = createLiveblogClient({ baseUrl: api.baseUrl });
    const items = subscribe(client, { baseUrl: api.baseUrl, filters: { liveblog: 'lb_0000000000000001' }, reconnectDelayMs: 10 });
    expect(await take(items, 4)).toEqual([
      ['event', '5-0', 'en_a'],
      ['event', '6-0', 'en_b'],
      ['resync', 'gap', ['en_x', 'en_y']],
      ['event', '9-0', 'en_c'],
    ]);
    expect(api.seen.map((s) => s.lastEventId)).toEqual([undefined, '6-0']);
    expect(api.seen.every((s) => s.url === '/v1/stream?liveblog=lb_0000000000000001')).toBe(true);
    // The resync lists the stream's filter, deletions included, every page.
    expect(entryQueries.map((q) => new URLSearchParams(q).get('liveblog'))).toEqual(['lb_0000000000000001', 'lb_0000000000000001']);
    expect(entryQueries.every((q) => new URLSearchParams(q).get('includeDeleted') === 'true')).toBe(true);
  } finally {
    await api.close();
  }
});

test('a connection lost before any event gave a position is a resync; a given lastEventId is sent from the start', async () => {
  const api = await fakeApi(
    [
      (_req, res) => (sse(res, ': connected\n\n'), setTimeout(() => res.destroy(), 20)),
      (_req, res) => sse(res, `: connected\n\n${event('2-0', 'en_b')}`),
    ],
    () => ({ items: [], next: null }),
  );
  try {
    const client = createLiveblogClient({ baseUrl: api.baseUrl });
    expect(await take(subscribe(client, { baseUrl: api.baseUrl, reconnectDelayMs: 10 }), 2)).toEqual([
      ['resync', 'reconnected', []],
      ['event', '2-0', 'en_b'],
    ]);
  } finally {
    await api.close();
  }
  const resumed = await fakeApi([(_req, res) => sse(res, event('3-0', 'en_c'))], () => ({ items: [], next: null }));
  try {
    const client = createLiveblogClient({ baseUrl: resumed.baseUrl });
    expect(await take(subscribe(client, { baseUrl: resumed.baseUrl, lastEventId: '2-0' }), 1)).toEqual([['event', '3-0', 'en_c']]);
    expect(resumed.seen[0]?.lastEventId).toBe('2-0');
  } finally {
    await resumed.close();
  }
});

test('a refusal is thrown, not retried; an abort ends the iteration quietly', async () => {
  const api = await fakeApi(
    [(_req, res) => res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'bad_request', message: 'Last-Event-ID: no' } }))],
    () => ({ items: [], next: null }),
  );
  try {
    const client = createLiveblogClient({ baseUrl: api.baseUrl });
    await expect(take(subscribe(client, { baseUrl: api.baseUrl, lastEventId: 'x' }), 1)).rejects.toEqual(new ApiError(400, 'bad_request', 'Last-Event-ID: no'));
    expect(api.seen).toHaveLength(1);
  } finally {
    await api.close();
  }
  const quiet = await fakeApi([(_req, res) => sse(res, ': connected\n\n')], () => ({ items: [], next: null }));
  try {
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const client = createLiveblogClient({ baseUrl: quiet.baseUrl });
    expect(await take(subscribe(client, { baseUrl: quiet.baseUrl, signal: stop.signal }), 1)).toEqual([]);
  } finally {
    await quiet.close();
  }
});
