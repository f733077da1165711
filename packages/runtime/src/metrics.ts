import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  readonly jobs = new Counter({
    name: 'liveblog_jobs_total',
    help: 'Jobs processed by this service, by queue and outcome.',
    labelNames: ['queue', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly jobSeconds = new Histogram({
    name: 'liveblog_job_duration_seconds',
    help: 'Time spent processing one job.',
    labelNames: ['queue'] as const,
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly workerRestarts = new Counter({
    name: 'liveblog_worker_restarts_total',
    help: 'Stage workers replaced because they took no job while work was ready (a wedged Redis connection).',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }
}
