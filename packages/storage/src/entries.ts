import type { ExtractedEntry } from '@liveblog/contracts';
import { entryContentHash, ids } from '@liveblog/fingerprint';
import { searchTerms } from '@liveblog/search';
import type { Collections } from './database';
import type { EntryDoc, ExtractionDoc, StoredEntryDoc } from './documents';
import type { Cursor } from './cursor';
import { pageOfAll, type Page } from './page';
import { insertIfNew, notOlder, overwrite } from './versioned';
import { orderedBulkWrite } from './bulk';
import { findByIds } from './by-id';
import { findLaterCopies, findOriginals, laterCopyCandidates } from './duplicates';
import { entryPredicate, mayMatch, type EntryFilters, type EntryPredicate } from './entry-filter';
import { isRevision, toRevisionDoc } from './revisions';
import { entryOf, entryVersionId, storeEntryVersions } from './extractions';
import { ContentCache } from './content-cache';
import { MissingDocumentError } from './errors';
import { Timeline } from './timeline';
import { countByEntry, readVersions, readVersionsByContent, recordPresence, recordVersions, splitVersions, type PresenceChange } from './versions';
import type { EntryChange, IndexedEntry } from './indexed-entry';
import { SameLiveblogTwiceError } from './errors';

type StoredVersion = Pick<EntryDoc, 'seenAt' | 'firstSeenAt' | 'firstSnapshotId' | 'contentHash' | 'deletedAt' | 'restoredAt'>;

const sameTime = (a: Date | null | undefined, b: Date) => a?.getTime() === b.getTime();

/** Entries as their presence is recorded: with their first sight as stored (read back after the write). */
const withFirstSight = (changed: readonly IndexedEntry[], stored: ReadonlyMap<string, StoredVersion>): PresenceChange[] =>
  changed.flatMap((e) => {
    const firstSeenAt = stored.get(e.entryId)?.firstSeenAt;
    return firstSeenAt ? [{ entryId: e.entryId, change: e.change, firstSeenAt }] : [];
  });

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
    revisionCount: 1,
  };
}

/** The text and html of an entry version, as an entry reads them. */
type Content = Pick<EntryDoc, 'text' | 'html'>;
/** Entry contents kept in memory by version id (a version never changes under its id), per process. */
const CONTENT_CACHE_BYTES = 16 * 1024 * 1024;

/**
 * The stored form of an entry built from the extracted entry version `version`: the version, not a copy of
 * its text and html, and no search terms, which are derived from them (and kept in the timeline's rows and
 * postings, which searches read).
 */
function toStored({ text: _text, html: _html, terms: _terms, ...doc }: EntryDoc, version: string): StoredEntryDoc {
  return { ...doc, version };
}

/**
 * FerretDB drops null and empty-array fields written through $setOnInsert, so an entry inserted by
 * insertIfNew may lack them; they read back as what they mean.
 */
function withDefaults({ version: _version, ...doc }: StoredEntryDoc, content: Content): EntryDoc {
  return {
    ...doc,
    ...content,
    headline: doc.headline ?? null,
    publishedAt: doc.publishedAt ?? null,
    modifiedAt: doc.modifiedAt ?? null,
    authors: doc.authors ?? [],
    agencies: doc.agencies ?? [],
    deletedAt: doc.deletedAt ?? null,
    restoredAt: doc.restoredAt ?? null,
    duplicateOf: doc.duplicateOf ?? null,
    terms: doc.terms ?? searchTerms(`${doc.headline ?? ''}\n${content.text}`),
    clusterId: doc.clusterId ?? null,
    revisionCount: doc.revisionCount ?? 1,
  };
}

/**
 * What a newer version of an entry may change: everything but identity, first sight and what was
 * decided at creation. Being on the page again clears a deletion.
 */
