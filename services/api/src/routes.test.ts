import type { Store } from '@liveblog/storage';
import { createLogger, type RedisClient } from '@liveblog/runtime';
import { createApp, type AppDeps } from './app';
import type { EventHub } from './event-hub';
import { ListingCache } from './listing-cache';
import { operations } from './operations';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** `METHOD path` of every route registered on the app, nested routers included. */
function registeredRoutes(stack: Layer[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const route = layer.route;
      return Object.keys(route.methods).filter((m) => m !== '_all').map((m) => `${m.toUpperCase()} ${route.path}`);
    }
    return layer.handle?.stack ? registeredRoutes(layer.handle.stack) : [];
  });
}

test('the operations catalogue lists exactly the routes the app registers', () => {
  // Nothing is called on these while routes are registered; the rate limiter (which would talk to Redis) is off.
  const deps: AppDeps = {
    store: {} as Store,
    readinessChecks: {},
    logger: createLogger('test', 'silent'),
    admin: { token: undefined, manager: {} as AppDeps['admin']['manager'], sources: {} as AppDeps['admin']['sources'], reparse: async () => ({ snapshotId: '', jobId: '' }), fetchLog: {} as AppDeps['admin']['fetchLog'] },
    webhooks: { webhooks: {} as AppDeps['webhooks']['webhooks'], deliveries: {} as AppDeps['webhooks']['deliveries'] },
    events: { hub: {} as EventHub, redis: {} as RedisClient },
    cache: new ListingCache(0),
    manners: { corsOrigins: [], rateLimitPerMinute: 0, redisPrefix: 'test', apiKeys: [] },
    operator: { adminToken: undefined, queues: [], registry: {} as AppDeps['operator']['registry'], tracker: {} as AppDeps['operator']['tracker'], store: {} as Store },
  };
  const app = createApp(deps) as unknown as { router: { stack: Layer[] } };
  const registered = new Set(registeredRoutes(app.router.stack));
  const catalogued = new Set(operations.map((op) => `${op.method.toUpperCase()} ${op.path}`));
  expect([...registered].sort()).toEqual([...catalogued].sort());
});
