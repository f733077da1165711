import { runService } from '@liveblog/runtime';
import { MinHashIndex } from '@liveblog/similarity';
import { dedupExtraction } from './dedup-extraction';

void runService({
  name: 'deduplicator',
  async start(ctx) {
    const { store, pipeline, redis, logger, config } = ctx;
    const similarity = new MinHashIndex({ redis, prefix: config.QUEUE_PREFIX });
    ctx.work(
      'dedup',
      async ({ snapshotId, liveblogId }) => {
        const result = await dedupExtraction(snapshotId, liveblogId, { store, pipeline, redis, prefix: config.QUEUE_PREFIX, similarity });
        logger.info({ snapshotId, liveblogId, ...result }, 'deduplicated');
        return result;
      },
      4,
    );
  },
});
