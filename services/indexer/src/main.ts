import { runService } from '@liveblog/runtime';
import { z } from 'zod';
import { indexEntries } from './index-entries';
import { startRetentionSweeper } from './retention-sweeper';

void runService({
  name: 'indexer',
  config: z.object({
    EVENT_RETENTION_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
    SNAPSHOT_RETENTION_DAYS: z.coerce.number().positive().default(14),
  }),
  async start(ctx) {
    const { store, redis, logger, config } = ctx;
    // Listings an earlier layout kept per hour move to minutes once, beside the work (idempotent: a run
    // cut short by a stop starts again at the next start).
    void store.entries.moveHourBuckets().then(
      (hours) => hours > 0 && logger.info({ hours }, 'listings of earlier entries moved to minute documents'),
      (err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'listings of earlier entries not moved; again at the next start'),
    );
    ctx.work(
      'index',
      async (job) => {
        const { snapshotId, liveblogId } = job;
        const result = await indexEntries(job, {
          store,
          redis,
          prefix: config.QUEUE_PREFIX,
          eventRetentionMs: config.EVENT_RETENTION_HOURS * 3_600_000,
          lockTtlMs: config.JOB_LOCK_MS,
        });
        logger.info({ snapshotId, liveblogId, ...result }, 'indexed');
        return result;
      },
      2,
    );
    return [startRetentionSweeper({ store, redis, prefix: config.QUEUE_PREFIX, logger, retentionMs: config.SNAPSHOT_RETENTION_DAYS * 86_400_000, everyMs: 3_600_000 })];
  },
});
