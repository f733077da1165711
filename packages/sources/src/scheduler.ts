import { FetchJob, jobId } from '@liveblog/contracts';
import type { SourceDoc, SourceStore } from '@liveblog/storage';
import type { Queue } from 'bullmq';
import { dueAfter } from './jitter';

type FetchQueue = Pick<Queue, 'add' | 'getJobState' | 'remove' | 'getJobSchedulers' | 'removeJobScheduler'>;

/** A planned poll whose job has finished without moving the plan on: the chain stopped there. */
const FINISHED = new Set(['completed', 'failed']);

/**
 * Each source's polls form a chain: every poll plans the next one, records its due time on the source
 * (`status.nextDueAt`) and then queues it as a delayed job named by source and due time. Why not a BullMQ
 * job scheduler: the adaptive interval changes after most polls, and BullMQ 6.7 runs an `every` scheduler
 * at once whenever it is upserted, so each change brought an extra poll right after the last one.
 *
 * The recorded plan is the truth: only the job whose due time is the plan polls (see the fetcher), so
 * a replayed job, a plan moved by an operator or two replicas arming one source at once never make a
 * second chain. Writing the plan first and queueing after means a crash in between leaves a plan without
 * its job, which `ensure` repairs (a replayed fetch job calls it, and so does every fetcher at start).
 */
export class SourceScheduler {
  constructor(
    private readonly fetchQueue: FetchQueue,
    private readonly sources: Pick<SourceStore, 'planPoll'>,
  ) {}

  /** Queues the poll due at `dueAt`. Idempotent by job id, so every replica may call it. */
  async enqueue(sourceId: string, dueAt: Date, now = Date.now()): Promise<void> {
    const job = FetchJob.parse({ sourceId, dueAt: dueAt.getTime() });
    await this.fetchQueue.add('fetch', job, { jobId: jobId.fetch(job), delay: Math.max(0, job.dueAt - now) });
  }

  /** Plans the next poll: recorded on the source first, queued after. */
  async plan(sourceId: string, dueAt: Date): Promise<void> {
    await this.sources.planPoll(sourceId, dueAt);
    await this.enqueue(sourceId, dueAt);
  }

  /**
   * Makes sure an active source's planned poll is queued: a source never polled is planned now, a plan
   * whose job is missing or finished is queued (again) for its due time. A pending job is left alone.
   */
  async ensure(doc: SourceDoc, now = new Date()): Promise<void> {
    if (doc.paused || doc.status.ended) return this.stop(doc);
    const due = doc.status.nextDueAt;
    if (!due) return this.plan(doc._id, now);
    const id = jobId.fetch({ sourceId: doc._id, dueAt: due.getTime() });
    const state = await this.fetchQueue.getJobState(id);
    if (state === 'unknown') return this.enqueue(doc._id, due, now.getTime());
    if (FINISHED.has(state)) {
      // It was skipped while the source was paused, or failed for good: run it again under its id.
      await this.fetchQueue.remove(id);
      await this.enqueue(doc._id, due, now.getTime());
    }
  }

  /**
   * The operator changed the interval: the next poll moves to one new interval after the last poll (or
   * now, if that has passed). It replaces the planned one, so the change itself never adds a poll.
   */
  async reschedule(doc: SourceDoc, now = new Date()): Promise<void> {
    if (doc.paused || doc.status.ended || !doc.status.lastFetchedAt) return this.ensure(doc, now);
    const interval = doc.status.intervalSeconds ?? doc.intervalSeconds;
    const due = new Date(Math.max(now.getTime(), dueAfter(doc.status.lastFetchedAt, interval, doc._id).getTime()));
    await this.stop(doc);
    await this.plan(doc._id, due);
  }

  /** Takes the planned poll out of the queue; one already running finds the source paused or gone. */
  async stop(doc: SourceDoc): Promise<void> {
    const due = doc.status.nextDueAt;
    if (due) await this.fetchQueue.remove(jobId.fetch({ sourceId: doc._id, dueAt: due.getTime() }));
  }

  /** Removes the job schedulers that polled sources before the chains replaced them. */
  async dropLegacySchedulers(): Promise<void> {
    for (const s of await this.fetchQueue.getJobSchedulers()) {
      if (s.key.startsWith('source.')) await this.fetchQueue.removeJobScheduler(s.key);
    }
  }
}
