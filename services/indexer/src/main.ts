import { redisKeys, runService } from '@liveblog/runtime';
import { z } from 'zod';
import { entryWriter, indexEntries } from './index-entries';
import { startSweeper } from './sweeper';

/** Index jobs one replica holds at once by default; each waits for its liveblog's lock and its entries' write. */
const INDEX_CONCURRENCY = 16;
/** Finished hours looked at by each fold: late entries of older hours stay read by minute (see Timeline.foldHours). */
const FOLD_LOOKBACK_MS = 24 * 3_600_000;

void runService({
  name: 'indexer',
  config: z.object({
    EVENT_RETENTION_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
    SNAPSHOT_RETENTION_DAYS: z.coerce.number().positive().default(14),
  }),
  async start(ctx) {
    const { store, redis, logger, config } = ctx;
    const prefix = config.QUEUE_PREFIX;
    // Listings an earlier layout kept per hour move to minutes once, beside the work (idempotent: a run
    // cut short by a stop starts again at the next start).
    void store.entries.moveHourBuckets().then(
      (hours) => hours > 0 && logger.info({ hours }, 'listings of earlier entries moved to minute documents'),
      (err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'listings of earlier entries not moved; again at the next start'),
    );
    // Versions records of the layout before 2026-12-07 are split before any job runs: a job reads only
    // the new documents (idempotent, so replicas starting together, or a run cut short, do no harm).
    const split = await store.entries.splitVersions();
    if (split > 0) logger.info({ liveblogs: split }, 'versions records split into per-entry documents');
    const writer = entryWriter(store);
    ctx.work(
      'index',
      async (job) => {
        const { snapshotId, liveblogId } = job;
        const result = await indexEntries(job, {
          store,
          redis,
          writer,
          prefix,
          eventRetentionMs: config.EVENT_RETENTION_HOURS * 3_600_000,
          lockTtlMs: config.JOB_LOCK_MS,
        });
        logger.info({ snapshotId, liveblogId, ...result }, 'indexed');
        return result;
      },
      // Jobs in flight are written together (entryWriter): more of them make fewer, larger writes.
      INDEX_CONCURRENCY,
    );
    return [
      startSweeper({
        redis,
        logger,
        name: 'retention sweep',
        lockKey: redisKeys.retentionLock(prefix),
        everyMs: 3_600_000,
        sweep: (now) => store.retention.sweep(now, config.SNAPSHOT_RETENTION_DAYS * 86_400_000),
      }),
      startSweeper({
        redis,
        logger,
        name: 'search postings folded',
        lockKey: redisKeys.foldLock(prefix),
        everyMs: 60_000,
        sweep: async (now) => ({ hours: await store.entries.foldHours(now, new Date(now.getTime() - FOLD_LOOKBACK_MS)) }),
      }),
    ];
  },
});
