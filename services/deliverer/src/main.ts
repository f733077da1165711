import { AddressGuard, createRedis, runService } from '@liveblog/runtime';
import { cappedBackoff, createWebhookAgent, Deliverer, DeliveryMetrics, DeliveryOrder, WebhookDispatcher } from '@liveblog/webhooks';
import { delivererConfig } from './config';

/** Deliveries in flight per replica: each mostly waits on a receiver. */
const DELIVER_CONCURRENCY = 16;

void runService({
  name: 'deliverer',
  config: delivererConfig,
  async start(ctx) {
    const { config } = ctx;
    const guard = new AddressGuard(config.WEBHOOK_ALLOWED_HOSTS, 'WEBHOOK_ALLOWED_HOSTS', 'deliver to');
    const limits = { timeoutMs: config.WEBHOOK_TIMEOUT_MS, userAgent: config.WEBHOOK_USER_AGENT };
    const agent = createWebhookAgent(guard, limits);
    const order = new DeliveryOrder(ctx.redis, config.QUEUE_PREFIX);
    const retries = { attempts: config.WEBHOOK_ATTEMPTS, backoff: { type: 'custom' } };
    const dispatcher = new WebhookDispatcher({
      redis: ctx.redis,
      // XREAD BLOCK holds its connection.
      reader: createRedis(config.REDIS_URL),
      prefix: config.QUEUE_PREFIX,
      subscriptions: ctx.store.webhooks,
      entries: ctx.store.entries,
      order,
      enqueue: (job, id) => ctx.pipeline.enqueue('deliver', job, id, { retries }),
      logger: ctx.logger,
      batch: config.WEBHOOK_DISPATCH_BATCH,
      lockMs: config.JOB_LOCK_MS,
    });
    dispatcher.start();
    const deliverer = new Deliverer({
      subscriptions: ctx.store.webhooks,
      order,
      queue: ctx.pipeline.queue('deliver'),
      agent,
      guard,
      limits,
      orderWaitMs: config.WEBHOOK_ORDER_WAIT_MS,
      metrics: new DeliveryMetrics(ctx.metrics.registry),
    });
    const backoff = cappedBackoff(config.WEBHOOK_BACKOFF_MS, config.WEBHOOK_BACKOFF_MAX_MS);
    ctx.work('deliver', deliverer.handle, DELIVER_CONCURRENCY, { backoff: (attemptsMade) => backoff(attemptsMade, Math.random()) });
    return [() => dispatcher.stop(), () => agent.close()];
  },
});