function mutableFields(doc: StoredEntryDoc): Partial<StoredEntryDoc> {
  const { _id, liveblogId, key, firstSeenAt, firstSnapshotId, sortKey, restoredAt, duplicateOf, clusterId, ...mutable } = doc;
  // A job without a cluster (enqueued before clusters existed) leaves a stored cluster alone.
  const cluster = clusterId ? { clusterId } : {};
  // A stated publication time may be corrected; an inferred sort position never moves.
  return doc.publishedAt ? { ...mutable, ...cluster, sortKey } : { ...mutable, ...cluster };
}

/** One extraction to index: the keys of its entries to write and, by key, their story clusters. */
export interface IndexJob {
  extraction: ExtractionDoc;
  keys: readonly string[];
  clusters?: Readonly<Record<string, string>>;
}

export class EntryStore {
  private readonly timeline: Timeline;
  private readonly contents = new ContentCache<Content>(CONTENT_CACHE_BYTES);

  constructor(private readonly c: Collections) {
    this.timeline = new Timeline(c);
  }

  /**
   * Upserts the named entries of an extraction; safe to repeat and to receive out of order.
   * The version guard is a read by _id: every write filters on _id alone, as FerretDB's SQLite backend
   * scans the collection for any other filter, so an edit costs the same at any store size. Callers
   * index one liveblog's snapshots one at a time (the indexer holds the liveblog's index lock), so no
   * other writer comes between the read and the write.
   * Revisions, their version records (see versions.ts) and the timeline rows are written before the
   * entries: a crash in between leaves the stored entry old, so the replay writes the same (idempotent)
   * records again and then the entries; an entry that can be read in a listing has been written.
   * `clusters` holds, by entry key, the story cluster the deduplicator assigned.
   */
  async index(
    extraction: ExtractionDoc,
    keys: readonly string[],
    now = new Date(),
    clusters: Readonly<Record<string, string>> = {},
  ): Promise<IndexedEntry[]> {
    const [indexed] = await this.indexMany([{ extraction, keys, clusters }], now);
    return indexed!;
  }

