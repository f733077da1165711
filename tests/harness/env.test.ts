import { testEnv } from './env';

describe('testEnv', () => {
  test('gives this file the run-wide servers and its own database and queue prefix', () => {
    const env = testEnv();
    expect(env.redisUrl).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(env.mongodbUrl).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    expect(env.redisUrl).not.toMatch(/:6379$/);
    expect(env.redisClusterUrl).toMatch(/^redis\+cluster:\/\/(127\.0\.0\.1:\d+,){5}127\.0\.0\.1:\d+\/$/);
    expect(env.mongodbDb).toMatch(/^t_env_[0-9a-f]{8}$/);
    expect(env.queuePrefix).toMatch(/^t-env-[0-9a-f]{8}$/);
    expect(env.env).toEqual({
      REDIS_URL: env.redisUrl,
      MONGODB_URL: env.mongodbUrl,
      MONGODB_DB: env.mongodbDb,
      QUEUE_PREFIX: env.queuePrefix,
    });
    expect(testEnv()).toBe(env);
  });

  test('a fresh module registry (another test file) gets another database', () => {
    const first = testEnv();
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const other = (require('./env') as typeof import('./env')).testEnv();
      expect(other.mongodbDb).not.toBe(first.mongodbDb);
      expect(other.queuePrefix).not.toBe(first.queuePrefix);
    });
  });

  test('explains what is missing outside the jest run', () => {
    const saved = process.env.REDIS_URL;
    delete process.env.REDIS_URL;
    try {
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        expect(() => (require('./env') as typeof import('./env')).testEnv()).toThrow(/global-setup/);
      });
    } finally {
      process.env.REDIS_URL = saved;
    }
  });
});
