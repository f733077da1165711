import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { redisKeys } from './keys';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const WAIT_STEP_MS = 100;

/** Waiting for a source's lock took longer than allowed: a poll of it is still running. */
export class SourceBusyError extends Error {
  constructor(readonly sourceId: string) {
    super(`source ${sourceId} is being polled; try again shortly`);
    this.name = 'SourceBusyError';
  }
}

/**
 * One holder at a time per source, across replicas and services: a poll, or an operator's change, so
 * that neither overwrites the other's plan. The lock expires after `ttlMs`, so that a crashed holder
 * cannot block its source for longer.
 */
export class SourceLock {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  /** Runs `work` only if no one holds the source; otherwise returns 'busy' at once. */
  async tryWith<T>(sourceId: string, work: () => Promise<T>): Promise<T | 'busy'> {
    const token = randomUUID();
    if (!(await this.take(sourceId, token))) return 'busy';
    return this.holding(sourceId, token, work);
  }

  /** Runs `work` once the source is free, waiting up to `waitMs`; a SourceBusyError after that. */
  async with<T>(sourceId: string, waitMs: number, work: () => Promise<T>): Promise<T> {
    const token = randomUUID();
    const until = Date.now() + waitMs;
    while (!(await this.take(sourceId, token))) {
      if (Date.now() >= until) throw new SourceBusyError(sourceId);
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
    return this.holding(sourceId, token, work);
  }

  private async take(sourceId: string, token: string): Promise<boolean> {
    return (await this.redis.set(redisKeys.sourceLock(this.prefix, sourceId), token, 'PX', this.ttlMs, 'NX')) === 'OK';
  }

  private async holding<T>(sourceId: string, token: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } finally {
      await this.redis.eval(RELEASE, 1, redisKeys.sourceLock(this.prefix, sourceId), token);
    }
  }
}
