import { runService } from '@liveblog/runtime';
import { z } from 'zod';
import { indexEntries } from './index-entries';

void runService({
  name: 'indexer',
  config: z.object({ EVENT_STREAM_MAX_LEN: z.coerce.number().int().min(100).default(100_000) }),
  async start(ctx) {
    const { store, redis, logger, config } = ctx;
    ctx.work(
      'index',
      async (job) => {
        const { snapshotId, liveblogId } = job;
        const result = await indexEntries(job, {
          store,
          redis,
          prefix: config.QUEUE_PREFIX,
          eventStreamMaxLen: config.EVENT_STREAM_MAX_LEN,
        });
        logger.info({ snapshotId, liveblogId, ...result }, 'indexed');
        return result;
      },
      2,
    );
  },
});
