import type { Queue } from 'bullmq';

export interface FailedJob {
  queue: string;
  id: string;
  failedReason: string;
  attemptsMade: number;
  failedAt: string | null;
}

/** The newest failed jobs of every queue, newest first; payloads stay out (they may be large). */
export async function recentFailures(queues: readonly Queue[], perQueue = 10): Promise<FailedJob[]> {
  const jobs = await Promise.all(queues.map(async (q) => (await q.getJobs(['failed'], 0, perQueue - 1)).map((job) => ({ queue: q.name, job }))));
  return jobs
    .flat()
    .flatMap(({ queue, job }) =>
      job.id === undefined
        ? []
        : [{ queue, id: job.id, failedReason: job.failedReason, attemptsMade: job.attemptsMade, failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null }],
    )
    .sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? ''));
}
