import { commaList } from '@liveblog/runtime';
import { z } from 'zod';

export const fetcherConfig = z.object({
  SOURCES_FILE: z.string().default('config/sources.yml'),
  FETCH_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  FETCH_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  FETCH_MAX_REDIRECTS: z.coerce.number().int().min(0).max(10).default(5),
  /** Directories that file:// sources may be read from (comma-separated); none = file sources disabled. */
  FETCH_FILE_ROOTS: commaList(z.string()),
  /** Hosts that may resolve to loopback or private addresses (comma-separated); none by default. */
  FETCH_ALLOWED_HOSTS: commaList(z.string()),
  FETCH_MAX_BYTES: z.coerce.number().int().min(1_024).max(100 * 1024 * 1024).default(20 * 1024 * 1024),
  FETCH_HOST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  FETCH_HOST_MIN_INTERVAL_MS: z.coerce.number().int().min(0).max(600_000).default(1_000),
  FETCH_MIN_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),
  FETCH_MAX_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(7 * 86_400).default(3_600),
  FETCH_LIVE_MAX_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(120),
  FETCH_END_AFTER_QUIET_HOURS: z.coerce.number().min(1).max(24 * 365).default(48),
  FETCH_REARM_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  ROBOTS_CACHE_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(86_400),
  /** Pages drawn at once by one replica's browser, for sources with `render: true`. */
  RENDER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  /** Drawing one page, after its document arrived. */
  RENDER_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(120_000).default(15_000),
  /** The browser is restarted once its processes together hold more memory than this. */
  RENDER_MAX_MEMORY_MB: z.coerce.number().int().min(128).max(65_536).default(1_024),
  RENDER_BROWSER_PATH: z.string().min(1).default('/usr/bin/chromium'),
  FETCH_USER_AGENT: z.string().min(1).default('liveblog-ingest/0.1 (+https://github.com/liveblog-ingest)'),
});
export type FetcherConfig = z.infer<typeof fetcherConfig>;
