import { QueueName } from '@liveblog/contracts';
import type { Queue } from 'bullmq';
import { z } from 'zod';
import { HttpError, notFound } from '../http-error';
import { parseOrThrow } from '../params';

export const JobRef = { queue: QueueName, id: z.string().min(1).max(300) };

/** A failed job back to waiting, its attempts reset; anything not failed is a conflict, not a retry. */
export async function retryFailedJob(queues: readonly Queue[], queueParam: unknown, idParam: unknown): Promise<{ queue: QueueName; id: string }> {
  const name = parseOrThrow(JobRef.queue, queueParam, 'queue');
  const id = parseOrThrow(JobRef.id, idParam, 'id');
  const queue = queues.find((q) => q.name === name);
  const job = await queue?.getJob(id);
  if (!queue || !job) throw notFound(`job ${id} not found in queue ${name}`);
  const state = await job.getState();
  if (state !== 'failed') throw new HttpError(409, 'not_failed', `job ${id} is ${state}, only failed jobs can be retried`);
  await job.retry('failed', { resetAttemptsMade: true });
  return { queue: name, id };
}
