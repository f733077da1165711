import { runService } from '@liveblog/runtime';
import { DEFAULT_WINDOW_MS, MinHashIndex } from '@liveblog/similarity';
import { z } from 'zod';
import { BandLocks } from './band-locks';
import { dedupExtraction } from './dedup-extraction';

void runService({
  name: 'deduplicator',
  config: z.object({ DEDUP_WINDOW_HOURS: z.coerce.number().positive().default(DEFAULT_WINDOW_MS / 3_600_000) }),
  async start(ctx) {
    const { store, pipeline, redis, logger, config } = ctx;
    const windowMs = config.DEDUP_WINDOW_HOURS * 3_600_000;
    const similarity = new MinHashIndex({ redis, prefix: config.QUEUE_PREFIX, windowMs });
    // A dead replica's bands are free when its job is: no point in freeing them any sooner.
    const bandLocks = new BandLocks({ redis, prefix: config.QUEUE_PREFIX, ttlMs: config.JOB_LOCK_MS });
    ctx.work(
      'dedup',
      async ({ snapshotId, liveblogId }) => {
        const result = await dedupExtraction(snapshotId, liveblogId, { store, pipeline, redis, prefix: config.QUEUE_PREFIX, similarity, bandLocks, windowMs });
        logger.info({ snapshotId, liveblogId, ...result }, 'deduplicated');
        return result;
      },
      4,
    );
  },
});
