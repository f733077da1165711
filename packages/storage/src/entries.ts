import type { ExtractedEntry } from '@liveblog/contracts';
import { entryContentHash, ids } from '@liveblog/fingerprint';
import type { Collections } from './database';
import type { EntryDoc, ExtractionDoc } from './documents';
import type { Cursor } from './cursor';
import { pageNewestFirst, type Page } from './page';
import { insertIfNew, updateIfNotOlder } from './versioned';
import { orderedBulkWrite } from './bulk';

export interface IndexedEntry {
  entryId: string;
  key: string;
  contentHash: string;
  created: boolean;
}

const isoToDate = (iso: string | null): Date | null => (iso ? new Date(iso) : null);

/** Builds the stored form of one extracted entry; `position` is its place on the page, 0 = top. */
export function toEntryDoc(extraction: ExtractionDoc, entry: ExtractedEntry, position: number, now: Date): EntryDoc {
  const publishedAt = isoToDate(entry.publishedAt);
  return {
    _id: ids.entry(extraction.liveblogId, entry.key),
    liveblogId: extraction.liveblogId,
    sourceId: extraction.sourceId,
    key: entry.key,
    headline: entry.headline,
    text: entry.text,
    html: entry.html,
    publishedAt,
    modifiedAt: isoToDate(entry.modifiedAt),
    authors: entry.authors,
    agencies: entry.agencies,
    pinned: entry.pinned,
    contentHash: entryContentHash(entry),
    snapshotId: extraction._id,
    firstSnapshotId: extraction._id,
    seenAt: extraction.fetchedAt,
    firstSeenAt: extraction.fetchedAt,
    sortKey: publishedAt ?? new Date(extraction.fetchedAt.getTime() - position),
    indexedAt: now,
  };
}

/**
 * FerretDB drops null and empty-array fields written through $setOnInsert, so an entry inserted by
 * insertIfNew may lack them; they read back as what they mean.
 */
function withDefaults(doc: EntryDoc): EntryDoc {
  return {
    ...doc,
    headline: doc.headline ?? null,
    publishedAt: doc.publishedAt ?? null,
    modifiedAt: doc.modifiedAt ?? null,
    authors: doc.authors ?? [],
    agencies: doc.agencies ?? [],
  };
}

/** What a newer version of an entry may change: everything but identity and first sight. */
function mutableFields(doc: EntryDoc): Partial<EntryDoc> {
  const { _id, liveblogId, key, firstSeenAt, firstSnapshotId, sortKey, ...mutable } = doc;
  // A stated publication time may be corrected; an inferred sort position never moves.
  return doc.publishedAt ? { ...mutable, sortKey } : mutable;
}

export class EntryStore {
  constructor(private readonly c: Collections) {}

  /**
   * Upserts the named entries of an extraction; safe to repeat and to receive out of order.
   * New entries are written with an _id-only filter and existing ones with the version guard, so the
   * common case (new entries, a few edits) needs no guarded statement per entry: FerretDB's SQLite
   * backend scans the collection for any filter other than a bare _id.
   */
  async index(extraction: ExtractionDoc, keys: readonly string[], now = new Date()): Promise<IndexedEntry[]> {
    const wanted = new Set(keys);
    const docs = extraction.entries.flatMap((entry, position) =>
      wanted.has(entry.key) ? [toEntryDoc(extraction, entry, position, now)] : [],
    );
    if (docs.length === 0) return [];
    const versions = await this.storedVersions(docs);
    await orderedBulkWrite(
      this.c.entries,
      docs.flatMap((doc) => {
        const stored = versions.get(doc._id);
        if (!stored) return [insertIfNew(doc)];
        return stored.seenAt <= doc.seenAt ? [updateIfNotOlder(doc, mutableFields(doc))] : [];
      }),
    );
    // Read back rather than trust upsert counts: stable when a job is replayed or runs on two replicas.
    const after = await this.storedVersions(docs);
    // Another replica may have inserted an older version between our read and our insert.
    const overtaken = docs.filter((d) => {
      const stored = after.get(d._id);
      return stored !== undefined && stored.seenAt < d.seenAt;
    });
    if (overtaken.length > 0) await orderedBulkWrite(this.c.entries, overtaken.map((d) => updateIfNotOlder(d, mutableFields(d))));
    return docs.map((doc) => ({
      entryId: doc._id,
      key: doc.key,
      contentHash: doc.contentHash,
      created: after.get(doc._id)?.firstSnapshotId === extraction._id,
    }));
  }

  private async storedVersions(docs: readonly EntryDoc[]): Promise<Map<string, { seenAt: Date; firstSnapshotId: string }>> {
    const rows = await this.c.entries
      .find({ _id: { $in: docs.map((d) => d._id) } }, { projection: { seenAt: 1, firstSnapshotId: 1 } })
      .toArray();
    return new Map(rows.map((r) => [r._id, { seenAt: r.seenAt, firstSnapshotId: r.firstSnapshotId }]));
  }

  async get(id: string): Promise<EntryDoc | null> {
    const doc = await this.c.entries.findOne({ _id: id });
    return doc && withDefaults(doc);
  }

  async listByLiveblog(liveblogId: string, cursor: Cursor | null, limit: number): Promise<Page<EntryDoc>> {
    const page = await pageNewestFirst(this.c.entries, { liveblogId }, cursor, limit);
    return { items: page.items.map(withDefaults), next: page.next };
  }
}
