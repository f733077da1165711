import { JobPayload, type JobPayloadOf, type QueueName } from '@liveblog/contracts';
import { DelayedError, UnrecoverableError, Worker, type Job, type Queue } from 'bullmq';
import type { Logger } from 'pino';
import { InvalidJobError } from './errors';
import type { Metrics } from './metrics';
import { createQueue, type QueueSettings } from './pipeline';
import { redisKeys } from './keys';
import { waitForReplicas } from './redis';

/**
 * How a worker notices that it stopped taking jobs: every `checkMs`, while it holds none, it looks for
 * work that has been ready for `stuckMs` (a waiting or prioritized job, or a delayed one that long overdue).
 */
export interface Liveness {
  checkMs: number;
  stuckMs: number;
}

const DEFAULT_LIVENESS: Liveness = { checkMs: 5_000, stuckMs: 30_000 };
/** A replaced worker's closing is awaited this long at most, as it may never finish. */
const STUCK_CLOSE_MS = 5_000;

export interface StageWorkerOptions extends QueueSettings {
  concurrency: number;
  lockMs: number;
  logger: Logger;
  metrics: Metrics;
  liveness?: Liveness;
  /** The delay before retry number `attemptsMade`, for jobs added with `backoff: { type: 'custom' }`. */
  backoff?: (attemptsMade: number) => number;
}

/** `token` is the worker's lock on the job, needed to move it (e.g. `job.moveToDelayed(at, token)`). */
export type StageHandler<Q extends QueueName> = (payload: JobPayloadOf<Q>, job: Job, token: string | undefined) => Promise<unknown>;

/**
 * A BullMQ worker for one stage. Payloads are validated against the contract before the handler runs;
 * a crashed replica's jobs return to the queue once their lock expires (stalled-job recovery).
 *
 * A worker whose blocking connection wedges takes no job again and reports nothing: after a Redis Cluster
 * failover, a test saw both fetcher replicas idle for minutes beside 20 overdue delayed jobs, with no
 * error and the other stages working. So the worker watches for ready work it does not take and, after
 * `stuckMs`, replaces its BullMQ worker with a new one on fresh connections
 * (`liveblog_worker_restarts_total`).
 */
export class StageWorker<Q extends QueueName> {
  private worker: Worker;
  private readonly probe: Queue;
  private readonly liveness: Liveness;
  private readonly timer: NodeJS.Timeout;
  private checking: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private lastStartedAt = Date.now();
  /** Since when every check has seen a waiting job, while this worker held none. */
  private waitingSince: number | null = null;
  private closing = false;

  constructor(
    private readonly queue: Q,
    private readonly handler: StageHandler<Q>,
    private readonly o: StageWorkerOptions,
  ) {
    this.liveness = o.liveness ?? DEFAULT_LIVENESS;
    this.probe = createQueue(queue, o);
    this.worker = this.spawn();
    this.timer = setInterval(() => {
      this.checking = this.checking.then(() => this.check());
    }, this.liveness.checkMs);
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    await this.checking;
    await this.worker.close();
    await this.probe.close();
  }

  private spawn(): Worker {
    const { queue, o } = this;
    const worker = new Worker(queue, (job: Job, token?: string) => this.process(job, token), {
      connection: o.connection,
      prefix: redisKeys.queuePrefix(o.prefix, queue),
      telemetry: o.telemetry,
      concurrency: o.concurrency,
      lockDuration: o.lockMs,
      stalledInterval: Math.max(1_000, Math.floor(o.lockMs / 2)),
      // A job is lost to 'failed' only after this many crashes of the replicas holding it.
      maxStalledCount: 10,
      autorun: true,
      ...(o.backoff ? { settings: { backoffStrategy: o.backoff } } : {}),
    });
    worker.on('failed', (job, err) => {
      o.logger.warn({ queue, jobId: job?.id, attemptsMade: job?.attemptsMade, err: err.message }, 'job failed');
    });
    worker.on('error', (err) => o.logger.error({ queue, err: err.message }, 'worker error'));
    return worker;
  }

  private async process(job: Job, token: string | undefined): Promise<unknown> {
    const { queue, o } = this;
    this.inFlight++;
    this.lastStartedAt = Date.now();
    this.waitingSince = null;
    const parsed = JobPayload[queue].safeParse(job.data);
    const stop = o.metrics.jobSeconds.startTimer({ queue });
    try {
      if (!parsed.success) throw new UnrecoverableError(new InvalidJobError(queue, job.id, parsed.error.message).message);
      const result = await this.handler(parsed.data as JobPayloadOf<Q>, job, token);
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
      this.inFlight--;
    }
  }

  private async check(): Promise<void> {
    if (this.closing) return;
    if (this.inFlight > 0) {
      this.waitingSince = null;
      return;
    }
    try {
      const now = Date.now();
      const [waiting, due] = await Promise.all([this.probe.getJobCountByTypes('waiting', 'prioritized'), this.earliestDelayedDue()]);
      this.waitingSince = waiting > 0 ? (this.waitingSince ?? now) : null;
      const readySince = Math.min(this.waitingSince ?? Infinity, due ?? Infinity);
      const { stuckMs } = this.liveness;
      if (now - readySince >= stuckMs && now - this.lastStartedAt >= stuckMs && !this.closing) await this.replace(now - readySince);
    } catch (err) {
      // Redis unreachable (e.g. mid-failover): the next check looks again.
      this.o.logger.debug({ queue: this.queue, err: err instanceof Error ? err.message : String(err) }, 'worker liveness check failed');
    }
  }

  /** When the earliest delayed job is due: BullMQ scores the delayed set by due time × 0x1000 plus a counter. */
  private async earliestDelayedDue(): Promise<number | null> {
    const [, score] = await this.o.connection.zrange(this.probe.keys.delayed!, '0', '0', 'WITHSCORES');
    return score === undefined ? null : Math.floor(Number(score) / 0x1000);
  }

  /**
   * Moves to a new BullMQ worker on fresh connections, the old one finishing the jobs it holds. Called
   * once Redis serves again after it was lost: a blocking connection that went through a failover may
   * take no job again, and the liveness check would notice only after `stuckMs` of ready work.
   */
  async renew(): Promise<void> {
    if (!this.closing) await this.swap(false);
  }

  private async replace(readyMs: number): Promise<void> {
    this.o.logger.warn({ queue: this.queue, readyMs }, 'worker took no job while work was ready; replaced it');
    await this.swap(true);
  }

  /** `force`: the old worker holds no job worth waiting for (it stopped taking them). */
  private async swap(force: boolean): Promise<void> {
    const old = this.worker;
    this.worker = this.spawn();
    this.lastStartedAt = Date.now();
    this.waitingSince = null;
    this.o.metrics.workerRestarts.inc({ queue: this.queue });
    await Promise.race([old.close(force).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, STUCK_CLOSE_MS))]);
  }
}
