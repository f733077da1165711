import type { SourceDoc } from '@liveblog/storage';
import type { Queue } from 'bullmq';

/** One BullMQ job scheduler per source; upserting is idempotent, so every replica may call it at start. */
export async function scheduleSources(fetchQueue: Queue, sources: readonly SourceDoc[]): Promise<void> {
  for (const source of sources) {
    await fetchQueue.upsertJobScheduler(
      `source.${source._id}`,
      { every: source.intervalSeconds * 1_000 },
      { name: 'fetch', data: { sourceId: source._id } },
    );
  }
}
