import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extract } from '@liveblog/extract';
import { ids } from '@liveblog/fingerprint';
import { redisKeys } from '@liveblog/runtime';
import { runSourcesCommand } from '@liveblog/sources';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { testEnv } from '../harness/env';
import { eventually, getJson, startPipeline, writeSourcesFile, type RunningPipeline } from './pipeline-harness';

const TOKEN = 'admin-token-for-the-e2e-test-0123456789';

/** An invented liveblog text dump, in the shape of config/samples/sturmtief.txt. */
const DUMP = [
  'date 2025-03 liveblog Hochwasser an der Elbe ++ Pegel in Dresden steigt ++ Stand: 03.03.2025 09:10 Uhr',
  '',
  'Nach tagelangem Regen steigt die Elbe in Sachsen weiter. Die Entwicklungen im Liveblog.',
  '',
  'Pegel Dresden bei sechs Metern',
  '',
  'Der Pegel in Dresden hat am Morgen die Marke von sechs Metern überschritten. Die Stadt hat die Alarmstufe drei ausgerufen. (dpa)',
  '',
  'Altstadt-Ufer gesperrt',
  '',
  'Die Terrassenufer in der Altstadt sind für Fußgänger und Radfahrer gesperrt worden. Die Polizei bittet, die Absperrungen zu beachten. (red)',
  '',
  'Fähren stellen Betrieb ein',
  '',
  'Die Elbfähren zwischen Pillnitz und Kleinzschachwitz fahren wegen der Strömung nicht mehr. Ein Ersatzverkehr ist nicht geplant. (epd)',
  '',
].join('\n');

interface SourceView {
  id: string;
  url: string;
  paused: boolean;
  intervalSeconds: number;
  status: { lastFetchedAt: string | null; lastHttpStatus: number | null; lastBytes: number | null; currentIntervalSeconds: number | null; nextDueAt: string | null; ended: boolean; pollsLastHour: number };
}
interface ErrorBody { error: { code: string; message: string } }

