import { createHash } from 'node:crypto';
import { deflateRawSync, gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
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
export const GROUP_SNAPSHOTS = 240;
/**
 * So that retention can drop a whole group a few hours after its last member passes the retention. A
 * group's first snapshot stores the whole page, and on FerretDB's SQLite its gzipped chunks of ~2 KB take
 * a 4 KB page each (~300 KB for a 300 KB page): over 4 hours of a change a minute that is ~1.2 KB a change,
 * over one hour it was ~5 KB (bench/change-cost.ts).
 */
export const GROUP_SPAN_MS = 4 * 3_600_000;
/** Bytes of a chunk's sha256 that name it within its group; the whole page's sha256 checks every read. */
const REF_BYTES = 8;
/** Chunks kept in memory for reads (gunzipped), per process. */
const CACHE_BYTES = 64 * 1024 * 1024;
/**
 * A chunk compressed against chunks that were themselves compressed against others is read after them,
 * one round of point reads per link: past this many links a new chunk is compressed on its own, so that
 * a read by a process with nothing in memory takes at most this many rounds.
 */
const MAX_LEVEL = 8;
/** deflate looks back 32 KB: of a longer dictionary only its end is used. */
const DICTIONARY_BYTES = 32 * 1024;

export const chunkId = (group: string, ref: string) => `${group}:${ref}`;
const groupOf = (chunk: string) => chunk.slice(0, chunk.lastIndexOf(':'));

/** A chunk's bytes, and how many links of dictionaries its read follows (0: compressed on its own). */
interface Chunk {
  body: Buffer;
  level: number;
}

/** The dictionary made of `chunks` (in page order): what a chunk compressed against them is inflated with. */
const dictionaryOf = (chunks: readonly Chunk[]): Chunk => ({
  body: Buffer.concat(chunks.map((c) => c.body)).subarray(-DICTIONARY_BYTES),
  level: 1 + Math.max(...chunks.map((c) => c.level)),
});

/** The chunk references of a stored snapshot, in page order. */
export const chunkRefs = (doc: Pick<SnapshotDoc, 'chunks'>) => unpackRefs(doc.chunks, REF_BYTES);

/**
 * The chunks `chunks` (ids) and every chunk that their reads need as dictionaries, with their levels; a
 * chunk no longer stored counts as level 0. Deleting in order of level deletes a dictionary before the
 * chunks compressed against it: a sweep cut off halfway leaves no chunk whose dictionaries it cannot find.
 */
export async function withDictionaries(c: Collections, chunks: readonly string[]): Promise<Map<string, number>> {
  const levels = new Map<string, number>(chunks.map((id) => [id, 0]));
  for (let wanted = [...levels.keys()]; wanted.length > 0; ) {
    const found = await findByIds(c.snapshotChunks, wanted, { projection: { dict: 1, level: 1 } });
    wanted = [];
    for (const [id, doc] of found) {
      levels.set(id, doc.level ?? 0);
      for (const ref of unpackRefs(doc.dict, REF_BYTES)) {
        const dictionary = chunkId(groupOf(id), ref);
        if (levels.has(dictionary)) continue;
        levels.set(dictionary, 0);
        wanted.push(dictionary);
      }
    }
  }
  return levels;
}

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
 * A new chunk is deflated with the chunks of the previous snapshot that the new one no longer has as its
 * dictionary (the same entries before the new one came, the timestamp before it changed): on a 300 KB page
 * changing once a minute the chunks take 7.3 KB a change where gzipped on their own they took 14.1 KB, the
 * group's first snapshot included (bench/change-cost.ts). Reading it needs those chunks first, and theirs:
 * the chain is cut at MAX_LEVEL.
 */
export class SnapshotStore {
  private readonly cache = new ContentCache<Chunk>(CACHE_BYTES);

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
    const { group, previous } = await this.groupAfter(s.previousId ?? null, s.id, s.fetchedAt);
    const known = new Set(previous);
    const refs: string[] = [];
    const fresh: { ref: string; body: Buffer }[] = [];
    let start = 0;
    for (const end of chunkEnds(s.body)) {
      const body = s.body.subarray(start, end);
      start = end;
      const ref = createHash('sha256').update(body).digest('hex').slice(0, 2 * REF_BYTES);
      refs.push(ref);
      if (known.has(ref)) continue;
      known.add(ref);
      fresh.push({ ref, body });
    }
    const kept = new Set(refs);
    const gone = [...new Set(previous.filter((ref) => !kept.has(ref)))];
    const dictionary = fresh.length > 0 && gone.length > 0 ? dictionaryOf([...(await this.chunks(group.group, gone)).values()]) : null;
    const against = dictionary && dictionary.level <= MAX_LEVEL ? dictionary : null;
    const writes = fresh.map(({ ref, body }): AnyBulkWriteOperation<SnapshotChunkDoc> => {
      const stored = against
        ? { dz: new Binary(deflateRawSync(body, { dictionary: against.body })), dict: packRefs(gone), level: against.level }
        : { gz: new Binary(gzipSync(body)) };
      return { updateOne: { filter: { _id: chunkId(group.group, ref) }, update: { $setOnInsert: stored }, upsert: true } };
    });
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
    // The next snapshot of the page is compressed against these: the fetcher finds them here, not in the
    // database. Copied: a chunk is a view of the whole page, and kept as such it would hold every page it
    // came from in memory (the fetcher of a 30-minute soak grew to 1.7 GB with a cache of 64 MB).
    for (const { ref, body } of fresh) this.cache.set(chunkId(group.group, ref), { body: Buffer.from(body), level: against?.level ?? 0 }, body.length);
  }

  /** The page byte for byte, checked against its content hash; snapshots stored whole read as before. */
  async get(id: string): Promise<StoredSnapshot> {
    const doc = await this.c.snapshots.findOne({ _id: id });
    if (!doc) throw new MissingDocumentError('snapshot', id);
    const { _id, bodyGzip, group, groupStartedAt, depth, chunks, ...rest } = doc;
    if (bodyGzip) return { ...rest, id: _id, body: gunzipSync(bodyGzip.buffer) };
    const refs = chunkRefs(doc);
    const parts = await this.chunks(group!, refs);
    const body = Buffer.concat(refs.map((ref) => parts.get(ref)!.body));
    if (createHash('sha256').update(body).digest('hex') !== doc.contentHash) throw new CorruptSnapshotError(id);
    return { ...rest, id: _id, body };
  }

  /**
   * The chunks `refs` of `group`, by ref: from memory, else read with the chunks they were compressed
   * against, one round of point reads per link of the chain.
   */
  private async chunks(group: string, refs: readonly string[]): Promise<Map<string, Chunk>> {
    // What memory held when asked: it may drop a value while the reads below are awaited.
    const held = new Map<string, Chunk>();
    const docs = new Map<string, SnapshotChunkDoc>();
    const toRead = (ids: Iterable<string>) =>
      [...new Set(ids)].filter((id) => {
        if (held.has(id) || docs.has(id)) return false;
        const hit = this.cache.get(id);
        if (hit) held.set(id, hit);
        return !hit;
      });
    for (let wanted = toRead(refs.map((ref) => chunkId(group, ref))); wanted.length > 0; ) {
      const found = await findByIds(this.c.snapshotChunks, wanted);
      for (const [id, doc] of found) docs.set(id, doc);
      wanted = toRead([...found.values()].flatMap((doc) => unpackRefs(doc.dict, REF_BYTES).map((ref) => chunkId(group, ref))));
    }
    const decode = (id: string): Chunk => {
      const hit = held.get(id);
      if (hit) return hit;
      const doc = docs.get(id);
      if (!doc) throw new MissingDocumentError('snapshot chunk', id);
      const chunk = doc.dz
        ? { body: inflateRawSync(doc.dz.buffer, { dictionary: dictionaryOf(unpackRefs(doc.dict, REF_BYTES).map((ref) => decode(chunkId(group, ref)))).body }), level: doc.level ?? 1 }
        : { body: gunzipSync(doc.gz!.buffer), level: 0 };
      held.set(id, chunk);
      this.cache.set(id, chunk, chunk.body.length);
      return chunk;
    };
    return new Map(refs.map((ref) => [ref, decode(chunkId(group, ref))]));
  }

  /** Joins the previous snapshot's group while it is young and small enough, knowing its chunks; otherwise starts one. */
  private async groupAfter(previousId: string | null, id: string, fetchedAt: Date): Promise<{ group: SnapshotGroup; previous: string[] }> {
    const fresh = { group: { group: id, startedAt: fetchedAt.getTime(), depth: 0 }, previous: [] };
    if (!previousId) return fresh;
    const previous = await this.c.snapshots.findOne({ _id: previousId }, { projection: { group: 1, groupStartedAt: 1, depth: 1, chunks: 1 } });
    if (!previous?.group || previous.depth === undefined || previous.groupStartedAt === undefined) return fresh;
    if (previous.depth + 1 >= GROUP_SNAPSHOTS || fetchedAt.getTime() - previous.groupStartedAt >= GROUP_SPAN_MS) return fresh;
    return { group: { group: previous.group, startedAt: previous.groupStartedAt, depth: previous.depth + 1 }, previous: chunkRefs(previous) };
  }
}
