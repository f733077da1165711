import { resolve } from 'node:path';
import { runService } from '@liveblog/runtime';
import { Counter } from 'prom-client';
import { AddressGuard } from './address-guard';
import { fetcherConfig } from './config';
import { createHttpAgent } from './http-page';
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
    const limits = {
      connectTimeoutMs: config.FETCH_CONNECT_TIMEOUT_MS,
      headersTimeoutMs: config.FETCH_HEADERS_TIMEOUT_MS,
      timeoutMs: config.FETCH_TIMEOUT_MS,
      maxBytes: config.FETCH_MAX_BYTES,
      maxRedirects: config.FETCH_MAX_REDIRECTS,
      userAgent: config.FETCH_USER_AGENT,
    };
    const guard = new AddressGuard(config.FETCH_ALLOWED_HOSTS);
    const fetching = { limits, guard, agent: createHttpAgent(guard, limits) };
    ctx.work(
      'fetch',
      async ({ sourceId }) => {
        const result = await fetchSource(sourceId, { store, pipeline, fetching });
        fetches.inc({ result });
        logger.info({ sourceId, result }, 'fetched');
        return result;
      },
      8,
    );
    return [() => fetching.agent.close()];
  },
});
