import { JobPayload, QueueName, type JobPayloadOf } from '@liveblog/contracts';
import { Queue, type DefaultJobOptions, type Job, type JobsOptions } from 'bullmq';
import type { BullMQOtel } from 'bullmq-otel';
import { redisKeys } from './keys';
import { waitForReplicas, type RedisClient, type ReplicaWait } from './redis';

/** Retries with exponential backoff; finished jobs are kept a while so that re-adding one is a no-op. */
export const defaultJobOptions: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

/**
 * BullMQ takes a job from the plain waiting list first and from the prioritized set only when that list
 * is empty: backfill jobs carry a priority, fresh ones none, so a queue of backfill never holds back a
 * fresh job queued after it, while backfill jobs keep their order among themselves.
 */
const BACKFILL_PRIORITY = 1;
/** A marker outlives any backfill job it points at: one a crash left behind costs one lookup until then. */
const BACKFILL_MARKER_MS = 24 * 3_600_000;
/** Job states after which a backfill job no longer holds its group's jobs in the backfill lane. */
const DONE = new Set(['completed', 'failed', 'unknown']);
/**
 * Deletes the named parts of a group's marker that still name the job found done (a newer backfill job
 * may have taken some of them over meanwhile). KEYS[1] the marker, ARGV[1] the job, ARGV[2..] the parts.
 */
const DELETE_PARTS_IF_SAME = `
for i = 2, #ARGV do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[1] then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
return 0`;

/**
 * The lane of a job: `backfill` is bulk work nobody is waiting for yet (a source's first page, hundreds
 * of entries at once); everything else is fresh. `group` is what must stay in order across lanes (a
 * source, a liveblog): a fresh job of a group whose backfill job is still queued joins the backfill lane
 * behind it, so that one group's pages are never handled out of order.
 * `parts` narrows that, for a stage whose jobs of one group commute unless they touch the same part (the
 * indexer: one liveblog's jobs about different entries may run in any order): a fresh job then joins the
 * backfill lane only behind a queued backfill job that touches one of its parts. A change that brings new
 * entries to a liveblog whose first page is still queued is fresh work, not the last of a bulk.
 * Without `parts`, the whole group is one part; a queue's jobs of one group either all name parts or none.
 */
export interface Lane {
  group: string;
  backfill: boolean;
  parts?: readonly string[];
}

/** How one job is enqueued beyond its id. */
export interface EnqueueOptions {
  lane?: Lane;
  retries?: Pick<JobsOptions, 'attempts' | 'backoff'>;
}

/** Whether a job was queued in the backfill lane: the lane its follow-up work should take. */
export const isBackfill = (job: Pick<Job, 'opts'>): boolean => (job.opts.priority ?? 0) > 0;

export interface QueueSettings {
  connection: RedisClient;
  prefix: string;
  telemetry: BullMQOtel;
  /** Replicas that must hold a job before enqueue returns (default none). */
  replicaWait?: ReplicaWait;
}

export function createQueue(name: QueueName, s: QueueSettings): Queue {
  return new Queue(name, {
    connection: s.connection,
    prefix: redisKeys.queuePrefix(s.prefix, name),
    telemetry: s.telemetry,
    defaultJobOptions,
  });
}

/** The producer side of the pipeline: validates every payload before it reaches Redis. */
export class Pipeline {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly settings: QueueSettings) {}

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = createQueue(name, this.settings);
      this.queues.set(name, q);
    }
    return q;
  }

  /**
   * Adds a job under a deterministic id: while a job with that id is known, adding it again is a no-op.
   * With a replica wait, returns only once replicas hold the job: callers mark their work done after
   * this (fingerprints, source status), and a failover must not lose a job whose sender counts it sent.
   * `lane` puts a stage's job in the fresh or the backfill lane; `retries` overrides the default attempts
   * and backoff (webhook deliveries have their own).
   */
  async enqueue<Q extends QueueName>(name: Q, payload: JobPayloadOf<Q>, jobId: string, { lane, retries }: EnqueueOptions = {}): Promise<void> {
    const data = JobPayload[name].parse(payload);
    const marker = lane && { key: redisKeys.backfill(this.settings.prefix, name, lane.group), parts: lane.parts ?? [lane.group] };
    const behind = marker !== undefined && (await this.behindBackfill(name, marker.key, marker.parts));
    const backfill = lane !== undefined && (lane.backfill || behind);
    // The parts' marker moves to this job unless it names a later job still queued: a replay of an
    // earlier job must not move it back.
    const marks = marker !== undefined && backfill && marker.parts.length > 0 && (!behind || (await this.queue(name).getJobState(jobId)) === 'unknown');
    await this.queue(name).add(name, data, { ...retries, jobId, ...(backfill ? { priority: BACKFILL_PRIORITY } : {}) });
    // Set after the add: a crash in between replays the same job id, which sets it then.
    if (marks) {
      await this.settings.connection
        .multi()
        .hset(marker.key, Object.fromEntries(marker.parts.map((part) => [part, jobId])))
        .pexpire(marker.key, BACKFILL_MARKER_MS)
        .exec();
    }
    if (this.settings.replicaWait) await waitForReplicas(this.settings.connection, this.settings.replicaWait);
  }

  /** Whether a backfill job that touches one of these parts of the group is still to run (or running). */
  private async behindBackfill(name: QueueName, key: string, parts: readonly string[]): Promise<boolean> {
    if (parts.length === 0) return false;
    const marked = await this.settings.connection.hmget(key, ...parts);
    const byJob = new Map<string, string[]>();
    marked.forEach((job, i) => job !== null && byJob.set(job, [...(byJob.get(job) ?? []), parts[i]!]));
    let behind = false;
    for (const [job, itsParts] of byJob) {
      if (!DONE.has(await this.queue(name).getJobState(job))) behind = true;
      else await this.settings.connection.eval(DELETE_PARTS_IF_SAME, 1, key, job, ...itsParts);
    }
    return behind;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
