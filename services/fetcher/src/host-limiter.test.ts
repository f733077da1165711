import { createRedis } from '@liveblog/runtime';
import { testEnv } from '../../../tests/harness/env';
import { HostLimiter } from './host-limiter';

const redis = createRedis(testEnv().redisUrl);
afterAll(() => redis.quit());

let n = 0;
const freshHost = () => `host-${n++}.example`;

test('at most `concurrency` slots per host; a released slot is granted again', async () => {
  const limiter = new HostLimiter(redis, testEnv().queuePrefix, { concurrency: 2, minIntervalMs: 0, slotTtlMs: 10_000 });
  const host = freshHost();
  const a = await limiter.acquire(host);
  const b = await limiter.acquire(host);
  const c = await limiter.acquire(host);
  expect([a.granted, b.granted, c.granted]).toEqual([true, true, false]);
  expect(await limiter.acquire(freshHost())).toMatchObject({ granted: true });
  if (a.granted) await a.release();
  expect(await limiter.acquire(host)).toMatchObject({ granted: true });
});

test('the minimum interval spaces requests to one host', async () => {
  const limiter = new HostLimiter(redis, testEnv().queuePrefix, { concurrency: 10, minIntervalMs: 400, slotTtlMs: 10_000 });
  const host = freshHost();
  expect(await limiter.acquire(host)).toMatchObject({ granted: true });
  const second = await limiter.acquire(host);
  expect(second.granted).toBe(false);
  expect(!second.granted && second.retryInMs).toBeGreaterThan(300);
  await new Promise((r) => setTimeout(r, 450));
  expect(await limiter.acquire(host)).toMatchObject({ granted: true });
});

test('a slot whose holder died expires', async () => {
  const limiter = new HostLimiter(redis, testEnv().queuePrefix, { concurrency: 1, minIntervalMs: 0, slotTtlMs: 200 });
  const host = freshHost();
  expect(await limiter.acquire(host)).toMatchObject({ granted: true });
  expect(await limiter.acquire(host)).toMatchObject({ granted: false });
  await new Promise((r) => setTimeout(r, 250));
  expect(await limiter.acquire(host)).toMatchObject({ granted: true });
});

test('Retry-After closes the host for every replica', async () => {
  const prefix = testEnv().queuePrefix;
  const replicaA = new HostLimiter(redis, prefix, { concurrency: 5, minIntervalMs: 0, slotTtlMs: 10_000 });
  const otherConnection = createRedis(testEnv().redisUrl);
  const replicaB = new HostLimiter(otherConnection, prefix, { concurrency: 5, minIntervalMs: 0, slotTtlMs: 10_000 });
  const host = freshHost();
  await replicaA.backOff(host, 5_000);
  const denied = await replicaB.acquire(host);
  expect(denied.granted).toBe(false);
  expect(!denied.granted && denied.retryInMs).toBeGreaterThan(4_000);
  // A shorter Retry-After never reopens a gate closed for longer.
  await replicaB.backOff(host, 10);
  expect((await replicaA.acquire(host)).granted).toBe(false);
  await otherConnection.quit();
});
