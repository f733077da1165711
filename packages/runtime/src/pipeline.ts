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
/** Deletes a group's marker only if it still names the job found done (a newer backfill may have replaced it). */
const DELETE_IF_SAME = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/**
 * The lane of a job: `backfill` is bulk work nobody is waiting for yet (a source's first page, hundreds
 * of entries at once); everything else is fresh. `group` is what must stay in order across lanes (a
 * source, a liveblog): a fresh job of a group whose backfill job is still queued joins the backfill lane
 * behind it, so that one group's pages are never handled out of order.
 */
export interface Lane {
  group: string;
  backfill: boolean;
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
    const behind = lane !== undefined && (await this.behindBackfill(name, lane.group));
    const backfill = lane !== undefined && (lane.backfill || behind);
    // The group's marker moves to this job unless it names a later job still queued: a replay of an
    // earlier job must not move it back.
    const marks = backfill && (!behind || (await this.queue(name).getJobState(jobId)) === 'unknown');
    await this.queue(name).add(name, data, { ...retries, jobId, ...(backfill ? { priority: BACKFILL_PRIORITY } : {}) });
    // Set after the add: a crash in between replays the same job id, which sets it then.
    if (marks) await this.settings.connection.set(redisKeys.backfill(this.settings.prefix, name, lane.group), jobId, 'PX', BACKFILL_MARKER_MS);
    if (this.settings.replicaWait) await waitForReplicas(this.settings.connection, this.settings.replicaWait);
  }

  /** Whether the group's last backfill job in this queue is still to run (or running). */
  private async behindBackfill(name: QueueName, group: string): Promise<boolean> {
    const key = redisKeys.backfill(this.settings.prefix, name, group);
    const marked = await this.settings.connection.get(key);
    if (marked === null) return false;
    if (!DONE.has(await this.queue(name).getJobState(marked))) return true;
    await this.settings.connection.eval(DELETE_IF_SAME, 1, key, marked);
    return false;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
