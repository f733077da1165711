import { ExtractRules, SourceSpec } from '@liveblog/contracts';
import { z } from 'zod';

/**
 * A source added from outside (admin API, CLI): a SourceSpec, but never a file:// URL, which would let a
 * caller point the fetcher at the server's own disk.
 */
export const AdminSourceSpec = SourceSpec.refine((s) => /^https?:/.test(s.url), {
  message: 'only http(s):// sources can be added through the admin API',
  path: ['url'],
});

/**
 * What an operator may change on an existing source; the interval has SourceSpec's bounds. `extract`
 * replaces the rules as a whole (null removes them), so a change is never a mix of old and new rules.
 */
export const SourceControls = z
  .object({
    paused: z.boolean().optional(),
    intervalSeconds: SourceSpec.shape.intervalSeconds.unwrap().optional(),
    extract: ExtractRules.nullable().optional(),
    render: z.boolean().optional(),
  })
  .strict()
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'give paused, intervalSeconds, extract and/or render');
export type SourceControls = z.infer<typeof SourceControls>;
