import { randomUUID } from 'node:crypto';
import { redisKeys, type RedisClient } from '@liveblog/runtime';

export interface HostLimits {
  /** Requests in flight to one host at once, across all replicas. */
  concurrency: number;
  /** Gap between the starts of two requests to one host, across all replicas. */
  minIntervalMs: number;
  /** A slot whose holder died is freed after this long. */
  slotTtlMs: number;
}

export type SlotGrant = { granted: true; release(): Promise<void> } | { granted: false; retryInMs: number };

/**
 * Atomically: drop expired slots; wait if the host's gate (rate limit or Retry-After) is closed or all
 * slots are taken; otherwise take a slot and move the gate by the minimum interval. Uses Redis' clock
 * so that replicas on different machines agree. Returns 0 when granted, else milliseconds to wait.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, gap, ttl, token = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local gate = tonumber(redis.call('GET', KEYS[2]) or '0')
if gate > now then return gate - now end
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(50, math.min(1000, tonumber(oldest[2]) - now))
end
redis.call('ZADD', KEYS[1], now + ttl, token)
redis.call('PEXPIRE', KEYS[1], ttl)
if gap > 0 then redis.call('SET', KEYS[2], now + gap, 'PX', gap) end
return 0
`;

/** Closes the gate until now + ms unless it is already closed for longer. */
const BACK_OFF = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
if untilMs > tonumber(redis.call('GET', KEYS[1]) or '0') then redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[1])) end
return untilMs
`;

/** Per-host politeness shared by every fetcher replica through Redis. */
export class HostLimiter {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly limits: HostLimits,
  ) {}

  async acquire(host: string): Promise<SlotGrant> {
    const slots = redisKeys.hostSlots(this.prefix, host);
    const token = randomUUID();
    const wait = Number(
      await this.redis.eval(ACQUIRE, 2, slots, redisKeys.hostGate(this.prefix, host), this.limits.concurrency, this.limits.minIntervalMs, this.limits.slotTtlMs, token),
    );
    if (wait > 0) return { granted: false, retryInMs: wait };
    return { granted: true, release: async () => void (await this.redis.zrem(slots, token)) };
  }

  /** Honours a server's Retry-After for every replica. */
  async backOff(host: string, ms: number): Promise<void> {
    await this.redis.eval(BACK_OFF, 1, redisKeys.hostGate(this.prefix, host), Math.max(1, Math.round(ms)));
  }
}
