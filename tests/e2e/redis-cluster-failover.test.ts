import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedisCluster, type RedisCluster } from '@liveblog/devstack';
import { createRedis, redisKeys, type RedisClient } from '@liveblog/runtime';
import { similarityTag } from '@liveblog/similarity';
import { Store } from '@liveblog/storage';
import { testEnv } from '../harness/env';
import { expectIngestInvariants, OutletSite, startReplicatedPipeline, waitUntilIngested, type ReplicatedPipeline } from './cluster-ingest';
import { eventually } from './pipeline-harness';
import { SeededRandom, testSeed } from './seeded-random';

/** Small, so that a replica takes over within a few seconds. */
const NODE_TIMEOUT_MS = 1_500;

describe('a Redis Cluster failover mid-ingest', () => {
  const seed = testSeed();
  const site = new OutletSite(new SeededRandom(seed), { outlets: 20, ownStories: 3, sharedStories: 6 });
  // A cluster of this file's own: killing masters of the run's shared cluster would fail other suites.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lbi-failover-'));
  let cluster: RedisCluster;
  let pipeline: ReplicatedPipeline;
  let store: Store;
  let redis: RedisClient;
  const prefix = testEnv().queuePrefix;

  beforeAll(async () => {
    process.stdout.write(`redis cluster failover: LBI_TEST_SEED=${seed}\n`);
    cluster = await startRedisCluster({ dir, masters: 3, replicasPerMaster: 1, nodeTimeoutMs: NODE_TIMEOUT_MS, appendOnly: true });
    await site.start();
    store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
    redis = createRedis(cluster.url);
    pipeline = await startReplicatedPipeline({
      redisUrl: cluster.url,
      sourcesYaml: site.sourcesYaml(5),
      replicas: 2,
      apis: 2,
      // A job counts as enqueued, and is acknowledged, only once a replica holds it. A planned poll lost
      // with its master anyway (a failed WAIT leaves it unacknowledged) is queued again by the re-arm sweep.
      env: { REDIS_WAIT_REPLICAS: '1', REDIS_WAIT_TIMEOUT_MS: '1000', FETCH_REARM_SECONDS: '10' },
    });
  }, 120_000);

  afterAll(async () => {
    await pipeline?.stop();
    await store?.close();
    redis?.disconnect();
    await cluster?.stop();
    await site.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Kills the master now serving `key`, waits for its replica to take over (noting whether readiness was
   * seen false meanwhile), then restarts the killed node and waits until it has rejoined as a replica:
   * with REDIS_WAIT_REPLICAS=1, a master without a replica holds the pipeline back.
   */
  async function failOver(key: string): Promise<{ port: number; unready: boolean }> {
    const port = await cluster.masterOf(key);
    await cluster.kill(port);
    let unready = false;
    const watching = (async () => {
      const api = pipeline.processes.find((p) => p.name === 'api')!.healthUrl!;
      const deadline = Date.now() + 20_000;
      while (!unready && Date.now() < deadline) {
        unready = (await fetch(api).then((r) => r.status).catch(() => 503)) !== 200;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await eventually(async () => ((await cluster.masterOf(key).catch(() => port)) !== port ? true : undefined), `a replica to take over ${key}`, 30_000);
    await cluster.waitHealthy(30_000);
    await watching;
    await cluster.restart(port);
    await cluster.waitHealthy(60_000);
    expect((await cluster.nodes()).find((n) => n.port === port)).toMatchObject({ role: 'replica', failed: false });
    return { port, unready };
  }

  test('SIGKILL of the master holding the fetch queue, then of one holding a {sim:…} partition, each rejoining after: every entry once, one cluster per story', async () => {
    const c = store.database.collections;
    await eventually(async () => ((await c.entries.countDocuments({})) >= 20 ? true : undefined), 'ingest under way', 120_000);
    const fetchKey = `${redisKeys.queuePrefix(prefix, 'fetch')}:fetch:wait`;
    const first = await failOver(fetchKey);
    expect(first.unready).toBe(true);

    // Every first version in, so that the entries about to be taken off a page were once shown to the pipeline.
    await waitUntilIngested(store, site, 'the first versions after the first failover', 180_000, { redis, prefix });
    // Edits and deletions in flight while the second master goes.
    site.editSome(6);
    site.removeSome(5);
    await eventually(async () => ((await c.revisions.countDocuments({})) > site.expected().size - site.removed.size ? true : undefined), 'the edits under way', 120_000);
    const simKey = `${prefix}:${similarityTag('sim', 0)}:mh:seq`;
    const second = await failOver(simKey);
    process.stdout.write(`redis cluster failover: killed ${first.port} (fetch) and ${second.port} ({sim:00})\n`);

    expect(second.unready).toBe(true);
    expect((await cluster.nodes()).filter((n) => n.role === 'master' && !n.failed)).toHaveLength(3);

    await waitUntilIngested(store, site, 'every version ingested after the failovers', 180_000, { redis, prefix });
    await expectIngestInvariants(store, redis, prefix, site);
    for (const { healthUrl } of pipeline.processes) {
      await eventually(async () => ((await fetch(healthUrl!)).status === 200 ? true : undefined), `${healthUrl} ready again`, 30_000);
    }
  }, 480_000);
});
