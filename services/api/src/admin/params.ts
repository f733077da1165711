import { z } from 'zod';

export const SourceId = z.string().regex(/^src_[0-9a-f]{16}$/, 'must look like src_ followed by 16 hex digits');

/** Sources are listed in id order; `cursor` is the `next` of the previous page. */
export const SourceListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: SourceId.optional(),
  })
  .strict();
