import type { Server } from 'node:http';
import { runService } from '@liveblog/runtime';
import { z } from 'zod';
import { createApp } from './app';

void runService({
  name: 'api',
  healthServer: false,
  config: z.object({ PORT: z.coerce.number().int().min(0).max(65_535).default(8080) }),
  async start(ctx) {
    const app = createApp({ store: ctx.store, readinessChecks: ctx.readiness, logger: ctx.logger });
    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(ctx.config.PORT, () => resolve(s));
      s.once('error', reject);
    });
    const address = server.address();
    ctx.logger.info({ port: typeof address === 'object' && address ? address.port : ctx.config.PORT }, 'api listening');
    return [() => new Promise<void>((resolve) => server.close(() => resolve()))];
  },
});
