import { Redis } from 'ioredis';

/** BullMQ workers block on Redis, so commands must wait for reconnection rather than fail after N tries. */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}
