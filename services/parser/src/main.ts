import { runService } from '@liveblog/runtime';
import { parseSnapshot } from './parse-snapshot';

void runService({
  name: 'parser',
  async start(ctx) {
    const { store, pipeline, logger } = ctx;
    ctx.work(
      'parse',
      async ({ snapshotId, sourceId }) => {
        const result = await parseSnapshot(snapshotId, sourceId, { store, pipeline });
        logger.info({ snapshotId, sourceId, ...result }, 'parsed');
        return result;
      },
      2,
    );
  },
});
