import type { AnyBulkWriteOperation } from 'mongodb';
import type { ExtractedEntry } from '@liveblog/contracts';
import { shortHash } from '@liveblog/fingerprint';
import { orderedBulkWrite } from './bulk';
import { findByIds } from './by-id';
import { ContentCache } from './content-cache';
import type { Collections } from './database';
import type { ExtractedEntryDoc, ExtractionDoc, StoredExtractionDoc } from './documents';
import { MissingDocumentError } from './errors';
import { packRefs, unpackRefs } from './refs';

/** Bytes of an entry version's hash that an extraction stores per entry. */
const REF_BYTES = 16;
/** Entry versions kept in memory for reads and known to be stored, per process. */
const CACHE_BYTES = 32 * 1024 * 1024;

/** An entry version's reference: a hash of everything the extractor gave for it, so that any change is a new version. */
const entryRef = (entry: ExtractedEntry) => shortHash([JSON.stringify(entry)], 2 * REF_BYTES);
const versionId = (liveblogId: string, ref: string) => `${liveblogId}:${ref}`;
/** The id under which `entry` of `liveblogId` is stored in extractedEntries. */
export const entryVersionId = (liveblogId: string, entry: ExtractedEntry) => versionId(liveblogId, entryRef(entry));

/** Stores entry versions that may be new; one that is stored stays as it is. */
export async function storeEntryVersions(c: Collections, versions: readonly { id: string; entry: ExtractedEntry }[]): Promise<void> {
  const writes: AnyBulkWriteOperation<ExtractedEntryDoc>[] = versions.map(({ id, entry }) => ({
    updateOne: { filter: { _id: id }, update: { $setOnInsert: { entry } }, upsert: true },
  }));
  await orderedBulkWrite(c.extractedEntries, writes);
}

/**
 * Extractions, stored so that a change costs what changed: an extraction lists its page's entries as
 * references to entry versions, and each version is stored once per liveblog (extractedEntries), so the
 * next page of a liveblog writes only its new and edited entries. Entry versions are kept for good, as
 * revisions are, and never change under their id: a process remembers which it has seen, and reads the
 * unchanged entries of a page from memory. Readers get the whole extraction from `get`, whichever layout
 * it was stored in. Revisions name the version they record rather than copy it (see RevisionStore).
 */
export class ExtractionStore {
  private readonly cache = new ContentCache<ExtractedEntry>(CACHE_BYTES);

  constructor(private readonly c: Collections) {}

  /**
   * Extraction is deterministic, so replacing a previous result for the same snapshot changes nothing.
   * The entry versions first, each with $setOnInsert: a crash leaves no extraction naming a missing one.
   */
  async put(doc: ExtractionDoc): Promise<void> {
    const { entries, ...rest } = doc;
    const refs = entries.map(entryRef);
    const unseen = entries.map((entry, i) => ({ entry, id: versionId(doc.liveblogId, refs[i]!) })).filter(({ id }) => !this.cache.get(id));
    await storeEntryVersions(this.c, unseen);
    for (const { id, entry } of unseen) this.remember(id, entry);
    const stored: StoredExtractionDoc = { ...rest, entryRefs: packRefs(refs) };
    await this.c.extractions.replaceOne({ _id: doc._id }, stored, { upsert: true });
  }

  /** The whole extraction, its entries in page order. */
  async get(snapshotId: string): Promise<ExtractionDoc> {
    const doc = await this.c.extractions.findOne({ _id: snapshotId });
    if (!doc) throw new MissingDocumentError('extraction', snapshotId);
    const { entryRefs, entries, ...rest } = doc;
    if (entries) return { ...rest, entries };
    const ids = unpackRefs(entryRefs, REF_BYTES).map((ref) => versionId(doc.liveblogId, ref));
    for (const [id, { entry }] of await findByIds(this.c.extractedEntries, ids.filter((id) => !this.cache.get(id)))) this.remember(id, entry);
    return {
      ...rest,
      entries: ids.map((id) => {
        const entry = this.cache.get(id);
        if (!entry) throw new MissingDocumentError('extracted entry', id);
        return entry;
      }),
    };
  }

  /** Entries and fetch time of each stored extraction among `snapshotIds`, by point reads; unknown ids are absent. */
  async entryCounts(snapshotIds: readonly string[]): Promise<Map<string, { entries: number; fetchedAt: Date }>> {
    const docs = await findByIds(this.c.extractions, snapshotIds, { projection: { entries: 1, entryRefs: 1, fetchedAt: 1 } });
    return new Map([...docs].map(([id, doc]) => [id, { entries: doc.entries?.length ?? unpackRefs(doc.entryRefs, REF_BYTES).length, fetchedAt: doc.fetchedAt }]));
  }

  private remember(id: string, entry: ExtractedEntry): void {
    this.cache.set(id, entry, entry.html.length + entry.text.length + 200);
  }
}
