import type { Queue } from 'bullmq';

export const QUEUE_STATES = ['waiting', 'active', 'failed', 'delayed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];
export type QueueCounts = Record<string, Record<QueueState, number>>;

/** Job counts of every queue, read from BullMQ at the moment of asking (a scrape, a dashboard poll). */
export async function queueCounts(queues: readonly Queue[]): Promise<QueueCounts> {
  const rows = await Promise.all(
    queues.map(async (q) => {
      const counts = await q.getJobCounts(...QUEUE_STATES);
      const byState = Object.fromEntries(QUEUE_STATES.map((s) => [s, counts[s] ?? 0])) as Record<QueueState, number>;
      return [q.name, byState] as const;
    }),
  );
  return Object.fromEntries(rows);
}
