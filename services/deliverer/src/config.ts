import { commaList } from '@liveblog/runtime';
import { z } from 'zod';

const ms = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** The deliverer's settings beyond the base ones; each has its row in docs/operating.md. */
export const delivererConfig = z.object({
  /** Attempts per delivery, the first included; after the last failure the job is a dead letter. */
  WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(24),
  /** The first retry's delay; each further retry waits twice as long (with jitter), up to WEBHOOK_BACKOFF_MAX_MS. */
  WEBHOOK_BACKOFF_MS: ms(10, 3_600_000, 5_000),
  /**
   * The longest wait between two attempts: a receiver back after an outage is tried again within this,
   * not hours later. With the defaults, 24 attempts span ~2.8 h.
   */
  WEBHOOK_BACKOFF_MAX_MS: ms(10, 86_400_000, 600_000),
  /** One attempt, connect to response headers. */
  WEBHOOK_TIMEOUT_MS: ms(100, 120_000, 10_000),
  /** How often a delivery held back by an earlier event of its liveblog looks again. */
  WEBHOOK_ORDER_WAIT_MS: ms(10, 60_000, 1_000),
  /** Events read from the entry event stream per dispatch round. */
  WEBHOOK_DISPATCH_BATCH: z.coerce.number().int().min(1).max(10_000).default(100),
  /** Hosts a webhook may be delivered to although they are not public (loopback, intranet). */
  WEBHOOK_ALLOWED_HOSTS: commaList(z.string()),
  WEBHOOK_USER_AGENT: z.string().min(1).default('liveblog-ingest-webhooks/0.1'),
});
