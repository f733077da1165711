import { KeyLocks, LockError, redisKeys, type Logger, type RedisClient } from '@liveblog/runtime';
import type { Store } from '@liveblog/storage';

export interface SweeperOptions {
  store: Store;
  redis: RedisClient;
  prefix: string;
  logger: Logger;
  retentionMs: number;
  /** Time between sweeps; the first comes after a random part of it, so replicas started together spread out. */
  everyMs: number;
}

/**
 * Sweeps old snapshots and extractions (SnapshotRetention) every `everyMs`, in every indexer replica;
 * a Redis lock lets one sweep run at a time and the others skip their turn. A sweep is repeatable, so
 * one killed halfway is finished by the next. Returns the closer that stops it.
 */
export function startRetentionSweeper(o: SweeperOptions): () => Promise<void> {
  const locks = new KeyLocks({ redis: o.redis, waitMs: 0 });
  let running: Promise<void> = Promise.resolve();
  const sweep = async () => {
    try {
      const result = await locks.holding([[redisKeys.retentionLock(o.prefix)]], () => o.store.retention.sweep(new Date(), o.retentionMs));
      o.logger.info(result, 'retention sweep');
    } catch (err) {
      if (!(err instanceof LockError)) o.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'retention sweep failed');
    }
  };
  let timer = setTimeout(function next() {
    running = sweep();
    timer = setTimeout(next, o.everyMs);
  }, Math.random() * o.everyMs);
  return async () => {
    clearTimeout(timer);
    await running;
  };
}
