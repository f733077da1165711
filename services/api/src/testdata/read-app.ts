import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger, type RedisClient } from '@liveblog/runtime';
import type { Store } from '@liveblog/storage';
import { createApp, type AppDeps } from '../app';
import type { EventHub } from '../event-hub';
import type { ListingCache } from '../listing-cache';

/**
 * For tests: the app on a free port of 127.0.0.1 over a real store, exercising the read routes only
 * (nothing is called on the admin and operator parts, and the rate limiter is off).
 */
export async function readApp(store: Store, cache: ListingCache): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const deps: AppDeps = {
    store,
    readinessChecks: {},
    logger: createLogger('test', 'silent'),
    admin: { token: undefined, manager: {} as AppDeps['admin']['manager'], sources: {} as AppDeps['admin']['sources'], reparse: () => Promise.reject(new Error('not used')), fetchLog: {} as AppDeps['admin']['fetchLog'] },
    webhooks: { webhooks: {} as AppDeps['webhooks']['webhooks'], deliveries: {} as AppDeps['webhooks']['deliveries'] },
    events: { hub: {} as EventHub, redis: {} as RedisClient },
    cache,
    manners: { corsOrigins: [], rateLimitPerMinute: 0, redisPrefix: 'test', apiKeys: [] },
    operator: { adminToken: undefined, queues: [], registry: {} as AppDeps['operator']['registry'], tracker: {} as AppDeps['operator']['tracker'], store },
  };
  const server = createApp(deps).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