  /**
   * Indexes extractions of different liveblogs as index does, with one timeline write and one entries
   * write for all of them: entries of many liveblogs in the same minutes share their timeline documents,
   * so a batch costs far fewer statements than its extractions one by one (what grows a store quickly).
   * Returns what each extraction did, in order.
   */
  async indexMany(jobs: readonly IndexJob[], now = new Date()): Promise<IndexedEntry[][]> {
    const liveblogIds = jobs.map((j) => j.extraction.liveblogId);
    if (new Set(liveblogIds).size !== liveblogIds.length) throw new SameLiveblogTwiceError(liveblogIds);
    // By entry id, the extracted entry version each entry is built from: what it and its revision name.
    const built = new Map<string, { id: string; entry: ExtractedEntry }>();
    const extracted = jobs.map(({ extraction, keys, clusters = {} }) => {
      const wanted = new Set(keys);
      return extraction.entries.flatMap((entry, position) => {
        if (!wanted.has(entry.key)) return [];
        const doc = toEntryDoc(extraction, entry, position, now, clusters[entry.key] ?? null);
        built.set(doc._id, { id: entryVersionId(extraction.liveblogId, entry), entry });
        return [doc];
      });
    });
    const all = extracted.flat();
    if (all.length === 0) return jobs.map(() => []);
    const versions = await this.storedVersions(all.map((d) => d._id));
    const revised = extracted.map((docs) => docs.filter((d) => isRevision(versions.get(d._id), d)));
    // Every entry written names its version: stored by the parser with an extraction of references,
    // stored here for one read whole (written before 2026-12-07) or never stored (a direct call).
    const unstored = jobs.flatMap(({ extraction }, j) => (extraction.stored === 'references' ? [] : extracted[j]!));
    await storeEntryVersions(this.c, unstored.map((d) => built.get(d._id)!));
    const revisions = revised.map((docs) => docs.map((d) => toRevisionDoc(d, built.get(d._id)!.id)));
    await orderedBulkWrite(this.c.revisions, revisions.flat().map(insertIfNew));
    const written = await Promise.all(
      jobs.map(async ({ extraction }, j) => {
        await recordVersions(this.c, extraction.liveblogId, revised[j]!.map((entry, i) => ({ revisionId: revisions[j]![i]!._id, entry })));
        // Read after recording: the counts include this job's revisions, the same on every replay.
        const revisionCounts = countByEntry(await readVersions(this.c, extracted[j]!.map((d) => d._id)));
        const fresh = extracted[j]!.filter((d) => !versions.has(d._id));
        const recorded = await readVersionsByContent(this.c, extraction.liveblogId, fresh.map((d) => d.contentHash));
        const originals = findOriginals(recorded, fresh);
        const candidates = laterCopyCandidates(recorded, fresh);
        const laterCopies = candidates.length === 0 ? new Map<string, string>() : findLaterCopies(recorded, fresh, await this.firstSights(candidates));
        const docs = extracted[j]!.map((d) => ({ ...d, revisionCount: revisionCounts.get(d._id) ?? d.revisionCount, duplicateOf: originals.get(d._id) ?? null }));
        return { docs, laterCopies };
      }),
    );
    const docs = written.map((w) => w.docs);
    await this.timeline.add(docs.flat());
    await orderedBulkWrite(this.c.entries, [
      ...docs.flat().flatMap((entry) => {
        const doc = toStored(entry, built.get(entry._id)!.id);
        const stored = versions.get(doc._id);
        if (!stored) return [insertIfNew(doc)];
        if (!notOlder(stored, doc.seenAt)) return [];
        const restoring = stored.deletedAt ? { restoredAt: doc.seenAt } : {};
        // An entry stored with its own text, html and terms (before 2026-12-07) drops them as it names its version.
        return [overwrite(doc, { ...mutableFields(doc), ...restoring }, ['text', 'html', 'terms'])];
      }),
      ...written.flatMap(({ laterCopies }) =>
        [...laterCopies].map(([entryId, original]) => ({ updateOne: { filter: { _id: entryId }, update: { $set: { duplicateOf: original } } } })),
      ),
    ]);
    // Read back rather than trust upsert counts: stable when a job is replayed.
    const after = await this.storedVersions(all.map((d) => d._id));
    return Promise.all(
      jobs.map(async ({ extraction }, j) => {
        const indexed = docs[j]!.map((doc): IndexedEntry => {
          const stored = after.get(doc._id);
          const change: EntryChange =
            stored?.firstSnapshotId === extraction._id
              ? 'created'
              : !stored?.deletedAt && sameTime(stored?.restoredAt, extraction.fetchedAt)
                ? 'restored'
                : 'updated';
          return { entryId: doc._id, key: doc.key, contentHash: doc.contentHash, change };
        });
        await recordPresence(this.c, extraction.liveblogId, withFirstSight(indexed, after), extraction.fetchedAt);
        return indexed;
      }),
    );
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
    // Guarded by a read by _id, as in index (the caller holds the liveblog's index lock).
    const before = await this.storedVersions(targets.map((t) => t.entryId));
    await orderedBulkWrite(
      this.c.entries,
      targets.flatMap(({ entryId }) => {
        const stored = before.get(entryId);
        if (!stored || stored.deletedAt || !notOlder(stored, at)) return [];
        return [{ updateOne: { filter: { _id: entryId }, update: { $set: { deletedAt: at, seenAt: at, snapshotId: extraction._id } } } }];
      }),
    );
    const after = await this.storedVersions(targets.map((t) => t.entryId));
    const deleted = targets.flatMap(({ key, entryId }) => {
      const stored = after.get(entryId);
      return stored && sameTime(stored.deletedAt, at) ? [{ entryId, key, contentHash: stored.contentHash, change: 'deleted' as const }] : [];
    });
    await recordPresence(this.c, extraction.liveblogId, withFirstSight(deleted, after), at);
    return deleted;
  }

  /** When these stored entries were first seen, by _id. */
  private async firstSights(entryIds: readonly string[]): Promise<Map<string, Date>> {
    const rows = await findByIds(this.c.entries, entryIds, { projection: { firstSeenAt: 1 } });
    return new Map([...rows.values()].map((r) => [r._id, r.firstSeenAt]));
  }

