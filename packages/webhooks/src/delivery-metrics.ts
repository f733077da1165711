import { Counter, Histogram, type Registry } from 'prom-client';

export class DeliveryMetrics {
  readonly deliveries: Counter<'outcome'>;
  readonly latency: Histogram;

  constructor(registry: Registry) {
    this.deliveries = new Counter({
      name: 'liveblog_webhook_deliveries_total',
      help: 'Webhook delivery attempts, by outcome: ok, failed (to be retried), dead_lettered (the last attempt failed).',
      labelNames: ['outcome'] as const,
      registers: [registry],
    });
    this.latency = new Histogram({
      name: 'liveblog_webhook_delivery_latency_seconds',
      help: 'From an entry event (the entry indexed) to its webhook delivery accepted by the receiver, retries included.',
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600],
      registers: [registry],
    });
  }
}
