import { isBackfill, runService } from '@liveblog/runtime';
import { parseSnapshot } from './parse-snapshot';

void runService({
  name: 'parser',
  async start(ctx) {
    const { store, pipeline, logger } = ctx;
    ctx.work(
      'parse',
      async (payload, job) => {
        const result = await parseSnapshot(payload, { store, pipeline }, isBackfill(job));
        logger.info({ ...payload, ...result }, 'parsed');
        return result;
      },
      2,
    );
  },
});
