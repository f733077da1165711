import { z } from 'zod';

/** Announced on the entry event stream after the indexer has made an entry queryable. */
export const EntryEvent = z
  .object({
    type: z.enum(['entry.created', 'entry.updated']),
    entryId: z.string(),
    liveblogId: z.string(),
    key: z.string(),
    contentHash: z.string(),
    snapshotId: z.string(),
    indexedAt: z.iso.datetime(),
  })
  .strict();
export type EntryEvent = z.infer<typeof EntryEvent>;
