import type { Queue } from 'bullmq';
import { jitteredMs } from './jitter';

/** One BullMQ job scheduler per source; upserting is idempotent, so every replica may call it. */
export class SourceScheduler {
  constructor(private readonly fetchQueue: Pick<Queue, 'upsertJobScheduler' | 'removeJobScheduler'>) {}

  async schedule(sourceId: string, intervalSeconds: number): Promise<void> {
    await this.fetchQueue.upsertJobScheduler(
      schedulerId(sourceId),
      { every: jitteredMs(intervalSeconds, sourceId) },
      // One attempt: a failed poll is recorded on the source and backs its interval off instead.
      { name: 'fetch', data: { sourceId }, opts: { attempts: 1 } },
    );
  }

  async stop(sourceId: string): Promise<void> {
    await this.fetchQueue.removeJobScheduler(schedulerId(sourceId));
  }
}

const schedulerId = (sourceId: string) => `source.${sourceId}`;
