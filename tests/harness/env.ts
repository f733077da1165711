import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** Where a test file's code should connect, isolated from every other test file of the same run. */
export interface TestEnv {
  redisUrl: string;
  /** The run's private Redis Cluster (`redis+cluster://…`), for the cluster suites; never failed over. */
  redisClusterUrl: string;
  mongodbUrl: string;
  /** A database of this test file's own. */
  mongodbDb: string;
  /** A BullMQ key prefix of this test file's own, so parallel files never share queues. */
  queuePrefix: string;
  /** The same as environment variables, for spawning a service: REDIS_URL, MONGODB_URL, MONGODB_DB, QUEUE_PREFIX. */
  env: Record<string, string>;
}

let cached: TestEnv | undefined;

/**
 * The private Redis and FerretDB of this jest run (started by global-setup.ts), with a database name and
 * queue prefix unique to the calling test file. Jest gives every test file its own module registry, so the
 * value is stable within a file and different between files.
 */
export function testEnv(): TestEnv {
  if (cached) return cached;
  const redisUrl = process.env.REDIS_URL;
  const mongodbUrl = process.env.MONGODB_URL;
  const redisClusterUrl = process.env.TEST_REDIS_CLUSTER_URL;
  if (!redisUrl || !mongodbUrl || !redisClusterUrl) {
    throw new Error(
      'REDIS_URL / MONGODB_URL / TEST_REDIS_CLUSTER_URL are not set: tests/harness/global-setup.ts starts Redis, FerretDB and a Redis Cluster for the run. ' +
        'Run tests through jest from the repository root (npm test, or npx jest <path>) so jest.config.js applies.',
    );
  }
  const suffix = randomBytes(4).toString('hex');
  const slug = testFileSlug();
  const mongodbDb = `t_${slug}_${suffix}`;
  const queuePrefix = `t-${slug}-${suffix}`;
  cached = {
    redisUrl,
    redisClusterUrl,
    mongodbUrl,
    mongodbDb,
    queuePrefix,
    env: { REDIS_URL: redisUrl, MONGODB_URL: mongodbUrl, MONGODB_DB: mongodbDb, QUEUE_PREFIX: queuePrefix },
  };
  return cached;
}

/** A short, database-name-safe label for the current test file, e.g. "normalize" for normalize.test.ts. */
function testFileSlug(): string {
  const state = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect?.getState?.();
  const file = state?.testPath ? path.basename(state.testPath).replace(/\.test\.[cm]?[jt]sx?$/, '') : 'test';
  return file.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 24) || 'test';
}
