import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Binary, type AnyBulkWriteOperation } from 'mongodb';
import type { ExtractedEntry } from '@liveblog/contracts';
import { shortHash } from '@liveblog/fingerprint';
import { orderedBulkWrite } from './bulk';
import { findByIds } from './by-id';
import { ContentCache } from './content-cache';
import type { Collections } from './database';
import type { ExtractedEntryDoc, ExtractionBlockDoc, ExtractionDoc, StoredExtractionDoc } from './documents';
import { MissingDocumentError } from './errors';
import { packRefs, unpackRefs } from './refs';

/** Bytes of an entry version's hash that an extraction stores per entry. */
const REF_BYTES = 16;
/** Entry versions kept in memory for reads and known to be stored, per process. */
const CACHE_BYTES = 32 * 1024 * 1024;
/** Bytes of a block's sha256 that an extraction stores per block. */
const BLOCK_REF_BYTES = 8;
/** A block ends after a reference whose last byte has these bits set (one in 16): blocks of ~16 entries. */
const BLOCK_END_BITS = 0x0f;
/** At most this many references a block, whatever they are. */
const BLOCK_MAX = 64;
const HOUR_MS = 3_600_000;
/** What one entry reference of a cached block costs in memory: a 32-character string and its slot. */
const BLOCK_REF_MEMORY_BYTES = 40;

/** An entry version's reference: a hash of everything the extractor gave for it, so that any change is a new version. */
const entryRef = (entry: ExtractedEntry) => shortHash([JSON.stringify(entry)], 2 * REF_BYTES);
const versionId = (liveblogId: string, ref: string) => `${liveblogId}:${ref}`;
/** The id under which `entry` of `liveblogId` is stored in extractedEntries. */
export const entryVersionId = (liveblogId: string, entry: ExtractedEntry) => versionId(liveblogId, entryRef(entry));

/** The entry a stored version holds, in either layout. */
export const entryOf = (doc: ExtractedEntryDoc): ExtractedEntry => doc.entry ?? (JSON.parse(gunzipSync(doc.gz!.buffer).toString('utf8')) as ExtractedEntry);

/**
 * Cuts a page's references into blocks where the references themselves say (content-defined, as
 * snapshots are cut into chunks): a new entry at the top changes the first block and leaves the others.
 */
function blocksOf(refs: readonly string[]): string[][] {
  const blocks: string[][] = [];
  let block: string[] = [];
  for (const ref of refs) {
    block.push(ref);
    if ((parseInt(ref.slice(-2), 16) & BLOCK_END_BITS) === BLOCK_END_BITS || block.length === BLOCK_MAX) {
      blocks.push(block);
      block = [];
    }
  }
  if (block.length > 0) blocks.push(block);
  return blocks;
}

/**
 * A block's id: shared by the extractions of one liveblog fetched in one hour, so that retention, which
 * goes hour by hour, finds every extraction that may use it among those it looks at.
 */
const blockId = (liveblogId: string, fetchedAt: Date, ref: string) => `${liveblogId}|${Math.floor(fetchedAt.getTime() / HOUR_MS) * HOUR_MS}|${ref}`;
const blockRef = (packed: Buffer) => createHash('sha256').update(packed).digest('hex').slice(0, 2 * BLOCK_REF_BYTES);

/** The ids of the blocks an extraction as stored reads (none for the layouts before blocks). */
export const blockIds = (doc: Pick<StoredExtractionDoc, 'liveblogId' | 'fetchedAt' | 'blocks'>) =>
  unpackRefs(doc.blocks, BLOCK_REF_BYTES).map((ref) => blockId(doc.liveblogId, doc.fetchedAt, ref));

/**
 * Stores entry versions that may be new; one that is stored stays as it is. Gzipped JSON: an entry's html
 * repeats its text, and FerretDB stores each field of an embedded document with its type beside it and
 * `<` and `>` as six-byte escapes; on SQLite a row of 2 to 4 KB takes a 4 KB page of its own.
 */
export async function storeEntryVersions(c: Collections, versions: readonly { id: string; entry: ExtractedEntry }[]): Promise<void> {
  const writes: AnyBulkWriteOperation<ExtractedEntryDoc>[] = versions.map(({ id, entry }) => ({
    updateOne: { filter: { _id: id }, update: { $setOnInsert: { gz: new Binary(gzipSync(JSON.stringify(entry))) } }, upsert: true },
  }));
  await orderedBulkWrite(c.extractedEntries, writes);
}

/**
 * Extractions, stored so that a change costs what changed: an extraction lists its page's entries as
 * references to entry versions, and each version is stored once per liveblog (extractedEntries), so the
 * next page of a liveblog writes only its new and edited entries. The references themselves are stored
 * in blocks (extractionBlocks) that the extractions of a liveblog's hour share, and an extraction lists
 * its blocks: its size does not grow with the page, and the next page writes the blocks that changed,
 * mostly the first. Blocks go with the last extraction of their hour that uses them (SnapshotRetention).
 * Entry versions are kept for good, as
 * revisions are, and never change under their id: a process remembers which it has seen, and reads the
 * unchanged entries of a page from memory. Readers get the whole extraction from `get`, whichever layout
 * it was stored in. Revisions name the version they record rather than copy it (see RevisionStore).
 */
