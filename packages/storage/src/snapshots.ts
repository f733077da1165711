import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Binary, type AnyBulkWriteOperation } from 'mongodb';
import { findByIds } from './by-id';
import { chunkEnds } from './chunking';
import { ContentCache } from './content-cache';
import type { Collections } from './database';
import type { SnapshotChunkDoc, SnapshotDoc } from './documents';
import { CorruptSnapshotError, MissingDocumentError } from './errors';
import { orderedBulkWrite } from './bulk';
import { packRefs, unpackRefs } from './refs';
import type { SnapshotRetention } from './retention';

export interface NewSnapshot {
  id: string;
  sourceId: string;
  url: string;
  contentType: string | null;
  contentHash: string;
  body: Buffer;
  fetchedAt: Date;
  /** The source's latest snapshot before this one (its status.lastSnapshotId): the group this one may join. */
  previousId?: string | null;
}

export interface StoredSnapshot extends Pick<SnapshotDoc, 'sourceId' | 'url' | 'contentType' | 'contentHash' | 'bytes' | 'fetchedAt'> {
  id: string;
  body: Buffer;
}

/** Where a snapshot stands among the snapshots whose chunks it shares. */
export interface SnapshotGroup {
  group: string;
  startedAt: number;
  depth: number;
}

/** Snapshots of a group: a new group (all chunks stored again) starts after this many, or after GROUP_SPAN_MS. */
export const GROUP_SNAPSHOTS = 64;
/** So that retention can drop a whole group an hour after its last member passes the retention. */
export const GROUP_SPAN_MS = 3_600_000;
/** Bytes of a chunk's sha256 that name it within its group; the whole page's sha256 checks every read. */
const REF_BYTES = 8;
/** Chunks kept in memory for reads (gunzipped), per process. */
const CACHE_BYTES = 64 * 1024 * 1024;

export const chunkId = (group: string, ref: string) => `${group}:${ref}`;

/** The chunk references of a stored snapshot, in page order. */
export const chunkRefs = (doc: Pick<SnapshotDoc, 'chunks'>) => unpackRefs(doc.chunks, REF_BYTES);

/**
 * Raw pages, stored so that a change costs what changed. A page is cut into content-defined chunks
 * (FastCDC, see chunking.ts); the snapshots of one source form groups of up to GROUP_SNAPSHOTS
 * consecutive snapshots within GROUP_SPAN_MS, and a group stores each distinct chunk once. A snapshot is
 * its list of chunk references; the next snapshot of the page writes only the chunks that its previous
 * one did not have (the new entry, the changed timestamp), about 5 of 80 on a 300 KB page. Why chunks, not
 * a delta against the previous snapshot (measured in bench/snapshot-layouts.ts): a delta stores less, but
 * reading the latest snapshot means applying the chain back to its keyframe, one dependent read after
 * another, and writing one needs the previous page rebuilt first; chunks read in parallel, and writing
 * needs only the previous snapshot's list. Why groups: retention drops a group whole once none of its
 * snapshots is needed (see SnapshotRetention), with no reference counts to keep right under crashes.
 */
export class SnapshotStore {
  private readonly cache = new ContentCache<Buffer>(CACHE_BYTES);

  constructor(
    private readonly c: Collections,
    private readonly retention: SnapshotRetention,
  ) {}

  /**
   * Idempotent: the id is derived from source and content, and chunks are written with $setOnInsert, so
   * a re-fetch of the same bytes changes nothing. Listed for the retention sweep first, then the chunks,
   * then the snapshot that names them: a crash at any point leaves no snapshot missing a chunk, and nothing
   * the sweep cannot find.
   */
  async put(s: NewSnapshot): Promise<void> {
    if (await this.c.snapshots.findOne({ _id: s.id }, { projection: { _id: 1 } })) return;
    const { group, known } = await this.groupAfter(s.previousId ?? null, s.id, s.fetchedAt);
    const refs: string[] = [];
    const writes: AnyBulkWriteOperation<SnapshotChunkDoc>[] = [];
    let start = 0;
    for (const end of chunkEnds(s.body)) {
      const chunk = s.body.subarray(start, end);
      start = end;
      const ref = createHash('sha256').update(chunk).digest('hex').slice(0, 2 * REF_BYTES);
      refs.push(ref);
      if (known.has(ref)) continue;
      known.add(ref);
      writes.push({ updateOne: { filter: { _id: chunkId(group.group, ref) }, update: { $setOnInsert: { gz: new Binary(gzipSync(chunk)) } }, upsert: true } });
    }
    await this.retention.record(s.id, s.sourceId, s.fetchedAt, group);
    await orderedBulkWrite(this.c.snapshotChunks, writes);
    await this.c.snapshots.updateOne(
      { _id: s.id },
      {
        $setOnInsert: {
          sourceId: s.sourceId,
          url: s.url,
          contentType: s.contentType,
          contentHash: s.contentHash,
          bytes: s.body.length,
          fetchedAt: s.fetchedAt,
          group: group.group,
          groupStartedAt: group.startedAt,
          depth: group.depth,
          chunks: packRefs(refs),
        },
      },
      { upsert: true },
    );
  }

  /** The page byte for byte, checked against its content hash; snapshots stored whole read as before. */
  async get(id: string): Promise<StoredSnapshot> {
    const doc = await this.c.snapshots.findOne({ _id: id });
    if (!doc) throw new MissingDocumentError('snapshot', id);
    const { _id, bodyGzip, group, groupStartedAt, depth, chunks, ...rest } = doc;
    if (bodyGzip) return { ...rest, id: _id, body: gunzipSync(bodyGzip.buffer) };
    const ids = chunkRefs(doc).map((ref) => chunkId(group!, ref));
    const missing = ids.filter((chunk) => !this.cache.get(chunk));
    for (const [chunk, { gz }] of await findByIds(this.c.snapshotChunks, missing)) {
      const bytes = gunzipSync(gz.buffer);
      this.cache.set(chunk, bytes, bytes.length);
    }
    const parts = ids.map((chunk) => this.cache.get(chunk));
    const lost = ids.find((_, i) => !parts[i]);
    if (lost) throw new MissingDocumentError('snapshot chunk', lost);
    const body = Buffer.concat(parts as Buffer[]);
    if (createHash('sha256').update(body).digest('hex') !== doc.contentHash) throw new CorruptSnapshotError(id);
    return { ...rest, id: _id, body };
  }

  /** Joins the previous snapshot's group while it is young and small enough, knowing its chunks; otherwise starts one. */
  private async groupAfter(previousId: string | null, id: string, fetchedAt: Date): Promise<{ group: SnapshotGroup; known: Set<string> }> {
    const fresh = { group: { group: id, startedAt: fetchedAt.getTime(), depth: 0 }, known: new Set<string>() };
    if (!previousId) return fresh;
    const previous = await this.c.snapshots.findOne({ _id: previousId }, { projection: { group: 1, groupStartedAt: 1, depth: 1, chunks: 1 } });
    if (!previous?.group || previous.depth === undefined || previous.groupStartedAt === undefined) return fresh;
    if (previous.depth + 1 >= GROUP_SNAPSHOTS || fetchedAt.getTime() - previous.groupStartedAt >= GROUP_SPAN_MS) return fresh;
    return { group: { group: previous.group, startedAt: previous.groupStartedAt, depth: previous.depth + 1 }, known: new Set(chunkRefs(previous)) };
  }
}
