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
  /** Entries on the pages of the liveblogs added together in the last test. */
  const allNewEntries = [BURST, BURST, BURST];
  const prefix = testEnv().queuePrefix;
  const stream = redisKeys.entryEvents(prefix);

  beforeAll(async () => {
    server = createServer((req, res) => {
      const burst = /^\/burst-(\d+)\.txt$/.exec(req.url ?? '');
      const allNew = /^\/all-new-(\d+)\.txt$/.exec(req.url ?? '');
      if (allNew) return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(syntheticDump(20 + Number(allNew[1]), allNewEntries[Number(allNew[1])]!));
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
  async function announced(liveblogId: string, after = '-'): Promise<{ id: string; key: string; snapshotId: string }[]> {
    const rows = (await redis.xrange(stream, after === '-' ? '-' : `(${after}`, '+')) as [string, string[]][];
    return rows.flatMap(([id, fields]) => {
      const event = JSON.parse(fields[1]!) as { liveblogId: string; key: string; snapshotId: string };
      return event.liveblogId === liveblogId ? [{ id, key: event.key, snapshotId: event.snapshotId }] : [];
    });
  }

  async function addSource(url: string): Promise<void> {
    const added = await fetch(`${pipeline.apiUrl}/v1/sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url, intervalSeconds: 5 }),
    });
    expect(added.status).toBe(201);
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
    await addSource(burstUrl);
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

  /**
   * Every liveblog new at once, as when the service starts: no change can wait for its liveblog to be
   * followed already. The indexer is stopped while three large liveblogs are added (their first pages
   * queued at the index stage one after the other), then the last one added gets a new entry. That entry
   * shares nothing with the first pages, so it must be announced before any of their entries; before,
   * it waited behind its own liveblog's first page, and so behind the whole burst.
   */
  test('all new at once: a new entry made during the burst goes before the burst\'s backlog', async () => {
    const [last] = (await redis.xrevrange(stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
    const since = last?.[0] ?? '0-0';
    await pipeline.services.get('indexer')!.stop();
    const urls = allNewEntries.map((_, i) => `${base}/all-new-${i}.txt`);
    for (const [i, url] of urls.entries()) {
      await addSource(url);
      await eventually(async () => ((await lanes('index')).backfill === i + 1 ? true : undefined), `first page ${i + 1} in the index backfill lane`, 60_000);
    }
    allNewEntries[2]!++;
    await eventually(async () => {
      const { fresh, backfill } = await lanes('index');
      return fresh + backfill === urls.length + 1 ? true : undefined;
    }, 'the new entry queued at the index stage', 60_000);

    await pipeline.start('indexer');
    const liveblogs = urls.map((url) => ids.liveblog(url));
    // Done when every first page is and the changed liveblog has its second snapshot's entry too.
    const events = await eventually(async () => {
      const all = await Promise.all(liveblogs.map((id) => announced(id, since)));
      const done = all.every((e) => e.length >= BURST) && new Set(all[2]!.map((e) => e.snapshotId)).size === 2;
      return done ? all : undefined;
    }, 'the burst and the new entry indexed', 180_000);
    // The change is the one entry announced from the changed liveblog's second snapshot.
    const changed = events[2]!;
    const change = changed.filter((e) => changed.filter((x) => x.snapshotId === e.snapshotId).length === 1);
    expect(change).toHaveLength(1);
    const burstEvents = events.flat().filter((e) => e.snapshotId !== change[0]!.snapshotId);
    expect(burstEvents.filter((e) => streamOrder(e.id, change[0]!.id) < 0)).toEqual([]);
    for (const e of events) expect(new Set(e.map((x) => x.key)).size).toBe(e.length);
  }, 300_000);
});