export class ExtractionStore {
  private readonly cache = new ContentCache<ExtractedEntry>(CACHE_BYTES);
  /** Blocks by id, known to be stored: the unchanged blocks of the next page are neither written nor read. */
  private readonly blocks = new ContentCache<string[]>(CACHE_BYTES / 8);

  constructor(private readonly c: Collections) {}

  /**
   * Extraction is deterministic, so replacing a previous result for the same snapshot changes nothing.
   * The entry versions first, each with $setOnInsert: a crash leaves no extraction naming a missing one.
   */
  async put(doc: ExtractionDoc): Promise<void> {
    const { entries, stored: _layout, ...rest } = doc;
    const refs = entries.map(entryRef);
    const unseen = entries.map((entry, i) => ({ entry, id: versionId(doc.liveblogId, refs[i]!) })).filter(({ id }) => !this.cache.get(id));
    await storeEntryVersions(this.c, unseen);
    for (const { id, entry } of unseen) this.remember(id, entry);
    const blocks = blocksOf(refs).map((block) => {
      const packed = packRefs(block);
      const ref = blockRef(Buffer.from(packed.buffer));
      return { ref, id: blockId(doc.liveblogId, doc.fetchedAt, ref), packed, block };
    });
    const unknown = blocks.filter(({ id }) => !this.blocks.get(id));
    const writes: AnyBulkWriteOperation<ExtractionBlockDoc>[] = unknown.map(({ id, packed }) => ({
      updateOne: { filter: { _id: id }, update: { $setOnInsert: { refs: packed } }, upsert: true },
    }));
    await orderedBulkWrite(this.c.extractionBlocks, writes);
    for (const { id, block } of unknown) this.rememberBlock(id, block);
    const stored: StoredExtractionDoc = { ...rest, blocks: packRefs(blocks.map((b) => b.ref)), entryCount: refs.length };
    await this.c.extractions.replaceOne({ _id: doc._id }, stored, { upsert: true });
  }

  /**
   * The whole extraction, its entries in page order, and the layout it was stored in: with `references`,
   * every entry version it names is stored (put stores them first), so an indexer need not store them again.
   */
  async get(snapshotId: string): Promise<ExtractionDoc> {
    const doc = await this.c.extractions.findOne({ _id: snapshotId });
    if (!doc) throw new MissingDocumentError('extraction', snapshotId);
    const { entryRefs, entries, blocks, entryCount, ...rest } = doc;
    if (entries) return { ...rest, entries, stored: 'whole' };
    const refs = blocks ? await this.refsOf(blockIds(doc)) : unpackRefs(entryRefs, REF_BYTES);
    const ids = refs.map((ref) => versionId(doc.liveblogId, ref));
    for (const [id, doc] of await findByIds(this.c.extractedEntries, ids.filter((id) => !this.cache.get(id)))) this.remember(id, entryOf(doc));
    return {
      ...rest,
      stored: 'references',
      entries: ids.map((id) => {
        const entry = this.cache.get(id);
        if (!entry) throw new MissingDocumentError('extracted entry', id);
        return entry;
      }),
    };
  }

  /** Entries and fetch time of each stored extraction among `snapshotIds`, by point reads; unknown ids are absent. */
  async entryCounts(snapshotIds: readonly string[]): Promise<Map<string, { entries: number; fetchedAt: Date }>> {
    const docs = await findByIds(this.c.extractions, snapshotIds, { projection: { entries: 1, entryRefs: 1, entryCount: 1, fetchedAt: 1 } });
    return new Map([...docs].map(([id, doc]) => [id, { entries: doc.entryCount ?? doc.entries?.length ?? unpackRefs(doc.entryRefs, REF_BYTES).length, fetchedAt: doc.fetchedAt }]));
  }

  /** The entry references of the blocks `ids`, in order. */
  private async refsOf(ids: readonly string[]): Promise<string[]> {
    const held = new Map(ids.flatMap((id) => {
      const block = this.blocks.get(id);
      return block ? [[id, block] as const] : [];
    }));
    for (const [id, { refs }] of await findByIds(this.c.extractionBlocks, ids.filter((id) => !held.has(id)))) {
      const block = unpackRefs(refs, REF_BYTES);
      held.set(id, block);
      this.rememberBlock(id, block);
    }
    return ids.flatMap((id) => {
      const block = held.get(id);
      if (!block) throw new MissingDocumentError('extraction block', id);
      return block;
    });
  }

  private rememberBlock(id: string, block: string[]): void {
    this.blocks.set(id, block, block.length * BLOCK_REF_MEMORY_BYTES);
  }

  private remember(id: string, entry: ExtractedEntry): void {
    this.cache.set(id, entry, entry.html.length + entry.text.length + 200);
  }
}
