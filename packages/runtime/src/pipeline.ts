import { JobPayload, QueueName, type JobPayloadOf } from '@liveblog/contracts';
import { Queue, type DefaultJobOptions, type JobsOptions } from 'bullmq';
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
   * `retries` overrides the default attempts and backoff (webhook deliveries have their own).
   */
  async enqueue<Q extends QueueName>(name: Q, payload: JobPayloadOf<Q>, jobId: string, retries?: Pick<JobsOptions, 'attempts' | 'backoff'>): Promise<void> {
    const data = JobPayload[name].parse(payload);
    await this.queue(name).add(name, data, { ...retries, jobId });
    if (this.settings.replicaWait) await waitForReplicas(this.settings.connection, this.settings.replicaWait);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
