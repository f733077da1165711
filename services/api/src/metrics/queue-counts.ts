import type { Queue } from 'bullmq';

export const QUEUE_STATES = ['waiting', 'active', 'failed', 'delayed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];
export type QueueCounts = Record<string, Record<QueueState, number>>;

/** Job counts of every queue, read from BullMQ at the moment of asking (a scrape, a dashboard poll). */
/** Waiting counts both lanes: the plain list (fresh work) and the prioritized set (backfill, see Lane). */
export async function queueCounts(queues: readonly Queue[]): Promise<QueueCounts> {
  const rows = await Promise.all(
    queues.map(async (q) => {
      const counts = await q.getJobCounts(...QUEUE_STATES, 'prioritized');
      const byState = Object.fromEntries(QUEUE_STATES.map((s) => [s, counts[s] ?? 0])) as Record<QueueState, number>;
      byState.waiting += counts.prioritized ?? 0;
      return [q.name, byState] as const;
    }),
  );
  return Object.fromEntries(rows);
}
