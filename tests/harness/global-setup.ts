/**
 * Runs once, in jest's parent process, before any test file: one private Redis and one FerretDB (fresh temp
 * dirs, free ports) for the whole run, and beside them a private Redis Cluster (3 masters, 3 replicas) for
 * the cluster suites, started at the same time. Their URLs go into process.env, which the test workers
 * inherit; read them through `testEnv()` (./env.ts). global-teardown.ts stops all of it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedisCluster, startStack, type RedisCluster, type Stack } from '../../packages/devstack/src/index';

declare global {
  // Shared with global-teardown.ts, which runs in the same process.
  var __liveblogTestStack: Stack | undefined;
  var __liveblogTestCluster: { cluster: RedisCluster; dir: string } | undefined;
}

/** Small, so that a failover on this cluster would take seconds (the failover suite starts a cluster of its own). */
const TEST_CLUSTER_NODE_TIMEOUT_MS = 1_500;

export default async function globalSetup(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'liveblog-redis-cluster-'));
  const [stack, cluster] = await Promise.allSettled([
    startStack({ persistent: false, appendOnly: false }),
    startRedisCluster({ dir, masters: 3, replicasPerMaster: 1, nodeTimeoutMs: TEST_CLUSTER_NODE_TIMEOUT_MS, appendOnly: true }),
  ]);
  if (stack.status === 'rejected' || cluster.status === 'rejected') {
    if (stack.status === 'fulfilled') await stack.value.stop();
    if (cluster.status === 'fulfilled') await cluster.value.stop();
    rmSync(dir, { recursive: true, force: true });
    throw stack.status === 'rejected' ? stack.reason : (cluster as PromiseRejectedResult).reason;
  }
  globalThis.__liveblogTestStack = stack.value;
  globalThis.__liveblogTestCluster = { cluster: cluster.value, dir };
  process.env.REDIS_URL = stack.value.redisUrl;
  process.env.MONGODB_URL = stack.value.mongodbUrl;
  process.env.TEST_REDIS_CLUSTER_URL = cluster.value.url;
}
