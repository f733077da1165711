import { jobId, type DeliverJob } from '@liveblog/contracts';
import type { AddressGuard } from '@liveblog/runtime';
import type { WebhookStore } from '@liveblog/storage';
import { DelayedError, type Job, type Queue } from 'bullmq';
import type { Agent } from 'undici';
import type { DeliveryMetrics } from './delivery-metrics';
import type { DeliveryOrder } from './delivery-order';
import { deliveryBody } from './payload';
import { postWebhook, type PostLimits } from './post-webhook';
import { signedHeaders } from './signature';

export interface DelivererOptions {
  subscriptions: Pick<WebhookStore, 'get'>;
  order: DeliveryOrder;
  /** The deliver queue, to ask what an earlier event's delivery is doing. */
  queue: Pick<Queue, 'getJobState'>;
  agent: Agent;
  guard: AddressGuard;
  limits: PostLimits;
  /** How long a delivery waits before it looks again whether its predecessor is through. */
  orderWaitMs: number;
  metrics: DeliveryMetrics;
}

/**
 * Handles one delivery job: waits (as a delayed job, costing no attempt) while an earlier event of the
 * same liveblog is still to be delivered to the subscriber, then POSTs the signed event. A failure is
 * thrown for BullMQ to retry with backoff; the last attempt's failure leaves the job failed, which is
 * the dead-letter list, and lets the liveblog's later events go.
 */
export class Deliverer {
  constructor(private readonly o: DelivererOptions) {}

  readonly handle = async (job: DeliverJob, bull: Job, token: string | undefined): Promise<string> => {
    const { o } = this;
    const { subscriptionId, eventId, event } = job;
    const subscription = await o.subscriptions.get(subscriptionId);
    if (!subscription) {
      await o.order.done(subscriptionId, event.liveblogId, eventId);
      return 'subscription removed';
    }
    const waitFor = await o.order.predecessor(subscriptionId, event.liveblogId, eventId, (earlier) => o.queue.getJobState(jobId.deliver({ subscriptionId, eventId: earlier })));
    if (waitFor !== null) {
      await bull.moveToDelayed(Date.now() + o.orderWaitMs, token);
      throw new DelayedError(`waiting for event ${waitFor}`);
    }
    const id = jobId.deliver(job);
    const body = deliveryBody(eventId, event);
    try {
      await postWebhook(subscription.url, signedHeaders(subscription.secret, id, Math.floor(Date.now() / 1000), body), body, o.agent, o.guard, o.limits);
    } catch (err) {
      const last = bull.attemptsMade + 1 >= (bull.opts.attempts ?? 1);
      if (last) await o.order.done(subscriptionId, event.liveblogId, eventId);
      o.metrics.deliveries.inc({ outcome: last ? 'dead_lettered' : 'failed' });
      throw err;
    }
    await o.order.done(subscriptionId, event.liveblogId, eventId);
    o.metrics.deliveries.inc({ outcome: 'ok' });
    o.metrics.latency.observe((Date.now() - Date.parse(event.indexedAt)) / 1000);
    return 'delivered';
  };
}
