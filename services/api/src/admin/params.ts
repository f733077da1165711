import { z } from 'zod';
import { SourceId } from '../params';

/** Sources are listed in id order; `cursor` is the `next` of the previous page. */
export const SourceListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: SourceId.optional(),
  })
  .strict();
