import { resolve } from 'node:path';
import { runService, SourceLock } from '@liveblog/runtime';
import { SourceManager, SourceScheduler } from '@liveblog/sources';
import { Counter } from 'prom-client';
import { AddressGuard } from './address-guard';
import { fetcherConfig } from './config';
import { runFetchJob } from './fetch-job';
import { HostLimiter } from './host-limiter';
import { createHttpAgent } from './http-page';
import { robotsFetcher } from './robots-fetch';
import { RobotsPolicy } from './robots-policy';
import { loadSourcesFile } from './sources-file';

const REARM_EVERY_MS = 5 * 60_000;

void runService({
  name: 'fetcher',
  config: fetcherConfig,
  async start(ctx) {
    const { config, logger, store, pipeline, metrics, redis } = ctx;
    const prefix = config.QUEUE_PREFIX;
    const file = resolve(config.SOURCES_FILE);
    const { specs, unmatched } = loadSourcesFile(file);
    for (const pattern of unmatched) logger.warn({ pattern }, 'no file matches this source path; skipped');
    const scheduler = new SourceScheduler(pipeline.queue('fetch'), store.sources);
    await scheduler.dropLegacySchedulers();
    // Held for a whole poll, so it outlives the longest fetch; a crashed holder frees it after that.
    const lock = new SourceLock(redis, prefix, config.FETCH_TIMEOUT_MS * 2);
    const manager = new SourceManager(store.sources, scheduler, lock);
    const sources = await manager.declare(specs);
    logger.info({ file, sources: sources.length }, 'sources scheduled');
    // A chain whose job failed for good (e.g. a long database outage) is picked up again here.
    const repair = setInterval(() => {
      manager.syncAll().catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 're-arming sources failed'));
    }, REARM_EVERY_MS);

    const fetches = new Counter({
      name: 'liveblog_fetches_total',
      help: 'Source polls by result: changed, unchanged, not-modified, failed, disallowed, skipped or busy.',
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
    const agent = createHttpAgent(guard, limits);
    const deps = {
      store,
      pipeline,
      scheduler,
      lock,
      fetching: { limits, guard, agent, fileRoots: config.FETCH_FILE_ROOTS },
      limiter: new HostLimiter(redis, prefix, {
        concurrency: config.FETCH_HOST_CONCURRENCY,
        minIntervalMs: config.FETCH_HOST_MIN_INTERVAL_MS,
        slotTtlMs: config.FETCH_TIMEOUT_MS * 2,
      }),
      robots: new RobotsPolicy(redis, prefix, robotsFetcher(limits, agent, guard), {
        productToken: config.FETCH_USER_AGENT.split('/')[0]!.trim(),
        cacheSeconds: config.ROBOTS_CACHE_SECONDS,
        unreachableCacheSeconds: 300,
      }),
      polling: {
        minSeconds: config.FETCH_MIN_INTERVAL_SECONDS,
        maxSeconds: config.FETCH_MAX_INTERVAL_SECONDS,
        liveMaxSeconds: config.FETCH_LIVE_MAX_INTERVAL_SECONDS,
        quietHoursToEnd: config.FETCH_END_AFTER_QUIET_HOURS,
      },
    };
    ctx.work(
      'fetch',
      async (payload, job, token) => {
        const { sourceId } = payload;
        const result = await runFetchJob(payload, job, token, deps);
        fetches.inc({ result });
        logger.info({ sourceId, result }, 'fetched');
        return result;
      },
      8,
    );
    return [async () => clearInterval(repair), () => agent.close()];
  },
});
