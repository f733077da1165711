import type { QueueName } from '@liveblog/contracts';

/**
 * Redis key names. Each family carries a hash tag ({…}) so that keys used together by one Lua script or
 * transaction live in the same Redis Cluster slot, while different queues spread over slots.
 */
export const redisKeys = {
  queuePrefix: (prefix: string, queue: QueueName) => `${prefix}:{${queue}}`,
  entryEvents: (prefix: string) => `${prefix}:{events}:entries`,
  /** Set with an event's announcement, in its stream's slot: a replay of the same announcement finds it. */
  entryEventSent: (prefix: string, eventKey: string) => `${prefix}:{events}:sent:${eventKey}`,
  liveblogFingerprints: (prefix: string, liveblogId: string) => `${prefix}:{${liveblogId}}:fingerprints`,
  /** When each live entry of a liveblog sorts (ms), beside its fingerprints and changed with them. */
  liveblogEntryAges: (prefix: string, liveblogId: string) => `${prefix}:{${liveblogId}}:ages`,
  /** Fetch slots currently held on one host, by any fetcher replica. */
  hostSlots: (prefix: string, host: string) => `${prefix}:{host:${host}}:slots`,
  /** The earliest time the next request to one host may start (rate limit and Retry-After). */
  hostGate: (prefix: string, host: string) => `${prefix}:{host:${host}}:gate`,
  hostRobots: (prefix: string, host: string) => `${prefix}:{host:${host}}:robots`,
  /**
   * Held while one replica decides the story clusters of entries with this MinHash band value. The tag
   * is the band's partition (`{simlock:07}`, see the similarity package), beside its index keys `{sim:07}`.
   */
  similarityBandLock: (prefix: string, partitionTag: string, band: number, value: string) => `${prefix}:${partitionTag}:${band}:${value}`,
  /**
   * Held while one replica indexes a snapshot of one liveblog: its index jobs run one at a time, so the
   * version guard is a read by _id and the write filters on _id alone (see EntryStore.index).
   */
  liveblogIndexLock: (prefix: string, liveblogId: string) => `${prefix}:{${liveblogId}}:indexing`,
  /** Held while one indexer replica sweeps old snapshots. */
  retentionLock: (prefix: string) => `${prefix}:{retention}:sweeping`,
  /** Held while one indexer replica folds finished hours' search postings. */
  foldLock: (prefix: string) => `${prefix}:{fold}:folding`,
  /** Where the webhook dispatcher has read the entry event stream to, beside the stream. */
  webhookCursor: (prefix: string) => `${prefix}:{events}:webhook-cursor`,
  /** Held by the one deliverer replica that turns entry events into delivery jobs. */
  webhookDispatchLock: (prefix: string) => `${prefix}:{events}:webhook-dispatching`,
  /** The events of one liveblog still to deliver to one subscription, oldest first (see DeliveryOrder). */
  webhookOrder: (prefix: string, subscriptionId: string, liveblogId: string) => `${prefix}:{wh:${subscriptionId}:${liveblogId}}:order`,
  /**
   * By part of a group (an entry of a liveblog; the group itself when its jobs name no parts), the last
   * backfill job in one queue that touches it, while it may still be queued (see Lane). A hash: not the
   * `:backfill:` string of one job per group that came before it.
   */
  backfill: (prefix: string, queue: QueueName, group: string) => `${prefix}:{${group}}:backfill-parts:${queue}`,
  /** Held while one replica fetches one source. */
  sourceLock: (prefix: string, sourceId: string) => `${prefix}:{${sourceId}}:fetching`,
} as const;
