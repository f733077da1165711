import { isCluster, type RedisClient } from '@liveblog/runtime';

/**
 * KEYS on one server, or on every master of a cluster (KEYS sent to a cluster client reaches one node).
 * For tests only: KEYS walks the whole keyspace.
 */
export async function keysMatching(redis: RedisClient, pattern: string): Promise<string[]> {
  if (!isCluster(redis)) return redis.keys(pattern);
  const perNode = await Promise.all(redis.nodes('master').map((node) => node.keys(pattern)));
  return perNode.flat().sort();
}

/** DEL of keys that may lie in different slots: one command per key on a cluster. */
export async function deleteKeys(redis: RedisClient, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  if (!isCluster(redis)) {
    await redis.del(...keys);
    return;
  }
  await Promise.all(keys.map((key) => redis.del(key)));
}
