import type { QueueName } from '@liveblog/contracts';

/**
 * Redis key names. Each family carries a hash tag ({…}) so that keys used together by one Lua script or
 * transaction live in the same Redis Cluster slot, while different queues spread over slots.
 */
export const redisKeys = {
  queuePrefix: (prefix: string, queue: QueueName) => `${prefix}:{${queue}}`,
  entryEvents: (prefix: string) => `${prefix}:{events}:entries`,
  liveblogFingerprints: (prefix: string, liveblogId: string) => `${prefix}:{${liveblogId}}:fingerprints`,
} as const;
