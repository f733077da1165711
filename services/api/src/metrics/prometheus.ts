import type { SourceStore } from '@liveblog/storage';
import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';
import { healthOf, HEALTHS } from '../dashboard/source-list';
import { queueCounts } from './queue-counts';

/**
 * Gauges read at scrape time, so that every API replica reports the shared state of Redis and MongoDB
 * as it is now rather than a copy kept in memory.
 */
export function registerStateGauges(registry: Registry, queues: readonly Queue[], sources: Pick<SourceStore, 'list'>): void {
  new Gauge({
    name: 'liveblog_queue_jobs',
    help: 'Jobs in each pipeline queue, by state.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const [queue, byState] of Object.entries(await queueCounts(queues))) {
        for (const [state, n] of Object.entries(byState)) this.set({ queue, state }, n);
      }
    },
  });
  new Gauge({
    name: 'liveblog_sources_by_http_status',
    help: 'Sources by the HTTP status of their last fetch ("none": not fetched yet or no HTTP answer).',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of await sources.list()) this.inc({ status: String(s.status.lastHttpStatus ?? 'none') });
    },
  });
  new Gauge({
    name: 'liveblog_sources_by_health',
    help: 'Sources by health as the dashboard ranks them: failing, stale, ended, pending, ok, paused.',
    labelNames: ['health'],
    registers: [registry],
    async collect() {
      const now = new Date();
      const counts = new Map<string, number>(HEALTHS.map((h) => [h, 0]));
      for (const s of await sources.list()) {
        const health = healthOf(s, now);
        counts.set(health, (counts.get(health) ?? 0) + 1);
      }
      for (const [health, n] of counts) this.set({ health }, n);
    },
  });
}