  private async storedVersions(entryIds: readonly string[]): Promise<Map<string, StoredVersion>> {
    const rows = await findByIds(this.c.entries, entryIds, { projection: { seenAt: 1, firstSeenAt: 1, firstSnapshotId: 1, contentHash: 1, deletedAt: 1, restoredAt: 1 } });
    return new Map(
      [...rows.values()].map((r) => [
        r._id,
        { seenAt: r.seenAt, firstSeenAt: r.firstSeenAt, firstSnapshotId: r.firstSnapshotId, contentHash: r.contentHash, deletedAt: r.deletedAt ?? null, restoredAt: r.restoredAt ?? null },
      ]),
    );
  }

  async get(id: string): Promise<EntryDoc | null> {
    const doc = await this.c.entries.findOne({ _id: id });
    return doc && (await this.withContent([doc]))[0]!;
  }

  /**
   * Entries across liveblogs, newest first, narrowed by any of the filters; all of them must hold.
   * Deleted entries are left out unless asked for. A page may hold fewer than `limit` entries, even none,
   * while `next` is set: a filter that matches little stops looking after a bounded amount of work.
   */
  async search(filters: EntryFilters, cursor: Cursor | null, limit: number): Promise<Page<EntryDoc>> {
    const predicate = entryPredicate(filters);
    if (filters.clusterId) return this.clusterPage(filters.clusterId, predicate, cursor, limit);
    return this.timeline.page(predicate, cursor, limit, (entryIds) => this.getMany(entryIds));
  }

  /** Folds finished hours' search postings from `since` on; see Timeline.foldHours. */
  foldHours(now: Date, since: Date): Promise<number> {
    return this.timeline.foldHours(now, since);
  }

  /** Listings an earlier layout kept per hour, moved to minutes; see Timeline.moveHourBuckets. */
  moveHourBuckets(): Promise<number> {
    return this.timeline.moveHourBuckets();
  }

  /** Versions records of the layout before 2026-12-07, split into per-entry documents; see splitVersions. */
  splitVersions(): Promise<number> {
    return splitVersions(this.c);
  }

  listByLiveblog(liveblogId: string, cursor: Cursor | null, limit: number, includeDeleted = false): Promise<Page<EntryDoc>> {
    return this.search({ liveblogId, includeDeleted }, cursor, limit);
  }

  /** A story cluster is small: its members are read whole and filtered here. */
  private async clusterPage(clusterId: string, predicate: EntryPredicate, cursor: Cursor | null, limit: number): Promise<Page<EntryDoc>> {
    const cluster = await this.c.clusters.findOne({ _id: clusterId });
    const members = await this.getMany((cluster?.members ?? []).map((m) => m.entryId));
    return pageOfAll([...members.values()].filter((doc) => mayMatch(doc, predicate)), cursor, limit);
  }

  /** Entries by id, as they read (see withContent); unknown ids are absent. */
  async getMany(entryIds: readonly string[]): Promise<Map<string, EntryDoc>> {
    const docs = [...(await findByIds(this.c.entries, entryIds)).values()];
    return new Map((await this.withContent(docs)).map((doc) => [doc._id, doc]));
  }

  /** Stored entries as read: with the text and html of the version each names (from memory, else by point reads), or its own. */
  private async withContent(docs: readonly StoredEntryDoc[]): Promise<EntryDoc[]> {
    const wanted = [...new Set(docs.flatMap((d) => (d.version && !this.contents.get(d.version) ? [d.version] : [])))];
    const read = new Map<string, Content>();
    for (const [id, stored] of await findByIds(this.c.extractedEntries, wanted)) {
      const { text, html } = entryOf(stored);
      read.set(id, { text, html });
      this.contents.set(id, { text, html }, text.length + html.length);
    }
    return docs.map((doc) => {
      if (!doc.version) return withDefaults(doc, { text: doc.text ?? '', html: doc.html ?? '' });
      const content = read.get(doc.version) ?? this.contents.get(doc.version);
      if (!content) throw new MissingDocumentError('extracted entry', doc.version);
      return withDefaults(doc, content);
    });
  }
}
