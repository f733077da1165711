import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ids } from '@liveblog/fingerprint';
import { DRAWN, ENDLESS, ENTRIES, hostile } from '../../services/fetcher/src/render/testdata/pages';
import { eventually, getJson, startPipeline, writeSourcesFile, type RunningPipeline } from './pipeline-harness';

const TOKEN = 'admin-token-for-the-render-test-0123456789';

interface SourceView { status: { lastFetchedAt: string | null; lastEntryCount: number | null; consecutiveFailures: number; lastError: string | null } }

describe('pages drawn by a browser, through the real services', () => {
  let pipeline: RunningPipeline;
  let site: Server;
  let trap: Server;
  let base: string;
  let trapConnections = 0;

  beforeAll(async () => {
    trap = createServer((_req, res) => res.end('stolen'));
    trap.on('connection', () => trapConnections++);
    site = createServer((req, res) => {
      const html = (body: string) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
      if (req.url === '/entries.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ENTRIES));
      if (req.url === '/plain/live' || req.url === '/drawn/live') {
        // The document never changes: polls after the first are answered 304.
        if (req.headers['if-none-match'] === '"d1"') return void res.writeHead(304).end();
        return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: '"d1"' }).end(DRAWN);
      }
      // Asked for as "localhost", a host the fetcher's guard does not allow, though it is the same loopback.
      if (req.url === '/hostile/live') return void html(hostile(`http://localhost:${(trap.address() as AddressInfo).port}`));
      if (req.url === '/endless/live') return void html(ENDLESS);
      res.writeHead(404).end();
    });
    await Promise.all([new Promise<void>((r) => site.listen(0, '127.0.0.1', r)), new Promise<void>((r) => trap.listen(0, '127.0.0.1', r))]);
    base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const sourcesFile = writeSourcesFile(
      [
        'sources:',
        `  - url: ${base}/plain/live`,
        '    intervalSeconds: 5',
        `  - url: ${base}/drawn/live`,
        '    render: true',
        `  - url: ${base}/hostile/live`,
        '    render: true',
        `  - url: ${base}/endless/live`,
        '    render: true',
        '',
      ].join('\n'),
    );
    pipeline = await startPipeline({
      sourcesFile,
      services: ['api', 'indexer', 'deduplicator', 'parser', 'fetcher'],
      env: { ADMIN_TOKEN: TOKEN, RENDER_TIMEOUT_MS: '10000', FETCH_HOST_MIN_INTERVAL_MS: '0', FETCH_HOST_CONCURRENCY: '4' },
    });
  }, 90_000);

  afterAll(async () => {
    await pipeline?.stop();
    await new Promise((r) => site?.close(r));
    await new Promise((r) => trap?.close(r));
  });

  const sourceStatus = async (path: string) => {
    const res = await fetch(`${pipeline.apiUrl}/v1/sources/${ids.source(`${base}${path}`)}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    return ((await res.json()) as SourceView).status;
  };

  test('the script-drawn page gives no entries as fetched, all of them when rendered', async () => {
    const drawn = await eventually(async () => {
      const { status, body } = await getJson<{ items: Array<{ headline: string | null }> }>(`${pipeline.apiUrl}/v1/liveblogs/${ids.liveblog(`${base}/drawn/live`)}/entries?limit=100`);
      return status === 200 && body.items.length === ENTRIES.length ? body.items : undefined;
    }, 'the rendered liveblog indexed');
    expect(drawn.map((e) => e.headline).sort()).toEqual([...ENTRIES].sort());
    const plain = await eventually(async () => {
      const s = await sourceStatus('/plain/live');
      return s.lastEntryCount === null ? undefined : s;
    }, 'the plain page parsed');
    expect(plain.lastEntryCount).toBe(0);
  }, 60_000);

  test('render switched on through the admin API draws the page at the next poll, though its document is unchanged', async () => {
    const id = ids.source(`${base}/plain/live`);
    const res = await fetch(`${pipeline.apiUrl}/v1/sources/${id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ render: true }),
    });
    expect(res.status).toBe(200);
    const status = await eventually(async () => {
      const s = await sourceStatus('/plain/live');
      return s.lastEntryCount === ENTRIES.length ? s : undefined;
    }, 'the plain source rendered');
    expect(status.consecutiveFailures).toBe(0);
  }, 60_000);

  test('a hostile page is rendered without contacting what it asks for', async () => {
    const status = await eventually(async () => {
      const s = await sourceStatus('/hostile/live');
      return s.lastFetchedAt ? s : undefined;
    }, 'the hostile page fetched');
    expect(status).toMatchObject({ consecutiveFailures: 0, lastError: null });
    expect(trapConnections).toBe(0);
  }, 60_000);

  test('an endless script fails the render within its bound, counted and shown like any failure', async () => {
    const status = await eventually(async () => {
      const s = await sourceStatus('/endless/live');
      return s.consecutiveFailures > 0 ? s : undefined;
    }, 'the endless page failed');
    expect(status.lastError).toMatch(/render not complete within 10000 ms/);
  }, 60_000);
});
