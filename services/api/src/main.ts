import type { Server } from 'node:http';
import { commaList, createRedis, redisKeys, runService, SourceLock } from '@liveblog/runtime';
import { extractorVersion } from '@liveblog/extract';
import { requestReparse, SourceManager, SourceScheduler } from '@liveblog/sources';
import { z } from 'zod';
import { createApp } from './app';
import { answerClientErrorsAsJson } from './client-error';
import { EventHub } from './event-hub';
import { ListingCache } from './listing-cache';
import { IngestTracker } from './metrics/ingest-tracker';
import { registerStateGauges } from './metrics/prometheus';
import { QueueName } from '@liveblog/contracts';

/** An operator's change of a source takes a few writes; a crashed API frees the source after this. */
const SOURCE_CHANGE_LOCK_MS = 10_000;

void runService({
  name: 'api',
  healthServer: false,
  config: z.object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
    // Empty counts as unset, so that `ADMIN_TOKEN=` in an env file disables the admin API as expected.
    ADMIN_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'must be at least 16 characters').optional()),
    CORS_ORIGINS: commaList(z.union([z.literal('*'), z.string().regex(/^https?:\/\/[^/\s]+$/, 'each must be * or an origin like https://example.org (no path)')])),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
    API_KEYS: commaList(z.string().min(16, 'each key must be at least 16 characters')),
    API_CACHE_MAX_STALE_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  }),
  async start(ctx) {
    // XREAD BLOCK holds its connection, so the event hub reads on one of its own.
    const hub = new EventHub(createRedis(ctx.config.REDIS_URL), redisKeys.entryEvents(ctx.config.QUEUE_PREFIX), ctx.logger);
    hub.start();
    const queues = QueueName.options.map((name) => ctx.pipeline.queue(name));
    const tracker = new IngestTracker(ctx.metrics.registry, ctx.store.entries, ctx.logger);
    hub.subscribe(tracker.observe);
    const cache = new ListingCache(ctx.config.API_CACHE_MAX_STALE_MS);
    hub.subscribe(cache.observe);
    registerStateGauges(ctx.metrics.registry, queues, ctx.store.sources);
    const lock = new SourceLock(ctx.redis, ctx.config.QUEUE_PREFIX, SOURCE_CHANGE_LOCK_MS);
    const manager = new SourceManager(ctx.store.sources, new SourceScheduler(ctx.pipeline.queue('fetch'), ctx.store.sources), lock);
    const app = createApp({
      store: ctx.store,
      readinessChecks: ctx.readiness,
      logger: ctx.logger,
      admin: {
        token: ctx.config.ADMIN_TOKEN,
        manager,
        sources: ctx.store.sources,
        reparse: (id) => requestReparse(ctx.store.sources, ctx.pipeline, id, extractorVersion()),
        fetchLog: ctx.store.fetchLog,
      },
      webhooks: { webhooks: ctx.store.webhooks, deliveries: ctx.pipeline.queue('deliver') },
      cache,
      events: { hub, redis: ctx.redis },
      operator: { adminToken: ctx.config.ADMIN_TOKEN, queues, registry: ctx.metrics.registry, tracker, store: ctx.store },
      manners: {
        corsOrigins: ctx.config.CORS_ORIGINS,
        rateLimitPerMinute: ctx.config.RATE_LIMIT_PER_MINUTE,
        redisPrefix: ctx.config.QUEUE_PREFIX,
        apiKeys: ctx.config.API_KEYS,
      },
    });
    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(ctx.config.PORT, () => resolve(s));
      s.once('error', reject);
    });
    answerClientErrorsAsJson(server);
    const address = server.address();
    ctx.logger.info({ port: typeof address === 'object' && address ? address.port : ctx.config.PORT, admin: ctx.config.ADMIN_TOKEN !== undefined, apiKeys: ctx.config.API_KEYS.length, rateLimitPerMinute: ctx.config.RATE_LIMIT_PER_MINUTE }, 'api listening');
    // Open event streams never end by themselves: close them, then stop reading.
    return [() => hub.stop(), () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); })];
  },
});
