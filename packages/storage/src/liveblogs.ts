import type { Filter } from 'mongodb';
import type { ExtractionDoc, LiveblogDoc } from './documents';
import type { Collections } from './database';
import { insertIfNew, notOlder, overwrite } from './versioned';
import { pageNewestFirst, type Page } from './page';
import { countEntries } from './versions';
import type { Cursor } from './cursor';

import { isoToDate } from './dates';

export interface LiveblogFilters {
  /** The publisher's host without `www.`, e.g. `tagesschau.de`. */
  outlet?: string;
  /** Liveblogs still followed (their source neither paused nor ended), or only the others. */
  active?: boolean;
  /** Changed at or after this time (its stated modification time, else the fetch that changed it). */
  since?: Date;
}

/** The publisher of a page: its host without `www.`; null where the URL has no host (file sources). */
export function outletOf(url: string): string | null {
  const host = new URL(url).hostname.toLowerCase();
  return host ? host.replace(/^www\./, '') : null;
}

/** FerretDB drops a null written through $setOnInsert; it reads back as what it means. */
const withDefaults = (doc: LiveblogDoc): LiveblogDoc => ({ ...doc, outlet: doc.outlet ?? null });

export class LiveblogStore {
  constructor(private readonly c: Collections) {}

  /**
   * Replays change nothing, and late, older snapshots only an earlier first sight: the indexer may take a
   * liveblog's first page after a later change (see Lane). Callers hold the liveblog's index lock (see
   * overwrite).
   */
  async index(extraction: ExtractionDoc, now = new Date()): Promise<void> {
    const lb = extraction.liveblog;
    const modifiedAt = isoToDate(lb.modifiedAt);
    const mutable = {
      url: extraction.url,
      outlet: outletOf(extraction.url),
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
    const stored = await this.c.liveblogs.findOne({ _id: doc._id }, { projection: { seenAt: 1, firstSeenAt: 1 } });
    // The overwrite after an insert restores the null fields FerretDB drops from $setOnInsert.
    if (notOlder(stored ?? undefined, doc.seenAt)) await this.c.liveblogs.bulkWrite([...(stored ? [] : [insertIfNew(doc)]), overwrite(doc, mutable)]);
    else if (stored && stored.firstSeenAt > doc.firstSeenAt) await this.c.liveblogs.updateOne({ _id: doc._id }, { $set: { firstSeenAt: doc.firstSeenAt } });
  }

  async get(id: string): Promise<LiveblogDoc | null> {
    const doc = await this.c.liveblogs.findOne({ _id: id });
    return doc && withDefaults(doc);
  }

  /**
   * Liveblogs newest first (by their last change), narrowed by the filters. The liveblogs collection holds
   * one small document per liveblog, so filtering it by query is cheap even where FerretDB scans.
   */
  async list(filters: LiveblogFilters, cursor: Cursor | null, limit: number): Promise<Page<LiveblogDoc>> {
    const filter: Filter<LiveblogDoc> = {};
    if (filters.outlet) filter.outlet = filters.outlet;
    if (filters.since) filter.sortKey = { $gte: filters.since };
    if (filters.active !== undefined) {
      const followed = await this.c.sources.find({ paused: false, 'status.ended': false }, { projection: { _id: 1 } }).toArray();
      const ids = followed.map((s) => s._id);
      filter.sourceId = filters.active ? { $in: ids } : { $nin: ids };
    }
    const page = await pageNewestFirst(this.c.liveblogs, filter, cursor, limit);
    return { items: page.items.map(withDefaults), next: page.next };
  }

  /** Entry counts for a page of liveblogs; deleted entries count only if asked for. */
  entryCounts(liveblogIds: readonly string[], includeDeleted = false): Promise<Map<string, number>> {
    return countEntries(this.c, liveblogIds, includeDeleted);
  }
}
