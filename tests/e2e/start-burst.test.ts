import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { QueueName } from '@liveblog/contracts';
import { ids } from '@liveblog/fingerprint';
import { createRedis, redisKeys, type RedisClient } from '@liveblog/runtime';
import type { ServiceName } from '@liveblog/devstack';
import { Queue } from 'bullmq';
import { testEnv } from '../harness/env';
import { eventually, startPipeline, writeSourcesFile, type RunningPipeline } from './pipeline-harness';
import { syntheticDump } from './synthetic';

const TOKEN = 'admin-token-for-the-burst-test-0123456789';
/** Entries on a newly added liveblog's page: a start burst in one job per stage. */
const BURST = 100;
const FOLLOWED_ENTRIES = 3;

/** Stream ids in stream order: `<ms>-<sequence>`, compared as numbers. */
function streamOrder(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am - bm || as - bs;
}

/**
 * A newly added liveblog with hundreds of entries does not hold back the change of a liveblog already
 * followed, at any stage. For each stage, its service is stopped, a large liveblog is added and its first
 * page queued at that stage, then the followed liveblog changes and its change queued there after it. With
 * one job at a time per service, the change must be announced before any entry of the burst: order, not
 * time. Lanes must not cost idempotency: every entry is announced once.
 */
describe('a start burst is absorbed', () => {
  let server: Server;
  let pipeline: RunningPipeline;
  let redis: RedisClient;
  let base = '';
  let followedEntries = FOLLOWED_ENTRIES;
  const prefix = testEnv().queuePrefix;
  const stream = redisKeys.entryEvents(prefix);

  beforeAll(async () => {
    server = createServer((req, res) => {
      const burst = /^\/burst-(\d+)\.txt$/.exec(req.url ?? '');
      if (req.url === '/followed.txt') return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(syntheticDump(1, followedEntries));
      if (burst) return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(syntheticDump(10 + Number(burst[1]), BURST));
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    redis = createRedis(testEnv().redisUrl);
    pipeline = await startPipeline({
      sourcesFile: writeSourcesFile(['sources:', `  - url: ${base}/followed.txt`, '    intervalSeconds: 5'].join('\n')),
      services: ['api', 'indexer', 'deduplicator', 'parser', 'fetcher'],
      env: { FETCH_MIN_INTERVAL_SECONDS: '1', FETCH_HOST_MIN_INTERVAL_MS: '0', ADMIN_TOKEN: TOKEN, WORKER_CONCURRENCY: '1' },
    });
    await eventually(async () => ((await announced(ids.liveblog(`${base}/followed.txt`))).length >= FOLLOWED_ENTRIES ? true : undefined), 'the followed liveblog indexed', 60_000);
  }, 120_000);

  afterAll(async () => {
    await pipeline?.stop();
    redis?.disconnect();
    await new Promise((r) => server?.close(r));
  });

  /** Entry events of one liveblog in stream order, after the stream id `after`. */
  async function announced(liveblogId: string, after = '-'): Promise<{ id: string; key: string }[]> {
    const rows = (await redis.xrange(stream, after === '-' ? '-' : `(${after}`, '+')) as [string, string[]][];
    return rows.flatMap(([id, fields]) => {
      const event = JSON.parse(fields[1]!) as { liveblogId: string; key: string };
      return event.liveblogId === liveblogId ? [{ id, key: event.key }] : [];
    });
  }

  async function lanes(name: QueueName): Promise<{ fresh: number; backfill: number }> {
    const queue = new Queue(name, { connection: redis, prefix: redisKeys.queuePrefix(prefix, name) });
    const counts = await queue.getJobCounts('wait', 'prioritized');
    return { fresh: counts.wait ?? 0, backfill: counts.prioritized ?? 0 };
  }

  const stages: [ServiceName, QueueName][] = [
    ['parser', 'parse'],
    ['deduplicator', 'dedup'],
    ['indexer', 'index'],
  ];

  test.each(stages)('held at the %s: the followed liveblog\'s change goes first', async (service, queue) => {
    const round = stages.findIndex(([s]) => s === service);
    const [last] = (await redis.xrevrange(stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
    const since = last?.[0] ?? '0-0';
    await pipeline.services.get(service)!.stop();

    const burstUrl = `${base}/burst-${round}.txt`;
    const added = await fetch(`${pipeline.apiUrl}/v1/sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: burstUrl, intervalSeconds: 5 }),
    });
    expect(added.status).toBe(201);
    await eventually(async () => ((await lanes(queue)).backfill === 1 ? true : undefined), `the new liveblog's first page in the ${queue} backfill lane`, 60_000);

    followedEntries++;
    await eventually(async () => ((await lanes(queue)).fresh === 1 ? true : undefined), `the followed liveblog's change in the ${queue} queue`, 60_000);
    expect(await lanes(queue)).toEqual({ fresh: 1, backfill: 1 });

    await pipeline.start(service);
    const followed = ids.liveblog(`${base}/followed.txt`);
    const burst = ids.liveblog(burstUrl);
    const burstEvents = await eventually(async () => {
      const events = await announced(burst, since);
      return events.length >= BURST ? events : undefined;
    }, 'the burst indexed', 120_000);
    const change = await announced(followed, since);
    expect(change).toHaveLength(1);
    expect(streamOrder(change[0]!.id, burstEvents[0]!.id)).toBeLessThan(0);
    expect(new Set(burstEvents.map((e) => e.key)).size).toBe(burstEvents.length);
  }, 240_000);
});
