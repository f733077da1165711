import { resolve } from 'node:path';
import { AddressGuard, runService, SourceLock } from '@liveblog/runtime';
import { SourceManager, SourceScheduler } from '@liveblog/sources';
import { Counter, Gauge } from 'prom-client';
import { fetcherConfig } from './config';
import { runFetchJob } from './fetch-job';
import { pollRecorder } from './poll-recorder';
import { HostLimiter } from './host-limiter';
import type { Validators } from './fetch-page';
import { createHttpAgent } from './http-page';
import { RenderBrowser } from './render/render-browser';
import { renderHttpPage } from './render/render-page';
import { robotsFetcher } from './robots-fetch';
import { RobotsPolicy } from './robots-policy';
import { loadSourcesFile } from './sources-file';


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
    // A poll holds its source's lock and host slot through the document fetch and the drawing, so they
    // outlive the longest poll; a crashed holder frees them after that.
    const pollMs = config.FETCH_TIMEOUT_MS * 2 + config.RENDER_TIMEOUT_MS;
    const lock = new SourceLock(redis, prefix, pollMs);
    const manager = new SourceManager(store.sources, scheduler, lock);
    const sources = await manager.declare(specs);
    logger.info({ file, sources: sources.length }, 'sources scheduled');
    // A chain whose job failed for good (e.g. a long database outage) is picked up again here.
    const repair = setInterval(() => {
      manager.syncAll().catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 're-arming sources failed'));
    }, config.FETCH_REARM_SECONDS * 1000);
    // A planned poll lost with a Redis master (or a restarted Redis) is queued again as soon as Redis
    // serves, not at the next sweep: its source would be silent until then.
    ctx.onRedisRecovered(() => manager.syncAll());

    const fetches = new Counter({
      name: 'liveblog_fetches_total',
      help: 'Fetch jobs by result: changed, unchanged, not-modified, failed, disallowed (polls), skipped (source paused, ended or gone) or stale (a replaced plan).',
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
    const guard = new AddressGuard(config.FETCH_ALLOWED_HOSTS, 'FETCH_ALLOWED_HOSTS');
    const agent = createHttpAgent(guard, limits);
    const robots = new RobotsPolicy(redis, prefix, robotsFetcher(limits, agent, guard), {
      productToken: config.FETCH_USER_AGENT.split('/')[0]!.trim(),
      cacheSeconds: config.ROBOTS_CACHE_SECONDS,
      unreachableCacheSeconds: 300,
    });
    // Launched on the first rendering fetch only: a fetcher without such sources runs no browser.
    const browser = new RenderBrowser({ executablePath: config.RENDER_BROWSER_PATH, concurrency: config.RENDER_CONCURRENCY, maxMemoryMiB: config.RENDER_MAX_MEMORY_MB });
    new Gauge({
      name: 'liveblog_render_browser_launches',
      help: 'Browsers this fetcher has started for rendering sources; more than one means restarts (crash or memory bound).',
      registers: [metrics.registry],
      collect() {
        this.set(browser.launches);
      },
    });
    const render = (url: string, validators: Validators) =>
      renderHttpPage(url, validators, { browser, limits, agent, guard, robotsAllow: (u) => robots.allows(u), timeoutMs: config.RENDER_TIMEOUT_MS });
    const deps = {
      store,
      pipeline,
      scheduler,
      lock,
      recorder: pollRecorder(store),
      fetching: { limits, guard, agent, fileRoots: config.FETCH_FILE_ROOTS, render },
      limiter: new HostLimiter(redis, prefix, {
        concurrency: config.FETCH_HOST_CONCURRENCY,
        minIntervalMs: config.FETCH_HOST_MIN_INTERVAL_MS,
        slotTtlMs: pollMs,
      }),
      robots,
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
      // A poll mostly waits (on the page, Redis, MongoDB); most are 304s that cost ~5 ms of CPU across
      // the stack, so 32 at once keep 100 polls/s going where 8 managed 80 (issue 22).
      32,
    );
    return [async () => clearInterval(repair), () => browser.close(), () => agent.close()];
  },
});
