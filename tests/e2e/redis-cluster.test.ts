import { createRedis, redisKeys, type RedisClient } from '@liveblog/runtime';
import { Store } from '@liveblog/storage';
import { testEnv } from '../harness/env';
import { expectIngestInvariants, OutletSite, startReplicatedPipeline, waitUntilIngested, type ReplicatedPipeline } from './cluster-ingest';
import { SeededRandom, testSeed } from './seeded-random';
import { readEvents } from './sse-client';

describe('the pipeline on a Redis Cluster, two replicas of every service, two API processes', () => {
  const seed = testSeed();
  const site = new OutletSite(new SeededRandom(seed), { outlets: 20, ownStories: 3, sharedStories: 6 });
  let pipeline: ReplicatedPipeline;
  let store: Store;
  let redis: RedisClient;

  beforeAll(async () => {
    process.stdout.write(`redis cluster suite: LBI_TEST_SEED=${seed}\n`);
    await site.start();
    store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
    redis = createRedis(testEnv().redisClusterUrl);
    pipeline = await startReplicatedPipeline({ redisUrl: testEnv().redisClusterUrl, sourcesYaml: site.sourcesYaml(5), replicas: 2, apis: 2 });
  }, 120_000);

  afterAll(async () => {
    await pipeline?.stop();
    await store?.close();
    redis?.disconnect();
    await site.stop();
  });

  test('20 liveblogs with cross-outlet copies, then edits and deletions: every entry once, one cluster per story, events resumable on the other API', async () => {
    await waitUntilIngested(store, site, 'the first versions of all outlets', 150_000);
    const stream = redisKeys.entryEvents(testEnv().queuePrefix);
    const [lastBefore] = (await redis.xrevrange(stream, '+', '-', 'COUNT', 1)).map(([id]) => id);

    // Live on the first API while the edits arrive.
    const live = readEvents(`${pipeline.apiUrls[0]}/v1/stream`, { 'Last-Event-ID': lastBefore! }, (events) => events.some((e) => e.event !== 'gap'), 90_000);
    site.editSome(6);
    site.removeSome(5);
    await waitUntilIngested(store, site, 'the edits and deletions', 120_000);
    const [firstLive] = (await live).filter((e) => e.event !== 'gap');
    expect(firstLive?.id).toBeTruthy();

    await expectIngestInvariants(store, redis, testEnv().queuePrefix, site);

    // Resumed on the other API process from the id the first one gave: exactly what came after it.
    const after = (await redis.xrange(stream, `(${firstLive!.id}`, '+')).map(([id]) => id);
    expect(after.length).toBeGreaterThan(0);
    const resumed = await readEvents(`${pipeline.apiUrls[1]}/v1/stream`, { 'Last-Event-ID': firstLive!.id! }, (events) => events.length >= after.length, 30_000);
    expect(resumed.map((e) => e.id)).toEqual(after);

    for (const { healthUrl } of pipeline.processes) expect((await fetch(healthUrl!)).status).toBe(200);
  }, 420_000);
});
