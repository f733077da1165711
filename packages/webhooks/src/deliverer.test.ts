import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeliverJob } from '@liveblog/contracts';
import { AddressGuard, createRedis, type RedisClient } from '@liveblog/runtime';
import type { WebhookDoc } from '@liveblog/storage';
import { DelayedError, type Job } from 'bullmq';
import { Registry } from 'prom-client';
import { Webhook } from 'standardwebhooks';
import { testEnv } from '../../../tests/harness/env';
import { Deliverer } from './deliverer';
import { DeliveryMetrics } from './delivery-metrics';
import { DeliveryOrder, type PredecessorState } from './delivery-order';
import { DeliveryError } from './errors';
import { createWebhookAgent } from './post-webhook';
import { generateSecret } from './signature';

let redis: RedisClient;
let server: Server;
let status = 204;
const received: { headers: Record<string, string>; body: string }[] = [];
beforeAll(async () => {
  redis = createRedis(testEnv().redisUrl);
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  redis.disconnect();
  await new Promise((r) => server.close(r));
});

const secret = generateSecret();
const guard = new AddressGuard(['127.0.0.1'], 'WEBHOOK_ALLOWED_HOSTS', 'deliver to');
const limits = { timeoutMs: 2_000, userAgent: 'test' };
const event = { type: 'entry.updated', entryId: 'en_00000000000000e1', liveblogId: 'lb_00000000000000e1', key: 'k', contentHash: 'h', snapshotId: 's', indexedAt: new Date().toISOString() } as const;

function setup(subscription: Partial<WebhookDoc> | null, states: Record<string, PredecessorState> = {}) {
  const registry = new Registry();
  const order = new DeliveryOrder(redis, testEnv().queuePrefix);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const deliverer = new Deliverer({
    subscriptions: { get: async () => (subscription ? ({ _id: 'x', url, secret, events: ['updated'], filters: {}, createdAt: new Date(), ...subscription } as WebhookDoc) : null) },
    order,
    queue: { getJobState: async (id: string) => states[id] ?? 'unknown' },
    agent: createWebhookAgent(guard, limits),
    guard,
    limits,
    orderWaitMs: 50,
    metrics: new DeliveryMetrics(registry),
  });
  const outcomes = async () => Object.fromEntries((await registry.getSingleMetric('liveblog_webhook_deliveries_total')!.get()).values.map((v) => [v.labels.outcome, v.value]));
  return { deliverer, order, outcomes };
}

const bullJob = (attemptsMade: number, attempts: number) => {
  const delayedTo: number[] = [];
  return { job: { attemptsMade, opts: { attempts }, moveToDelayed: async (at: number) => void delayedTo.push(at) } as unknown as Job, delayedTo };
};

test('a delivery is signed as Standard Webhooks verify it, and leaves the order set', async () => {
  status = 204;
  const sub = 'wh_00000000000000e1';
  const { deliverer, order, outcomes } = setup({ _id: sub });
  const job: DeliverJob = { subscriptionId: sub, eventId: '5-0', event };
  await order.record(sub, event.liveblogId, '5-0');
  expect(await deliverer.handle(job, bullJob(0, 3).job, 'token')).toBe('delivered');
  const last = received[received.length - 1]!;
  expect(new Webhook(secret).verify(last.body, last.headers)).toMatchObject({ type: 'entry.updated', data: { eventId: '5-0', entryId: event.entryId } });
  expect(last.headers['webhook-id']).toBe(`deliver.${sub}.5-0`);
  expect(await order.predecessor(sub, event.liveblogId, '6-0', async () => 'waiting')).toBeNull();
  expect(await outcomes()).toEqual({ ok: 1 });
});

test.each([
  ['a failed attempt with attempts left is retried and keeps its place', 0, 3, 'failed', '9-0'],
  ['the last failed attempt is a dead letter and lets the liveblog go on', 2, 3, 'dead_lettered', null],
])('%s', async (_what, attemptsMade, attempts, outcome, heldBy) => {
  status = 503;
  const sub = `wh_0000000000000${attemptsMade}e2`;
  const { deliverer, order, outcomes } = setup({ _id: sub });
  await order.record(sub, event.liveblogId, '9-0');
  await expect(deliverer.handle({ subscriptionId: sub, eventId: '9-0', event }, bullJob(attemptsMade, attempts).job, 't')).rejects.toThrow(new DeliveryError('HTTP 503'));
  expect(await order.predecessor(sub, event.liveblogId, '10-0', async () => 'delayed')).toBe(heldBy);
  expect(await outcomes()).toEqual({ [outcome]: 1 });
});

test('a delivery behind an earlier event of its liveblog waits as a delayed job, sending nothing', async () => {
  const sub = 'wh_00000000000000e3';
  const { deliverer, order } = setup({ _id: sub }, { [`deliver.${sub}.20-0`]: 'delayed' });
  await order.record(sub, event.liveblogId, '20-0');
  await order.record(sub, event.liveblogId, '21-0');
  const before = received.length;
  const { job, delayedTo } = bullJob(0, 3);
  await expect(deliverer.handle({ subscriptionId: sub, eventId: '21-0', event }, job, 't')).rejects.toThrow(DelayedError);
  expect(delayedTo).toHaveLength(1);
  expect(received).toHaveLength(before);
});

test('a removed subscription drops its deliveries', async () => {
  const { deliverer } = setup(null);
  const before = received.length;
  expect(await deliverer.handle({ subscriptionId: 'wh_00000000000000e4', eventId: '1-0', event }, bullJob(0, 3).job, 't')).toBe('subscription removed');
  expect(received).toHaveLength(before);
});

test('a target that is not public is refused by the address guard', async () => {
  const { deliverer } = setup({ _id: 'wh_00000000000000e5', url: 'http://169.254.169.254/latest/meta-data' });
  await expect(deliverer.handle({ subscriptionId: 'wh_00000000000000e5', eventId: '1-0', event }, bullJob(0, 3).job, 't')).rejects.toThrow(
    'refusing to deliver to 169.254.169.254: not a public address (allow it with WEBHOOK_ALLOWED_HOSTS)',
  );
});
