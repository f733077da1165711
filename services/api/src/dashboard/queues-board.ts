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
  // The lockfile holds @bull-board/express 9.10.1 with its own nested @bull-board/api 9.10.1 beside our
  // 9.10.2: the same interface declared twice, which TypeScript cannot unify (private members). Aligning
  // the two versions in package.json removes the need for this cast.
  const serverAdapter = adapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'];
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter });
  const router = adapter.getRouter() as RequestHandler;
  return (req, res, next) => router(req, res, next);
}
