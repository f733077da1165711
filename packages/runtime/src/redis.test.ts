import { Cluster, Redis } from 'ioredis';
import { testEnv } from '../../../tests/harness/env';
import { ConfigError } from './config';
import { ReplicationError } from './errors';
import { createRedis, parseClusterUrl, redisReady, waitForReplicas } from './redis';

describe('parseClusterUrl', () => {
  test.each([
    ['redis+cluster://a:7000,b:7001/', { nodes: [{ host: 'a', port: 7000 }, { host: 'b', port: 7001 }], tls: false }],
    ['redis+cluster://10.0.0.1:7000', { nodes: [{ host: '10.0.0.1', port: 7000 }], tls: false }],
    ['rediss+cluster://:s%40cret@a:7000,b/', { nodes: [{ host: 'a', port: 7000 }, { host: 'b', port: 6379 }], password: 's@cret', tls: true }],
    ['redis+cluster://app:pw@[::1]:7000/', { nodes: [{ host: '::1', port: 7000 }], username: 'app', password: 'pw', tls: false }],
  ])('%s', (url, want) => {
    expect(parseClusterUrl(url)).toEqual(want);
  });

  test('a plain URL is not a cluster; a cluster URL with a database or a bad seed is refused', () => {
    expect(parseClusterUrl('redis://a:6379/0')).toBeNull();
    expect(() => parseClusterUrl('redis+cluster://a:7000/0')).toThrow(ConfigError);
    expect(() => parseClusterUrl('redis+cluster://a:x7000/')).toThrow(ConfigError);
  });

});

describe('clients from REDIS_URL', () => {
  test('one Redis: a plain client, ready on PING; WAIT for a replica it does not have fails in time', async () => {
    const redis = createRedis(testEnv().redisUrl);
    try {
      expect(redis).toBeInstanceOf(Redis);
      await redisReady(redis);
      await redis.set(`${testEnv().queuePrefix}:k`, '1');
      await waitForReplicas(redis, { replicas: 0, timeoutMs: 10 });
      await expect(waitForReplicas(redis, { replicas: 1, timeoutMs: 50 })).rejects.toThrow(ReplicationError);
    } finally {
      redis.disconnect();
    }
  });

  test('a cluster: keys of every slot, ready while every slot is served, writes confirmed by a replica of each master', async () => {
    const redis = createRedis(testEnv().redisClusterUrl);
    try {
      expect(redis).toBeInstanceOf(Cluster);
      await redisReady(redis);
      const keys = Array.from({ length: 30 }, (_, i) => `${testEnv().queuePrefix}:{k${i}}`);
      await Promise.all(keys.map((key, i) => redis.set(key, String(i))));
      expect(await Promise.all(keys.map((key) => redis.get(key)))).toEqual(keys.map((_, i) => String(i)));
      await waitForReplicas(redis, { replicas: 1, timeoutMs: 2_000 });
      await expect(waitForReplicas(redis, { replicas: 2, timeoutMs: 50 })).rejects.toThrow(ReplicationError);
      expect((redis as Cluster).nodes('master')).toHaveLength(3);
    } finally {
      redis.disconnect();
    }
  });
});
