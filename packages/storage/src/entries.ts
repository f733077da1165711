import type { Filter } from 'mongodb';
import type { ExtractedEntry } from '@liveblog/contracts';
import { entryContentHash, ids } from '@liveblog/fingerprint';
import { searchTerms } from '@liveblog/search';
import type { Collections } from './database';
import type { EntryDoc, ExtractionDoc } from './documents';
import type { Cursor } from './cursor';
import { pageNewestFirst, type Page } from './page';
import { insertIfNew, updateIfNotOlder } from './versioned';
import { orderedBulkWrite } from './bulk';
import { findOriginals } from './duplicates';
import { isRevision, toRevisionDoc } from './revisions';

/** What indexing one extraction did to an entry, decided from the stored state so replays agree. */
export type EntryChange = 'created' | 'updated' | 'restored' | 'deleted';

export interface IndexedEntry {
  entryId: string;
  key: string;
  contentHash: string;
  change: EntryChange;
}

type StoredVersion = Pick<EntryDoc, 'seenAt' | 'firstSnapshotId' | 'contentHash' | 'deletedAt' | 'restoredAt'>;

const sameTime = (a: Date | null | undefined, b: Date) => a?.getTime() === b.getTime();

import { isoToDate } from './dates';

/** Builds the stored form of one extracted entry; `position` is its place on the page, 0 = top. */
export function toEntryDoc(extraction: ExtractionDoc, entry: ExtractedEntry, position: number, now: Date, clusterId: string | null = null): EntryDoc {
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
    deletedAt: null,
    restoredAt: null,
    duplicateOf: null,
    terms: searchTerms(`${entry.headline ?? ''}\n${entry.text}`),
    clusterId,
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
    deletedAt: doc.deletedAt ?? null,
    restoredAt: doc.restoredAt ?? null,
    duplicateOf: doc.duplicateOf ?? null,
    terms: doc.terms ?? [],
    clusterId: doc.clusterId ?? null,
  };
}

/**
 * What a newer version of an entry may change: everything but identity, first sight and what was
 * decided at creation. Being on the page again clears a deletion.
 */
function mutableFields(doc: EntryDoc): Partial<EntryDoc> {
  const { _id, liveblogId, key, firstSeenAt, firstSnapshotId, sortKey, restoredAt, duplicateOf, clusterId, ...mutable } = doc;
  // A job without a cluster (enqueued before clusters existed) leaves a stored cluster alone.
  const cluster = clusterId ? { clusterId } : {};
  // A stated publication time may be corrected; an inferred sort position never moves.
  return doc.publishedAt ? { ...mutable, ...cluster, sortKey } : { ...mutable, ...cluster };
}

export interface EntryFilters {
  liveblogId?: string;
  sourceId?: string;
  agency?: string;
  /** On the entry's sort time: its stated publication time, else when it was first seen. */
  since?: Date;
  until?: Date;
  /** Words to find in headline or text; every word must occur (after folding and stemming). */
  query?: string;
  clusterId?: string;
  includeDeleted?: boolean;
}

export class EntryStore {
  constructor(private readonly c: Collections) {}

  /**
   * Upserts the named entries of an extraction; safe to repeat and to receive out of order.
   * New entries are written with an _id-only filter and existing ones with the version guard, so the
   * common case (new entries, a few edits) needs no guarded statement per entry: FerretDB's SQLite
   * backend scans the collection for any filter other than a bare _id.
   * Revisions are written before the entries: a crash in between leaves the stored content old, so the
   * replay writes the same revisions again (a no-op by _id) and then the entries.
   * `clusters` holds, by entry key, the story cluster the deduplicator assigned.
   */
  async index(
    extraction: ExtractionDoc,
    keys: readonly string[],
    now = new Date(),
    clusters: Readonly<Record<string, string>> = {},
  ): Promise<IndexedEntry[]> {
    const wanted = new Set(keys);
    const docs = extraction.entries.flatMap((entry, position) =>
      wanted.has(entry.key) ? [toEntryDoc(extraction, entry, position, now, clusters[entry.key] ?? null)] : [],
    );
    if (docs.length === 0) return [];
    const versions = await this.storedVersions(docs.map((d) => d._id));
    const fresh = docs.filter((d) => !versions.has(d._id));
    const originals = await findOriginals(this.c, extraction.liveblogId, fresh);
    await orderedBulkWrite(
      this.c.revisions,
      docs.filter((d) => isRevision(versions.get(d._id), d)).map((d) => insertIfNew(toRevisionDoc(d))),
    );
    await orderedBulkWrite(
      this.c.entries,
      docs.flatMap((doc) => {
        const stored = versions.get(doc._id);
        if (!stored) return [insertIfNew({ ...doc, duplicateOf: originals.get(doc._id) ?? null })];
        if (stored.seenAt > doc.seenAt) return [];
        const restoring = stored.deletedAt ? { restoredAt: doc.seenAt } : {};
        return [updateIfNotOlder(doc, { ...mutableFields(doc), ...restoring })];
      }),
    );
    // Read back rather than trust upsert counts: stable when a job is replayed or runs on two replicas.
    const after = await this.storedVersions(docs.map((d) => d._id));
    // Another replica may have inserted an older version between our read and our insert.
    const overtaken = docs.filter((d) => {
      const stored = after.get(d._id);
      return stored !== undefined && stored.seenAt < d.seenAt;
    });
    if (overtaken.length > 0) await orderedBulkWrite(this.c.entries, overtaken.map((d) => updateIfNotOlder(d, mutableFields(d))));
    return docs.map((doc) => {
      const stored = after.get(doc._id);
      const change: EntryChange =
        stored?.firstSnapshotId === extraction._id
          ? 'created'
          : !stored?.deletedAt && sameTime(stored?.restoredAt, extraction.fetchedAt)
            ? 'restored'
            : 'updated';
      return { entryId: doc._id, key: doc.key, contentHash: doc.contentHash, change };
    });
  }

