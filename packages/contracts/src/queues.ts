import { z } from 'zod';
import { EntryEvent } from './events';

/**
 * The four pipeline stages, in order, then the webhook deliveries fed by the index stage's events. Each
 * is a BullMQ queue whose jobs carry ids, never page bodies.
 */
export const QueueName = z.enum(['fetch', 'parse', 'dedup', 'index', 'deliver']);
export type QueueName = z.infer<typeof QueueName>;

const id = z.string().min(1).max(200);

/**
 * One planned poll of a source: `dueAt` (epoch ms) is the plan it belongs to. Only the job whose due time
 * is the source's recorded plan polls; any other is left over from a superseded plan and ends quietly.
 */
export const FetchJob = z.object({ sourceId: id, dueAt: z.number().int().nonnegative() }).strict();
export type FetchJob = z.infer<typeof FetchJob>;

export const ParseJob = z
  .object({
    snapshotId: id,
    sourceId: id,
    /**
     * A reparse of a stored snapshot: the extractor and rules version it was asked for. Its extraction
     * is stored under its own id, so it travels through dedup and index as a new extraction.
     */
    reparse: z.string().regex(/^[0-9a-f]{1,32}$/).optional(),
  })
  .strict();
export type ParseJob = z.infer<typeof ParseJob>;

/** `snapshotId` names the extraction: the snapshot's id, or for a reparse the id `extractionId` gives it. */
export const DedupJob = z.object({ snapshotId: id, liveblogId: id }).strict();
export type DedupJob = z.infer<typeof DedupJob>;

export const IndexJob = z
  .object({
    snapshotId: id,
    liveblogId: id,
    /** Entry keys of the extraction that are new or changed since the last indexed version. */
    entryKeys: z.array(id).max(10_000),
    /**
     * Keys last forwarded but missing from this extraction, which the deduplicator judged a complete
     * page. Defaults to none so that jobs enqueued before the field existed still validate.
     */
    deletedKeys: z.array(id).max(10_000).default([]),
    /**
     * The story cluster across outlets of each forwarded entry, by entry key. Defaults to none so that
     * jobs enqueued before the field existed still validate; their entries keep any stored cluster.
     */
    clusters: z.record(id, id).default({}),
  })
  .strict();
export type IndexJob = z.infer<typeof IndexJob>;

/** A Redis stream id (`<ms>-<seq>`) of the entry event stream. */
export const StreamId = z.string().regex(/^\d{1,15}-\d{1,10}$/, 'must be a stream id like 1764503000000-0');

/** One entry event to one webhook subscription. `eventId` is the event's id on the entry event stream. */
export const DeliverJob = z
  .object({
    subscriptionId: z.string().regex(/^wh_[0-9a-f]{16}$/),
    eventId: StreamId,
    event: EntryEvent,
  })
  .strict();
export type DeliverJob = z.infer<typeof DeliverJob>;

export const JobPayload = {
  fetch: FetchJob,
  parse: ParseJob,
  dedup: DedupJob,
  index: IndexJob,
  deliver: DeliverJob,
} as const satisfies Record<QueueName, z.ZodType>;

export type JobPayloadOf<Q extends QueueName> = z.infer<(typeof JobPayload)[Q]>;

/**
 * Deterministic job ids make every enqueue idempotent: adding the same work twice is a no-op while the
 * first job is still known to Redis. BullMQ forbids ':' in custom ids, hence '.'.
 */
export const jobId = {
  /** One job per source and due time: re-adding a planned poll is a no-op, so no chain forks. */
  fetch: (job: FetchJob) => `fetch.${job.sourceId}.${job.dueAt}`,
  parse: (job: ParseJob) => (job.reparse ? `parse.${job.snapshotId}.${job.reparse}` : `parse.${job.snapshotId}`),
  dedup: (job: DedupJob) => `dedup.${job.snapshotId}`,
  index: (job: IndexJob) => `index.${job.snapshotId}`,
  /** One delivery per event and subscription: replaying the event stream enqueues nothing twice. */
  deliver: (job: Pick<DeliverJob, 'subscriptionId' | 'eventId'>) => `deliver.${job.subscriptionId}.${job.eventId}`,
} as const;

/** Where a parse job's extraction is stored: the snapshot's id, or for a reparse one of its own per version. */
export const extractionId = (job: Pick<ParseJob, 'snapshotId' | 'reparse'>) => (job.reparse ? `${job.snapshotId}.${job.reparse}` : job.snapshotId);
