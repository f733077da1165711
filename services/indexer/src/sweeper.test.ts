import { createLogger, createRedis, redisKeys, type RedisClient } from '@liveblog/runtime';
import { Store } from '@liveblog/storage';
import { testEnv } from '../../../tests/harness/env';
import { startSweeper } from './sweeper';

let store: Store;
let redis: RedisClient;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  redis = createRedis(testEnv().redisUrl);
});
afterAll(async () => {
  await store.close();
  redis.disconnect();
});

test('replicas sweep in turns on their timers: a snapshot past the retention goes, a recent one stays', async () => {
  const put = async (id: string, fetchedAt: Date) =>
    store.snapshots.put({ id, sourceId: 'src_sweeper', url: 'https://sweeper.example/', contentType: 'text/html', contentHash: id, body: Buffer.from(id), fetchedAt });
  await put('sn_sweeper_old', new Date(Date.now() - 3 * 86_400_000));
  await put('sn_sweeper_new', new Date());
  const options = {
    redis,
    logger: createLogger('indexer', 'silent'),
    name: 'retention sweep',
    lockKey: redisKeys.retentionLock(testEnv().queuePrefix),
    everyMs: 200,
    sweep: (now: Date) => store.retention.sweep(now, 86_400_000),
  };
  const replicas = [startSweeper(options), startSweeper(options)];
  const stored = (id: string) => store.database.collections.snapshots.findOne({ _id: id });
  const deadline = Date.now() + 10_000;
  while ((await stored('sn_sweeper_old')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await Promise.all(replicas.map((stop) => stop()));
  expect(await stored('sn_sweeper_old')).toBeNull();
  expect(await stored('sn_sweeper_new')).not.toBeNull();
});