describe('the admin API for sources, through the real services', () => {
  let pipeline: RunningPipeline;
  let disabledApi: RunningPipeline;
  let server: Server;
  let base: string;
  let fetchQueue: Queue;
  let redis: Redis;
  /** Requests per path reaching the local liveblog server: what the fetcher really polled. */
  const hits = new Map<string, number>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      hits.set(path, (hits.get(path) ?? 0) + 1);
      if (path === '/robots.txt' || !path.startsWith('/live/')) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(DUMP);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const sourcesFile = writeSourcesFile('sources: []\n');
    pipeline = await startPipeline({ sourcesFile, services: ['api', 'indexer', 'deduplicator', 'parser', 'fetcher'], env: { ADMIN_TOKEN: TOKEN } });
    disabledApi = await startPipeline({ sourcesFile, services: ['api'], env: { ADMIN_TOKEN: '' } });

    const env = testEnv();
    redis = new Redis(env.redisUrl, { maxRetriesPerRequest: null });
    fetchQueue = new Queue('fetch', { connection: redis, prefix: redisKeys.queuePrefix(env.queuePrefix, 'fetch') });
  }, 90_000);

  afterAll(async () => {
    await pipeline?.stop();
    await disabledApi?.stop();
    await fetchQueue?.close();
    redis?.disconnect();
    await new Promise((r) => server?.close(r));
  });

  const call = async (method: string, path: string, opts: { body?: unknown; rawBody?: string; auth?: string | null; api?: string } = {}) => {
    const headers: Record<string, string> = {};
    const auth = opts.auth === undefined ? `Bearer ${TOKEN}` : opts.auth;
    if (auth !== null) headers.authorization = auth;
    if (opts.body !== undefined || opts.rawBody !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${opts.api ?? pipeline.apiUrl}${path}`, {
      method,
      headers,
      body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as unknown };
  };
  /** The source's polls waiting in the fetch queue (`active` too: one running now plans the next). */
  const queuedPolls = async (id: string, states: Array<'delayed' | 'waiting' | 'active'> = ['delayed', 'waiting', 'active']) =>
    (await fetchQueue.getJobs(states)).filter((j) => j.data.sourceId === id);

  describe('access', () => {
    const someId = ids.source('http://127.0.0.1/nowhere');
    // Every row has its body, even when none: jest reads a callback with more parameters than the row as `done`.
    const routes: Array<[string, string, unknown]> = [
      ['GET', '/v1/sources', undefined],
      ['GET', `/v1/sources/${someId}`, undefined],
      ['POST', '/v1/sources', { url: 'https://news.example/live' }],
      ['PATCH', `/v1/sources/${someId}`, { paused: true }],
      ['DELETE', `/v1/sources/${someId}`, undefined],
    ];
    const cases: Array<[string, string | null, number, string]> = [
      ['no Authorization header', null, 401, 'unauthorized'],
      ['a Basic header', 'Basic YWRtaW46YWRtaW4=', 401, 'unauthorized'],
      ['Bearer without a token', 'Bearer ', 401, 'unauthorized'],
      ['a wrong token', 'Bearer not-the-admin-token-at-all', 403, 'forbidden'],
      ['the token with one character less', `Bearer ${TOKEN.slice(0, -1)}`, 403, 'forbidden'],
    ];
    test.each(routes.flatMap(([method, path, body]) => cases.map(([what, auth, status, code]) => [method, path, what, status, code, auth, body] as const)))(
      '%s %s with %s → %i %s',
      async (method, path, _what, status, code, auth, body) => {
        const res = await call(method, path, { auth, body });
        expect(res.status).toBe(status);
        expect((res.body as ErrorBody).error.code).toBe(code);
        if (status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      },
    );

    test.each(routes)('%s %s on an api without ADMIN_TOKEN → 404 saying the admin API is disabled', async (method, path, body) => {
      const res = await call(method, path, { api: disabledApi.apiUrl, body });
      expect(res.status).toBe(404);
      expect((res.body as ErrorBody).error).toEqual({ code: 'admin_disabled', message: expect.stringMatching(/disabled.*ADMIN_TOKEN/) });
    });

    test('the read API stays open without a token', async () => {
      expect((await getJson(`${pipeline.apiUrl}/v1/liveblogs`)).status).toBe(200);
    });
  });

  describe('bad input', () => {
    const known = ids.source(`http://127.0.0.1:1/never-created`);
    test.each([
      ['POST', '/v1/sources', { rawBody: '{}' }, 400, /url/],
      ['POST', '/v1/sources', { rawBody: '{"url": ' }, 400, /JSON|Unexpected|Expected/],
      ['POST', '/v1/sources', { body: { url: 'file:///etc/passwd' } }, 400, /only http\(s\):\/\/ sources can be added/],
      ['POST', '/v1/sources', { body: { url: 'ftp://news.example/live' } }, 400, /http\(s\)/],
      ['POST', '/v1/sources', { body: { url: 'not a url' } }, 400, /url/],
      ['POST', '/v1/sources', { body: { url: 'https://news.example/live', intervalSeconds: 1 } }, 400, /intervalSeconds/],
      ['POST', '/v1/sources', { body: { url: 'https://news.example/live', intervalSeconds: '60' } }, 400, /intervalSeconds/],
      ['POST', '/v1/sources', { body: { url: 'https://news.example/live', paused: true } }, 400, /unknown parameter paused/],
      ['POST', '/v1/sources', { body: { url: 'https://news.example/live', linkPattern: 'x' } }, 400, /linkPattern applies to index sources/],
      ['POST', '/v1/sources', { body: { url: 'https://news.example/', kind: 'index', linkPattern: '(' } }, 400, /regular expression/],
      ['POST', '/v1/sources', { body: { url: 'https://news.example/', kind: 'file' } }, 400, /kind/],
      ['POST', '/v1/sources', { body: ['https://news.example/live'] }, 400, /body/],
      ['GET', '/v1/sources?limit=0', {}, 400, /limit/],
      ['GET', '/v1/sources?limit=101', {}, 400, /limit/],
      ['GET', '/v1/sources?cursor=forged', {}, 400, /cursor/],
      ['GET', '/v1/sources?status=paused', {}, 400, /unknown parameter status/],
      ['GET', '/v1/sources/not-an-id', {}, 400, /src_/],
      ['PATCH', `/v1/sources/${known}`, { body: {} }, 400, /paused and\/or intervalSeconds/],
      ['PATCH', `/v1/sources/${known}`, { body: { paused: 'yes' } }, 400, /paused/],
      ['PATCH', `/v1/sources/${known}`, { body: { intervalSeconds: 100_000 } }, 400, /intervalSeconds/],
      ['PATCH', `/v1/sources/${known}`, { body: { url: 'https://other.example/' } }, 400, /unknown parameter url/],
      ['DELETE', '/v1/sources/src_XYZ', {}, 400, /src_/],
      ['GET', `/v1/sources/${known}`, {}, 404, /not found/],
      ['GET', `/v1/sources/${known}/fetches`, {}, 404, /not found/],
      ['GET', `/v1/sources/${known}/fetches?hours=0`, {}, 400, /hours/],
      ['GET', `/v1/sources/${known}/fetches?hours=49`, {}, 400, /hours/],
      ['PATCH', `/v1/sources/${known}`, { body: { paused: true } }, 404, /not found/],
      ['DELETE', `/v1/sources/${known}`, {}, 404, /not found/],
    ] as const)('%s %s %j → %i', async (method, path, opts, status, message) => {
      const res = await call(method, path, opts);
      expect(res.status).toBe(status);
      expect((res.body as ErrorBody).error.message).toMatch(message);
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
    });
  });

  describe('lifecycle', () => {
    const path = '/live/hochwasser.txt';
    let url: string;
    let id: string;
    beforeAll(() => {
      url = `${base}${path}`;
      id = ids.source(url);
    });

    test('an added source is scheduled, fetched, and its entries reach the read API without a restart', async () => {
      const created = await call('POST', '/v1/sources', { body: { url, name: 'Hochwasser', intervalSeconds: 5 } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id, url, name: 'Hochwasser', kind: 'liveblog', intervalSeconds: 5, paused: false, discoveredFrom: null });
      expect(await queuedPolls(id)).not.toHaveLength(0);

      const again = await call('POST', '/v1/sources', { body: { url, name: 'Another name', intervalSeconds: 60 } });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ id, name: 'Hochwasser', intervalSeconds: 5 });

      const expected = extract({ body: DUMP, url }).entries.length;
      expect(expected).toBeGreaterThan(1);
      await eventually(async () => {
        const { body } = await getJson<{ entryCount: number }>(`${pipeline.apiUrl}/v1/liveblogs/${ids.liveblog(url)}`);
        return body.entryCount === expected ? body : undefined;
      }, 'the added liveblog indexed with all its entries');

      const { status, body } = await call('GET', `/v1/sources/${id}`);
      expect(status).toBe(200);
      expect((body as SourceView).status).toMatchObject({
        lastFetchedAt: expect.any(String),
        lastHttpStatus: 200,
        lastBytes: Buffer.byteLength(DUMP),
        consecutiveFailures: 0,
        lastError: null,
        ended: false,
      });
      expect((body as SourceView).status.pollsLastHour).toBeGreaterThanOrEqual(1);
      const listed = await call('GET', '/v1/sources');
      expect((listed.body as { items: SourceView[] }).items.map((s) => s.id)).toContain(id);

      const fetches = await call('GET', `/v1/sources/${id}/fetches?hours=2`);
      expect(fetches.status).toBe(200);
      const items = (fetches.body as { items: Array<{ at: string; result: string }> }).items;
      expect(items.length).toBeGreaterThanOrEqual(1);
      expect(items.map((f) => f.at)).toEqual(items.map((f) => f.at).sort().reverse());
      expect(items[items.length - 1]).toEqual({ at: expect.any(String), result: 'changed', httpStatus: 200, bytes: Buffer.byteLength(DUMP), snapshotId: expect.stringMatching(/^sn_/), error: null });
    }, 90_000);

    test('pause stops polling for more than two intervals; resume restarts it', async () => {
      // At least two polls first, so that "no more polls" below is measured against a source that polls.
      await eventually(async () => ((hits.get(path) ?? 0) >= 2 ? true : undefined), 'two polls', 30_000);
      const paused = await call('PATCH', `/v1/sources/${id}`, { body: { paused: true } });
      expect(paused.status).toBe(200);
      expect(paused.body).toMatchObject({ id, paused: true });

      // A poll already under way may still land; only then does the count have to stay put.
      await new Promise((r) => setTimeout(r, 2_000));
      expect(await queuedPolls(id)).toEqual([]);
      const atPause = hits.get(path) ?? 0;
      await new Promise((r) => setTimeout(r, 12_000));
      expect(hits.get(path) ?? 0).toBe(atPause);

      const resumed = await call('PATCH', `/v1/sources/${id}`, { body: { paused: false } });
      expect(resumed.body).toMatchObject({ id, paused: false });
      expect(await queuedPolls(id)).not.toHaveLength(0);
      await eventually(async () => ((hits.get(path) ?? 0) > atPause ? true : undefined), 'a poll after resume', 30_000);
    }, 60_000);

    test('an interval change is stored, in force at once, and moves the next poll to one interval after the last', async () => {
      const res = await call('PATCH', `/v1/sources/${id}`, { body: { intervalSeconds: 600 } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ intervalSeconds: 600, status: { currentIntervalSeconds: 600 } });
      const { lastFetchedAt, nextDueAt } = (res.body as SourceView).status;
      const gap = Date.parse(nextDueAt!) - Date.parse(lastFetchedAt!);
      expect(gap).toBeGreaterThanOrEqual(540_000);
      expect(gap).toBeLessThanOrEqual(660_000);
      expect((await queuedPolls(id, ['delayed'])).map((j) => j.data.dueAt)).toEqual([Date.parse(nextDueAt!)]);
    });

    test('delete removes the scheduler and the source, keeps the entries, and a second delete is a 404', async () => {
      expect((await call('DELETE', `/v1/sources/${id}`)).status).toBe(204);
      expect(await queuedPolls(id)).toEqual([]);
      expect((await call('GET', `/v1/sources/${id}`)).status).toBe(404);
      expect((await call('DELETE', `/v1/sources/${id}`)).status).toBe(404);
      const { status, body } = await getJson<{ entryCount: number }>(`${pipeline.apiUrl}/v1/liveblogs/${ids.liveblog(url)}`);
      expect(status).toBe(200);
      expect(body.entryCount).toBeGreaterThan(1);
    });
  });

  test('the list pages by cursor, each source once', async () => {
    // Served as 404s by the local server: polled quickly and harmlessly.
    const urls = ['a', 'b', 'c', 'd', 'e'].map((n) => `${base}/paging/${n}`);
    for (const u of urls) expect((await call('POST', '/v1/sources', { body: { url: u, intervalSeconds: 3600 } })).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const res = await call('GET', `/v1/sources${query}`);
      const page = res.body as { items: SourceView[]; next: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((s) => s.id));
      cursor = page.next;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(urls.map((u) => ids.source(u))));
    for (const u of urls) await call('DELETE', `/v1/sources/${ids.source(u)}`);
  });

  describe('the `liveblog sources` command', () => {
    const run = async (argv: string[], env: Record<string, string | undefined> = { ADMIN_TOKEN: TOKEN }) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runSourcesCommand([...argv, '--api', pipeline.apiUrl], { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };

    test('add, list, pause, resume and remove against the running API', async () => {
      const path = '/live/cli.txt';
      const url = `${base}${path}`;
      const id = ids.source(url);

      const added = await run(['add', url, '--name', 'CLI liveblog', '--interval', '5']);
      expect(added).toMatchObject({ code: 0, err: '' });
      expect(added.out).toMatch(new RegExp(`^${id}\tactive\t5s\t`));
      await eventually(async () => ((hits.get(path) ?? 0) >= 1 ? true : undefined), 'the CLI-added source polled', 30_000);

      const listed = await run(['list']);
      expect(listed.code).toBe(0);
      expect(listed.out).toContain(`${id}\tactive`);

      expect((await run(['pause', url])).out).toMatch(new RegExp(`^${id}\tpaused`));
      expect(await queuedPolls(id, ['delayed', 'waiting'])).toEqual([]);
      expect((await run(['resume', id])).out).toMatch(new RegExp(`^${id}\tactive`));
      expect(await queuedPolls(id)).not.toHaveLength(0);

      expect(await run(['remove', id])).toMatchObject({ code: 0, out: `${id}\tremoved` });
      expect(await run(['remove', id])).toMatchObject({ code: 1, err: expect.stringMatching(/not found \(HTTP 404\)/) });
    }, 60_000);

    test.each([
      ['no token', ['list'], {}, 2, /ADMIN_TOKEN/],
      ['a wrong token', ['list', '--token', 'wrong-token-wrong-token'], {}, 1, /HTTP 403/],
      ['a file:// source, refused before any request', ['add', 'file:///etc/passwd'], { ADMIN_TOKEN: TOKEN }, 2, /only http\(s\)/],
      ['a bad interval', ['add', 'https://news.example/x', '--interval', 'soon'], { ADMIN_TOKEN: TOKEN }, 2, /--interval/],
      ['an unknown command', ['frobnicate'], { ADMIN_TOKEN: TOKEN }, 2, /unknown command/],
      ['an unknown option', ['list', '--colour'], { ADMIN_TOKEN: TOKEN }, 2, /colour/],
    ] as const)('%s → exit code and message', async (_what, argv, env, code, message) => {
      const res = await run([...argv], env);
      expect(res.code).toBe(code);
      expect(res.err).toMatch(message);
    });
  });
});
