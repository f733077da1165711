import { runService } from '@liveblog/runtime';
import { dedupExtraction } from './dedup-extraction';

void runService({
  name: 'deduplicator',
  async start(ctx) {
    const { store, pipeline, redis, logger, config } = ctx;
    ctx.work(
      'dedup',
      async ({ snapshotId, liveblogId }) => {
        const result = await dedupExtraction(snapshotId, liveblogId, { store, pipeline, redis, prefix: config.QUEUE_PREFIX });
        logger.info({ snapshotId, liveblogId, ...result }, 'deduplicated');
        return result;
      },
      4,
    );
  },
});
