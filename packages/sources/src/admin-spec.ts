import { SourceSpec } from '@liveblog/contracts';
import { z } from 'zod';

/**
 * A source added from outside (admin API, CLI): a SourceSpec, but never a file:// URL, which would let a
 * caller point the fetcher at the server's own disk.
 */
export const AdminSourceSpec = SourceSpec.refine((s) => /^https?:/.test(s.url), {
  message: 'only http(s):// sources can be added through the admin API',
  path: ['url'],
});

/** What an operator may change on an existing source; the interval has SourceSpec's bounds. */
export const SourceControls = z
  .object({
    paused: z.boolean().optional(),
    intervalSeconds: SourceSpec.shape.intervalSeconds.unwrap().optional(),
  })
  .strict()
  .refine((c) => c.paused !== undefined || c.intervalSeconds !== undefined, 'give paused and/or intervalSeconds');
export type SourceControls = z.infer<typeof SourceControls>;
