import { z } from 'zod';

export const fetcherConfig = z.object({
  SOURCES_FILE: z.string().default('config/sources.yml'),
  FETCH_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  FETCH_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  FETCH_MAX_REDIRECTS: z.coerce.number().int().min(0).max(10).default(5),
  /** Hosts that may resolve to loopback or private addresses (comma-separated); none by default. */
  FETCH_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((h) => h.trim()).filter(Boolean)),
  FETCH_MAX_BYTES: z.coerce.number().int().min(1_024).max(100 * 1024 * 1024).default(20 * 1024 * 1024),
  FETCH_USER_AGENT: z.string().min(1).default('liveblog-ingest/0.1 (+https://github.com/liveblog-ingest)'),
});
export type FetcherConfig = z.infer<typeof fetcherConfig>;