  /**
   * Marks the named entries deleted as of this extraction: kept, only flagged. seenAt moves with it, as
   * the version guard: a later snapshot that still shows the entry wins, an older one arriving late
   * loses. A deletion already recorded keeps its first time.
   * Reports the entries this extraction deleted, read back so that a replay reports them again.
   */
  async markDeleted(extraction: ExtractionDoc, keys: readonly string[]): Promise<IndexedEntry[]> {
    if (keys.length === 0) return [];
    const at = extraction.fetchedAt;
    const targets = keys.map((key) => ({ key, entryId: ids.entry(extraction.liveblogId, key) }));
    await orderedBulkWrite(
      this.c.entries,
      targets.map(({ entryId }) => ({
        updateOne: {
          filter: { _id: entryId, seenAt: { $lte: at }, deletedAt: null },
          update: { $set: { deletedAt: at, seenAt: at, snapshotId: extraction._id } },
        },
      })),
    );
    const after = await this.storedVersions(targets.map((t) => t.entryId));
    return targets.flatMap(({ key, entryId }) => {
      const stored = after.get(entryId);
      return stored && sameTime(stored.deletedAt, at) ? [{ entryId, key, contentHash: stored.contentHash, change: 'deleted' as const }] : [];
    });
  }

  private async storedVersions(entryIds: readonly string[]): Promise<Map<string, StoredVersion>> {
    const rows = await this.c.entries
      .find({ _id: { $in: [...entryIds] } }, { projection: { seenAt: 1, firstSnapshotId: 1, contentHash: 1, deletedAt: 1, restoredAt: 1 } })
      .toArray();
    return new Map(
      rows.map((r) => [
        r._id,
        { seenAt: r.seenAt, firstSnapshotId: r.firstSnapshotId, contentHash: r.contentHash, deletedAt: r.deletedAt ?? null, restoredAt: r.restoredAt ?? null },
      ]),
    );
  }

  async get(id: string): Promise<EntryDoc | null> {
    const doc = await this.c.entries.findOne({ _id: id });
    return doc && withDefaults(doc);
  }

  /** Deleted entries are left out unless asked for; a null filter also matches a missing field. */
  /** Entries across liveblogs, newest first, narrowed by any of the filters; all of them must hold. */
  async search(filters: EntryFilters, cursor: Cursor | null, limit: number): Promise<Page<EntryDoc>> {
    const filter: Filter<EntryDoc> = {};
    if (filters.liveblogId) filter.liveblogId = filters.liveblogId;
    if (filters.sourceId) filter.sourceId = filters.sourceId;
    if (filters.agency) filter.agencies = filters.agency;
    if (filters.clusterId) filter.clusterId = filters.clusterId;
    if (filters.since || filters.until) filter.sortKey = { ...(filters.since && { $gte: filters.since }), ...(filters.until && { $lt: filters.until }) };
    if (filters.query) {
      const terms = searchTerms(filters.query);
      // A query of stopwords and punctuation only matches nothing rather than everything.
      filter.terms = terms.length > 0 ? { $all: terms } : { $in: [] };
    }
    if (!filters.includeDeleted) filter.deletedAt = null;
    const page = await pageNewestFirst(this.c.entries, filter, cursor, limit);
    return { items: page.items.map(withDefaults), next: page.next };
  }

  async listByLiveblog(liveblogId: string, cursor: Cursor | null, limit: number, includeDeleted = false): Promise<Page<EntryDoc>> {
    const filter = includeDeleted ? { liveblogId } : { liveblogId, deletedAt: null };
    const page = await pageNewestFirst(this.c.entries, filter, cursor, limit);
    return { items: page.items.map(withDefaults), next: page.next };
  }
}
