import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { RequestHandler } from 'express';

export const QUEUES_BOARD_PATH = '/admin/queues';

/**
 * bull-board's UI over the pipeline's queues. Returned as one handler rather than its router so that the
 * board's internal routes stay out of the operations catalogue (they are its own, not our API).
 */
export function queuesBoard(queues: readonly Queue[]): RequestHandler {
  const adapter = new ExpressAdapter().setBasePath(QUEUES_BOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter });
  const router = adapter.getRouter() as RequestHandler;
  return (req, res, next) => router(req, res, next);
}
