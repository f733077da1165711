import { JobPayload, type JobPayloadOf, type QueueName } from '@liveblog/contracts';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { InvalidJobError } from './errors';
import type { Metrics } from './metrics';
import type { QueueSettings } from './pipeline';
import { redisKeys } from './keys';
import { waitForReplicas } from './redis';

export interface StageWorkerOptions extends QueueSettings {
  concurrency: number;
  lockMs: number;
  logger: Logger;
  metrics: Metrics;
}

/** `token` is the worker's lock on the job, needed to move it (e.g. `job.moveToDelayed(at, token)`). */
export type StageHandler<Q extends QueueName> = (payload: JobPayloadOf<Q>, job: Job, token: string | undefined) => Promise<unknown>;

/**
 * A BullMQ worker for one stage. Payloads are validated against the contract before the handler runs;
 * a crashed replica's jobs return to the queue once their lock expires (stalled-job recovery).
 */
export function startStageWorker<Q extends QueueName>(queue: Q, handler: StageHandler<Q>, o: StageWorkerOptions): Worker {
  const worker = new Worker(
    queue,
    async (job: Job, token?: string) => {
      const parsed = JobPayload[queue].safeParse(job.data);
      if (!parsed.success) {
        throw new UnrecoverableError(new InvalidJobError(queue, job.id, parsed.error.message).message);
      }
      const stop = o.metrics.jobSeconds.startTimer({ queue });
      try {
        const result = await handler(parsed.data as JobPayloadOf<Q>, job, token);
        // What the job wrote (events, fingerprints) on replicas before BullMQ marks it completed.
        if (o.replicaWait) await waitForReplicas(o.connection, o.replicaWait);
        o.metrics.jobs.inc({ queue, outcome: 'completed' });
        return result;
      } catch (err) {
        // A job moved back to the delayed set (e.g. its host is busy) has not failed.
        o.metrics.jobs.inc({ queue, outcome: err instanceof DelayedError ? 'delayed' : 'failed' });
        throw err;
      } finally {
        stop();
      }
    },
    {
      connection: o.connection,
      prefix: redisKeys.queuePrefix(o.prefix, queue),
      telemetry: o.telemetry,
      concurrency: o.concurrency,
      lockDuration: o.lockMs,
      stalledInterval: Math.max(1_000, Math.floor(o.lockMs / 2)),
      // A job is lost to 'failed' only after this many crashes of the replicas holding it.
      maxStalledCount: 10,
      autorun: true,
    },
  );
  worker.on('failed', (job, err) => {
    o.logger.warn({ queue, jobId: job?.id, attemptsMade: job?.attemptsMade, err: err.message }, 'job failed');
  });
  worker.on('error', (err) => o.logger.error({ queue, err: err.message }, 'worker error'));
  return worker;
}
