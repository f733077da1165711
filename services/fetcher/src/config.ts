import { z } from 'zod';

export const fetcherConfig = z.object({
  SOURCES_FILE: z.string().default('config/sources.yml'),
  FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  FETCH_MAX_BYTES: z.coerce.number().int().min(1_024).max(100 * 1024 * 1024).default(20 * 1024 * 1024),
  FETCH_USER_AGENT: z.string().min(1).default('liveblog-ingest/0.1 (+https://github.com/liveblog-ingest)'),
});
export type FetcherConfig = z.infer<typeof fetcherConfig>;
