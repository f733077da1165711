import { resolve } from 'node:path';
import { runService } from '@liveblog/runtime';
import { Counter } from 'prom-client';
import { fetcherConfig } from './config';
import { fetchSource } from './fetch-source';
import { scheduleSources } from './schedule';
import { loadSourcesFile } from './sources-file';

void runService({
  name: 'fetcher',
  config: fetcherConfig,
  async start(ctx) {
    const { config, logger, store, pipeline, metrics } = ctx;
    const file = resolve(config.SOURCES_FILE);
    const { specs, unmatched } = loadSourcesFile(file);
    for (const pattern of unmatched) logger.warn({ pattern }, 'no file matches this source path; skipped');
    const sources = await store.sources.upsertSpecs(specs);
    await scheduleSources(pipeline.queue('fetch'), sources);
    logger.info({ file, sources: sources.length }, 'sources scheduled');

    const fetches = new Counter({
      name: 'liveblog_fetches_total',
      help: 'Source polls by result: changed, unchanged, not-modified, skipped or failed.',
      labelNames: ['result'] as const,
      registers: [metrics.registry],
    });
    const limits = { timeoutMs: config.FETCH_TIMEOUT_MS, maxBytes: config.FETCH_MAX_BYTES, userAgent: config.FETCH_USER_AGENT };
    ctx.work(
      'fetch',
      async ({ sourceId }) => {
        const result = await fetchSource(sourceId, { store, pipeline, limits });
        fetches.inc({ result });
        logger.info({ sourceId, result }, 'fetched');
        return result;
      },
      8,
    );
  },
});
