import { jobId, type DeliverJob } from '@liveblog/contracts';
import { createLogger, createRedis, redisKeys, type RedisClient } from '@liveblog/runtime';
import { Store } from '@liveblog/storage';
import { testEnv } from '../../../tests/harness/env';
import { DeliveryOrder } from './delivery-order';
import { WebhookDispatcher } from './dispatcher';

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

test('two replicas dispatch every event once per matching subscription, in stream order, across a leader stopping', async () => {
  const prefix = testEnv().queuePrefix;
  const stream = redisKeys.entryEvents(prefix);
  const createdAt = new Date(Date.now() - 1_000);
  await store.webhooks.create({ _id: 'wh_00000000000000f1', url: 'https://a.example/', filters: {}, events: ['created', 'updated', 'deleted'], secret: 'whsec_AAAA', createdAt });
  await store.webhooks.create({ _id: 'wh_00000000000000f2', url: 'https://b.example/', filters: { liveblogId: 'lb_00000000000000f1' }, events: ['created'], secret: 'whsec_AAAA', createdAt });
  const enqueued: { replica: string; job: DeliverJob; id: string }[] = [];
  const replica = (name: string) =>
    new WebhookDispatcher({
      redis,
      reader: createRedis(testEnv().redisUrl),
      prefix,
      subscriptions: store.webhooks,
      entries: store.entries,
      order: new DeliveryOrder(redis, prefix),
      enqueue: async (job, id) => void enqueued.push({ replica: name, job, id }),
      logger: createLogger('test', 'silent'),
      batch: 4,
      lockMs: 1_000,
    });
  const [a, b] = [replica('a'), replica('b')];
  a.start();
  b.start();
  const published: { id: string; liveblogId: string; type: string }[] = [];
  const publish = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const k = published.length;
      const event = { type: k % 3 === 0 ? 'entry.updated' : 'entry.created', entryId: `en_${k.toString(16).padStart(16, '0')}`, liveblogId: `lb_00000000000000f${(k % 2) + 1}`, key: `k${k}`, contentHash: 'h', snapshotId: 's', indexedAt: new Date().toISOString() };
      published.push({ id: (await redis.xadd(stream, '*', 'event', JSON.stringify(event))) as string, liveblogId: event.liveblogId, type: event.type });
    }
  };
  const expected = () =>
    published.flatMap((p) => [
      jobId.deliver({ subscriptionId: 'wh_00000000000000f1', eventId: p.id }),
      ...(p.liveblogId === 'lb_00000000000000f1' && p.type === 'entry.created' ? [jobId.deliver({ subscriptionId: 'wh_00000000000000f2', eventId: p.id })] : []),
    ]);
  const dispatched = async () => {
    const deadline = Date.now() + 20_000;
    while (new Set(enqueued.map((e) => e.id)).size < expected().length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  };
  // The first leader starts at the stream's end: wait until one leads before publishing.
  while ((await redis.get(redisKeys.webhookCursor(prefix))) === null) await new Promise((r) => setTimeout(r, 50));
  await publish(10);
  await dispatched();
  const leader = enqueued[0]!.replica;
  await (leader === 'a' ? a : b).stop();
  await publish(10);
  await dispatched();
  await (leader === 'a' ? b : a).stop();

  expect(enqueued.map((e) => e.id).sort()).toEqual(expected().sort());
  // After the leader stopped, the other replica took over.
  expect(new Set(enqueued.map((e) => e.replica)).size).toBe(2);
  // In stream order, as the per-liveblog order set relies on.
  const ids = enqueued.filter((e) => e.job.subscriptionId === 'wh_00000000000000f1').map((e) => e.job.eventId);
  expect(ids).toEqual(published.map((p) => p.id));
}, 60_000);
