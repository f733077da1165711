import { z } from 'zod';
import { FETCH_LOG_HOURS } from '@liveblog/storage';
import { SourceId } from '../params';

/** Sources are listed in id order; `cursor` is the `next` of the previous page. */
export const SourceListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: SourceId.optional(),
  })
  .strict();

/** A source's fetch log: the polls of the last `hours` hours. */
export const FetchLogQuery = z
  .object({
    hours: z.coerce.number().int().min(1).max(FETCH_LOG_HOURS).default(1),
  })
  .strict();
