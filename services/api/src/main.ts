import type { Server } from 'node:http';
import { createRedis, redisKeys, runService } from '@liveblog/runtime';
import { SourceManager, SourceScheduler } from '@liveblog/sources';
import { z } from 'zod';
import { createApp } from './app';
import { EventHub } from './event-hub';

void runService({
  name: 'api',
  healthServer: false,
  config: z.object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
    // Empty counts as unset, so that `ADMIN_TOKEN=` in an env file disables the admin API as expected.
    ADMIN_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'must be at least 16 characters').optional()),
  }),
  async start(ctx) {
    // XREAD BLOCK holds its connection, so the event hub reads on one of its own.
    const hub = new EventHub(createRedis(ctx.config.REDIS_URL), redisKeys.entryEvents(ctx.config.QUEUE_PREFIX), ctx.logger);
    hub.start();
    const manager = new SourceManager(ctx.store.sources, new SourceScheduler(ctx.pipeline.queue('fetch')));
    const app = createApp({
      store: ctx.store,
      readinessChecks: ctx.readiness,
      logger: ctx.logger,
      admin: { token: ctx.config.ADMIN_TOKEN, manager, sources: ctx.store.sources },
      events: { hub, redis: ctx.redis },
    });
    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(ctx.config.PORT, () => resolve(s));
      s.once('error', reject);
    });
    const address = server.address();
    ctx.logger.info({ port: typeof address === 'object' && address ? address.port : ctx.config.PORT, admin: ctx.config.ADMIN_TOKEN !== undefined }, 'api listening');
    // Open event streams never end by themselves: close them, then stop reading.
    return [() => hub.stop(), () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); })];
  },
});
