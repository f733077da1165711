import { runService } from '@liveblog/runtime';
import { parseSnapshot } from './parse-snapshot';

void runService({
  name: 'parser',
  async start(ctx) {
    const { store, pipeline, logger } = ctx;
    ctx.work(
      'parse',
      async (job) => {
        const result = await parseSnapshot(job, { store, pipeline });
        logger.info({ ...job, ...result }, 'parsed');
        return result;
      },
      2,
    );
  },
});
