import { z } from 'zod';

/** The four pipeline stages, in order. Each is a BullMQ queue whose jobs carry ids, never page bodies. */
export const QueueName = z.enum(['fetch', 'parse', 'dedup', 'index']);
export type QueueName = z.infer<typeof QueueName>;

const id = z.string().min(1).max(200);

/**
 * One planned poll of a source: `dueAt` (epoch ms) is the plan it belongs to. Only the job whose due time
 * is the source's recorded plan polls; any other is left over from a superseded plan and ends quietly.
 */
export const FetchJob = z.object({ sourceId: id, dueAt: z.number().int().nonnegative() }).strict();
export type FetchJob = z.infer<typeof FetchJob>;

export const ParseJob = z.object({ snapshotId: id, sourceId: id }).strict();
export type ParseJob = z.infer<typeof ParseJob>;

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

export const JobPayload = {
  fetch: FetchJob,
  parse: ParseJob,
  dedup: DedupJob,
  index: IndexJob,
} as const satisfies Record<QueueName, z.ZodType>;

export type JobPayloadOf<Q extends QueueName> = z.infer<(typeof JobPayload)[Q]>;

/**
 * Deterministic job ids make every enqueue idempotent: adding the same work twice is a no-op while the
 * first job is still known to Redis. BullMQ forbids ':' in custom ids, hence '.'.
 */
export const jobId = {
  /** One job per source and due time: re-adding a planned poll is a no-op, so no chain forks. */
  fetch: (job: FetchJob) => `fetch.${job.sourceId}.${job.dueAt}`,
  parse: (job: ParseJob) => `parse.${job.snapshotId}`,
  dedup: (job: DedupJob) => `dedup.${job.snapshotId}`,
  index: (job: IndexJob) => `index.${job.snapshotId}`,
} as const;
