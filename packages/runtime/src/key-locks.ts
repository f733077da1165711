import { randomUUID } from 'node:crypto';
import { LockError } from './lock-error';
import type { RedisClient } from './redis';

/** All keys of one group or none: a holder waits for a group of which nobody else holds a key. */
const ACQUIRE = `
for _, key in ipairs(KEYS) do
  local holder = redis.call('GET', key)
  if holder and holder ~= ARGV[1] then return 0 end
end
for _, key in ipairs(KEYS) do redis.call('SET', key, ARGV[1], 'PX', ARGV[2]) end
return 1`;

/** Renews the keys if every one is still held by the token; 0 when any expired or was taken over. */
const CONFIRM = `
for _, key in ipairs(KEYS) do
  if redis.call('GET', key) ~= ARGV[1] then return 0 end
end
for _, key in ipairs(KEYS) do redis.call('PEXPIRE', key, ARGV[2]) end
return 1`;

const RELEASE = `
for _, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then redis.call('DEL', key) end
end
return 1`;

export interface KeyLocksOptions {
  redis: RedisClient;
  /** A lock whose holder died is free after this long; a living holder renews it. */
  ttlMs?: number;
  /** How long to wait for busy keys before giving up (the job is then retried). */
  waitMs?: number;
}

/**
 * Mutual exclusion between replicas over Redis keys. A holder takes its keys as groups: each group all
 * or nothing by one script (so a group's keys need one hash tag in a Redis Cluster), the groups one
 * after the other in the order given, keeping the earlier ones while it waits for the next. Holders
 * that order their groups the same way (ascending hash tag, say) only ever wait for a group above every
 * one they hold, so no circle of holders waiting for each other can form.
 *
 * A holder that dies leaves its locks to expire after `ttlMs`; a living holder renews them while it
 * waits and works. One that stalled past the expiry (a blocked event loop) notices at `confirm`, which
 * the work calls right before it writes what the lock protects.
 */
export class KeyLocks {
  private readonly redis: RedisClient;
  readonly ttlMs: number;
  private readonly waitMs: number;

  constructor(options: KeyLocksOptions) {
    this.redis = options.redis;
    this.ttlMs = options.ttlMs ?? 10_000;
    this.waitMs = options.waitMs ?? 30_000;
  }

  /**
   * Runs `work` holding every key of every group. `confirm` throws LockError if the locks were lost
   * meanwhile, and renews them otherwise.
   */
  async holding<T>(groups: readonly (readonly string[])[], work: (confirm: () => Promise<void>) => Promise<T>): Promise<T> {
    const taken = groups.filter((keys) => keys.length > 0);
    if (taken.length === 0) return work(async () => undefined);
    const token = randomUUID();
    const held: (readonly string[])[] = [];
    const renew = async () => (await Promise.all(held.map(async (keys) => (await this.redis.eval(CONFIRM, keys.length, ...keys, token, this.ttlMs)) === 1))).every(Boolean);
    let lost = false;
    const renewal = setInterval(() => {
      renew().then(
        (all) => (lost ||= !all),
        // A failed renewal proves nothing; confirm asks again.
        () => undefined,
      );
    }, Math.max(50, Math.floor(this.ttlMs / 3)));
    try {
      const deadline = Date.now() + this.waitMs;
      for (const keys of taken) {
        await this.acquire(keys, token, deadline);
        held.push(keys);
      }
      return await work(async () => {
        if (lost || !(await renew())) throw new LockError(`locks expired before the work was recorded (not renewed within ${this.ttlMs} ms)`);
      });
    } finally {
      clearInterval(renewal);
      await Promise.all(held.map((keys) => this.redis.eval(RELEASE, keys.length, ...keys, token)));
    }
  }

  private async acquire(keys: readonly string[], token: string, deadline: number): Promise<void> {
    for (;;) {
      if ((await this.redis.eval(ACQUIRE, keys.length, ...keys, token, this.ttlMs)) === 1) return;
      if (Date.now() > deadline) throw new LockError(`locks still held by another replica after ${this.waitMs} ms`);
      // Jittered, so that two waiters do not keep colliding on the same keys.
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 40));
    }
  }
}
