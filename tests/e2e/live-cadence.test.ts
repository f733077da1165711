import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extract } from '@liveblog/extract';
import { ids } from '@liveblog/fingerprint';
import { redisKeys } from '@liveblog/runtime';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { testEnv } from '../harness/env';
import { eventually, getJson, startPipeline, writeSourcesFile, type RunningPipeline } from './pipeline-harness';
import { syntheticDump } from './synthetic';

interface Entry { headline: string; text: string }

const INTERVAL_SECONDS = 5;
const CHANGE_EVERY_MS = 15_000;
const CHANGES = 7;
const FIRST_ENTRIES = 3;
const TOKEN = 'admin-token-for-the-cadence-test-0123';

/**
 * The page after `k` changes: odd changes add an entry, even ones edit one of the first entries, so the
 * last state has FIRST_ENTRIES + 4 entries, the first three of them edited.
 */
function page(k: number): string {
  let dump = syntheticDump(1, FIRST_ENTRIES + Math.ceil(k / 2));
  for (let edit = 0; edit < Math.floor(k / 2); edit++) dump = dump.replace(`Vorlage ${1000 + edit} beraten.`, `Vorlage ${1000 + edit} beraten und sie vertagt.`);
  return dump;
}

/**
 * On the real clock: one local liveblog changing every 15 s, polled by the real services at a 5 s
 * interval. Every entry and edit must arrive, with no more requests than the interval needs (with
 * slack for jitter and the start) and never two within a second.
 */
describe('a live page polled at its pace', () => {
  let server: Server;
  let pipeline: RunningPipeline;
  let start = 0;
  const requests: number[] = [];
  /** Requests for the other pages, by path. */
  const others = new Map<string, number[]>();
  let url = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith('/other/')) {
        others.set(req.url, [...(others.get(req.url) ?? []), Date.now()]);
        return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(syntheticDump(2, 2));
      }
      if (req.url !== '/live.txt') return void res.writeHead(404).end();
      const now = Date.now();
      if (start === 0) start = now;
      requests.push(now);
      const k = Math.min(CHANGES, Math.floor((now - start) / CHANGE_EVERY_MS));
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(page(k));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/live.txt`;
    pipeline = await startPipeline({
      sourcesFile: writeSourcesFile(['sources:', `  - url: ${url}`, `    intervalSeconds: ${INTERVAL_SECONDS}`].join('\n')),
      services: ['api', 'indexer', 'deduplicator', 'parser', 'fetcher'],
      env: { FETCH_MIN_INTERVAL_SECONDS: '1', FETCH_HOST_MIN_INTERVAL_MS: '0', ADMIN_TOKEN: TOKEN },
    });
  }, 60_000);

  afterAll(async () => {
    await pipeline?.stop();
    await new Promise((r) => server?.close(r));
  });

  test('every entry and edit arrives; the page is requested at the interval, never twice within a second', async () => {
    const liveblogId = ids.liveblog(url);
    const entries = async () => (await getJson<{ items: Entry[] }>(`${pipeline.apiUrl}/v1/liveblogs/${liveblogId}/entries?limit=100`)).body.items ?? [];
    await eventually(async () => (start > 0 ? true : undefined), 'the first poll', 30_000);
    const last = page(CHANGES);
    const expected = extract({ body: last, url }).entries;
    expect(expected.filter((e) => e.headline?.startsWith('Meldung'))).toHaveLength(FIRST_ENTRIES + 4);
    // The last change is made at 105 s; it has arrived within two intervals and the pipeline's time.
    await new Promise((r) => setTimeout(r, Math.max(0, start + CHANGES * CHANGE_EVERY_MS - Date.now())));
    const arrived = await eventually(async () => {
      const items = await entries().catch(() => [] as Entry[]);
      const texts = new Set(items.map((e) => e.text));
      return expected.every((e) => texts.has(e.text)) ? items : undefined;
    }, 'every entry in its last version', 30_000);
    expect(arrived).toHaveLength(expected.length);
    expect(arrived.filter((e) => e.text.includes('und sie vertagt'))).toHaveLength(3);

    const seen = [...requests];
    const durationSeconds = (seen[seen.length - 1]! - start) / 1000;
    const gaps = seen.slice(1).map((t, i) => t - seen[i]!);
    expect(gaps.filter((g) => g < 1_000)).toEqual([]);
    expect(seen.length).toBeLessThanOrEqual((durationSeconds / INTERVAL_SECONDS) * 1.5 + 2);
    // A page that keeps changing stays at its pace: no long silences.
    expect(Math.max(...gaps)).toBeLessThanOrEqual(INTERVAL_SECONDS * 1_100 + 2_000);
  }, 180_000);

  test('a fetcher killed and started again keeps one chain per active source; paused and deleted ones stay silent', async () => {
    const admin = (method: string, path: string, body?: unknown) =>
      fetch(`${pipeline.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const base = new URL(url).origin;
    const added: Record<string, string> = {};
    for (const name of ['paused', 'deleted']) {
      const res = await admin('POST', '/v1/sources', { url: `${base}/other/${name}.txt`, intervalSeconds: INTERVAL_SECONDS });
      added[name] = ((await res.json()) as { id: string }).id;
    }
    await eventually(async () => (others.size === 2 ? true : undefined), 'both added sources polled', 30_000);
    expect((await admin('PATCH', `/v1/sources/${added.paused}`, { paused: true })).status).toBe(200);
    expect((await admin('DELETE', `/v1/sources/${added.deleted}`)).status).toBe(204);
    const silencedAt = Date.now();

    await pipeline.services.get('fetcher')!.kill();
    await pipeline.start('fetcher');
    const restartedAt = Date.now();
    await new Promise((r) => setTimeout(r, 20_000));

    for (const times of others.values()) expect(times.filter((t) => t > silencedAt)).toEqual([]);
    const redis = new Redis(testEnv().redisUrl, { maxRetriesPerRequest: null });
    const fetchQueue = new Queue('fetch', { connection: redis, prefix: redisKeys.queuePrefix(testEnv().queuePrefix, 'fetch') });
    const queued = async () => (await fetchQueue.getJobs(['delayed', 'waiting', 'active'])).map((j) => j.data.sourceId as string);
    // Exactly one poll queued for the live page (a poll finishing may briefly show itself and its successor).
    const chain = await eventually(async () => {
      const mine = (await queued()).filter((id) => id === ids.source(url));
      return mine.length === 1 ? mine : undefined;
    }, 'one queued poll for the live page', 10_000).catch(async () => (await queued()).filter((id) => id === ids.source(url)));
    expect(chain).toHaveLength(1);
    expect((await queued()).filter((id) => id === added.paused || id === added.deleted)).toEqual([]);
    await fetchQueue.close();
    redis.disconnect();
    const after = requests.filter((t) => t >= restartedAt);
    expect(after.length).toBeGreaterThanOrEqual(2);
    expect(after.length).toBeLessThanOrEqual((20 / INTERVAL_SECONDS) * 1.5 + 2);
    const around = requests.filter((t) => t >= silencedAt);
    expect(around.slice(1).map((t, i) => t - around[i]!).filter((g) => g < 1_000)).toEqual([]);
  }, 90_000);
});
