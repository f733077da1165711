import type { ExtractionDoc, LiveblogDoc } from './documents';
import type { Collections } from './database';
import { versionedUpsert } from './versioned';
import { orderedBulkWrite } from './bulk';
import { pageNewestFirst, type Page } from './page';
import { countEntries } from './versions';
import type { Cursor } from './cursor';

import { isoToDate } from './dates';

export class LiveblogStore {
  constructor(private readonly c: Collections) {}

  async index(extraction: ExtractionDoc, now = new Date()): Promise<void> {
    const lb = extraction.liveblog;
    const modifiedAt = isoToDate(lb.modifiedAt);
    const mutable = {
      url: extraction.url,
      sourceId: extraction.sourceId,
      title: lb.title,
      summary: lb.summary,
      language: lb.language,
      publishedAt: isoToDate(lb.publishedAt),
      modifiedAt,
      sortKey: modifiedAt ?? extraction.fetchedAt,
      lastSnapshotId: extraction._id,
      indexedAt: now,
    };
    const doc: LiveblogDoc = { _id: extraction.liveblogId, ...mutable, seenAt: extraction.fetchedAt, firstSeenAt: extraction.fetchedAt };
    await orderedBulkWrite(this.c.liveblogs, versionedUpsert(doc, mutable));
  }

  get(id: string): Promise<LiveblogDoc | null> {
    return this.c.liveblogs.findOne({ _id: id });
  }

  list(cursor: Cursor | null, limit: number): Promise<Page<LiveblogDoc>> {
    return pageNewestFirst(this.c.liveblogs, {}, cursor, limit);
  }

  /** Entry counts for a page of liveblogs; deleted entries count only if asked for. */
  entryCounts(liveblogIds: readonly string[], includeDeleted = false): Promise<Map<string, number>> {
    return countEntries(this.c, liveblogIds, includeDeleted);
  }
}
