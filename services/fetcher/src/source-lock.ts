import { randomUUID } from 'node:crypto';
import { redisKeys, type RedisClient } from '@liveblog/runtime';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Runs `work` only if no other replica is fetching the same source; otherwise returns 'busy'. The lock
 * expires after `ttlMs` so that a crashed holder cannot block its source for longer.
 */
export async function withSourceLock<T>(redis: RedisClient, prefix: string, sourceId: string, ttlMs: number, work: () => Promise<T>): Promise<T | 'busy'> {
  const key = redisKeys.sourceLock(prefix, sourceId);
  const token = randomUUID();
  if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return 'busy';
  try {
    return await work();
  } finally {
    await redis.eval(RELEASE, 1, key, token);
  }
}
