import { z } from 'zod';

/**
 * Announced on the entry event stream after the indexer has made an entry queryable, marked it deleted
 * (gone from a complete fetch of its page) or restored it (back on the page after a deletion).
 */
export const EntryEvent = z
  .object({
    type: z.enum(['entry.created', 'entry.updated', 'entry.deleted', 'entry.restored']),
    entryId: z.string(),
    liveblogId: z.string(),
    key: z.string(),
    contentHash: z.string(),
    snapshotId: z.string(),
    indexedAt: z.iso.datetime(),
  })
  .strict();
export type EntryEvent = z.infer<typeof EntryEvent>;
