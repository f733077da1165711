import { KeyLocks, LockError, type Logger, type RedisClient } from '@liveblog/runtime';

export interface SweeperOptions {
  redis: RedisClient;
  logger: Logger;
  /** What the log calls a sweep, e.g. "retention sweep". */
  name: string;
  /** Held through a sweep: one replica sweeps at a time, the others skip their turn. */
  lockKey: string;
  /** Time between sweeps; the first comes after a random part of it, so replicas started together spread out. */
  everyMs: number;
  /** Repeatable work: a sweep killed halfway is finished by the next. What it returns is logged. */
  sweep: (now: Date) => Promise<object>;
}

/** Runs `sweep` every `everyMs` in every indexer replica, one at a time across them. Returns the closer that stops it. */
export function startSweeper(o: SweeperOptions): () => Promise<void> {
  const locks = new KeyLocks({ redis: o.redis, waitMs: 0 });
  let running: Promise<void> = Promise.resolve();
  const sweep = async () => {
    try {
      const result = await locks.holding([[o.lockKey]], () => o.sweep(new Date()));
      o.logger.info(result, o.name);
    } catch (err) {
      if (!(err instanceof LockError)) o.logger.warn({ err: err instanceof Error ? err.message : String(err) }, `${o.name} failed`);
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
