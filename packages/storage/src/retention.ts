import type { AnyBulkWriteOperation, Document } from 'mongodb';
import { orderedBulkWrite } from './bulk';
import type { Collections } from './database';
import { findByIds } from './by-id';
import type { ExtractionBlockDoc, SnapshotChunkDoc, SnapshotDirectoryDoc, SnapshotDoc, StoredExtractionDoc } from './documents';
import { blockIds } from './extractions';
import { chunkId, chunkRefs, GROUP_SPAN_MS, withDictionaries, type SnapshotGroup } from './snapshots';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const STATE = 'state';
/** Snapshots past the retention kept because they were their source's latest, looked at on every sweep. */
const KEPT = 'kept';

const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit;
const minuteId = (minute: number) => `m${minute}`;
const deleteById = <T extends Document & { _id: string }>(id: string): AnyBulkWriteOperation<T> => ({ deleteOne: { filter: { _id: id } as never } });

export interface SweepResult {
  /** Snapshots (with their extractions) deleted. */
  deleted: number;
  /** Snapshots past the retention kept as their source's latest. */
  kept: number;
}

/** A listed snapshot: its source, and for one stored as chunks its group (see SnapshotStore). */
interface Listed {
  sourceId: string;
  group: string | null;
  groupStartedAt: number;
}

const listing = (sourceId: string, group: SnapshotGroup | null) => (group ? `${sourceId} ${group.group} ${group.startedAt}` : sourceId);

function parseListing(value: string): Listed {
  const [sourceId, group, startedAt] = value.split(' ');
  return { sourceId: sourceId!, group: group ?? null, groupStartedAt: Number(startedAt ?? 0) };
}

/**
 * Raw snapshots and their extractions are kept for the retention time, and each source's latest for as
 * long as it is the latest; liveblogs, entries and revisions are kept for good. Old snapshots are found
 * without a query, which FerretDB would answer by scanning: every snapshot is listed, when stored, in a
 * directory document of its fetch minute (small, as FerretDB rewrites a whole document on each update),
 * and the hours that have such documents in a `state` document. A sweep reads the minutes of the hours
 * past the retention by _id, deletes by _id, and moves each source's latest to a `kept` list that later
 * sweeps look at again. Every step can be repeated: a sweep killed halfway is finished by the next.
 *
 * Snapshots stored as chunks share them within their group, so a group goes as a whole: only once it is
 * closed (it started more than GROUP_SPAN_MS before the cutoff, so every snapshot it will ever have is
 * past the retention and listed here) are its snapshots dropped, and the chunks that none of its kept
 * snapshots (its source's latest) uses. Minutes that list snapshots of a group still open stay listed
 * for the next sweep. No counts are kept: the chunks to delete are read from the snapshots that name
 * them, which are deleted only after their chunks. Extraction blocks likewise: those that no extraction
 * staying uses go before the extractions that name them.
 */
export class SnapshotRetention {
  constructor(private readonly c: Collections) {}

  /** Lists a snapshot in its minute; called before the snapshot is written, so none escapes the sweep. */
  async record(snapshotId: string, sourceId: string, fetchedAt: Date, group: SnapshotGroup | null = null): Promise<void> {
    const at = fetchedAt.getTime();
    await orderedBulkWrite(this.c.snapshotDirectory, [
      { updateOne: { filter: { _id: minuteId(floorTo(at, MINUTE_MS)) }, update: { $set: { [`snapshots.${snapshotId}`]: listing(sourceId, group) } }, upsert: true } },
      { updateOne: { filter: { _id: STATE }, update: { $addToSet: { hours: floorTo(at, HOUR_MS) } }, upsert: true } },
    ]);
  }

  /** Deletes the snapshots and extractions fetched before `now - retentionMs`, except each source's latest and the groups still open. */
  async sweep(now: Date, retentionMs: number): Promise<SweepResult> {
    // Hours that ended before the cutoff hold only snapshots past the retention.
    const cutoff = floorTo(now.getTime() - retentionMs, HOUR_MS);
    const hours = ((await this.c.snapshotDirectory.findOne({ _id: STATE }))?.hours ?? []).filter((hour) => hour < cutoff);
    // The sources collection is one small document per source: listing it is cheap even where FerretDB scans.
    const latest = new Set((await this.c.sources.find({}, { projection: { 'status.lastSnapshotId': 1 } }).toArray()).map((s) => s.status?.lastSnapshotId));
    const candidates: Record<string, string> = { ...(await this.c.snapshotDirectory.findOne({ _id: KEPT }))?.snapshots };
    const minutes: SnapshotDirectoryDoc[] = [];
    for (const hour of hours) {
      for (let minute = hour; minute < hour + HOUR_MS; minute += MINUTE_MS) {
        const doc = await this.c.snapshotDirectory.findOne({ _id: minuteId(minute) });
        if (!doc) continue;
        Object.assign(candidates, doc.snapshots);
        minutes.push(doc);
      }
    }
    const open = (id: string) => {
      const { group, groupStartedAt } = parseListing(candidates[id]!);
      return group !== null && groupStartedAt + GROUP_SPAN_MS >= cutoff;
    };
    const keep = Object.fromEntries(Object.entries(candidates).filter(([id]) => latest.has(id)));
    const drop = Object.keys(candidates).filter((id) => !(id in keep) && !open(id));
    // Everything known goes on the kept list first: a sweep killed before its end has forgotten nothing.
    await this.c.snapshotDirectory.replaceOne({ _id: KEPT }, { snapshots: { ...candidates } }, { upsert: true });
    // Chunks only of snapshots stored as chunks: one stored whole is listed without a group.
    const grouped = drop.filter((id) => parseListing(candidates[id]!).group !== null);
    const dropGroups = new Set(grouped.map((id) => parseListing(candidates[id]!).group));
    await this.dropChunks(grouped, Object.keys(keep).filter((id) => dropGroups.has(parseListing(keep[id]!).group)));
    await this.dropBlocks(drop, Object.keys(candidates).filter((id) => !drop.includes(id)));
    await orderedBulkWrite(this.c.extractions, drop.map((id) => deleteById<StoredExtractionDoc>(id)));
    await orderedBulkWrite(this.c.snapshots, drop.map((id) => deleteById<SnapshotDoc>(id)));
    const done = minutes.filter((doc) => !Object.keys(doc.snapshots ?? {}).some(open));
    await orderedBulkWrite(this.c.snapshotDirectory, done.map((doc) => deleteById<SnapshotDirectoryDoc>(doc._id)));
    const waiting = new Set(minutes.filter((doc) => !done.includes(doc)).map((doc) => floorTo(Number(doc._id.slice(1)), HOUR_MS)));
    const finished = hours.filter((hour) => !waiting.has(hour));
    if (finished.length > 0) await this.c.snapshotDirectory.updateOne({ _id: STATE }, { $pull: { hours: { $in: finished } } });
    await this.c.snapshotDirectory.replaceOne({ _id: KEPT }, { snapshots: keep }, { upsert: true });
    return { deleted: drop.length, kept: Object.keys(keep).length };
  }

  /**
   * The extraction blocks of the extractions dropped that no other extraction uses: those of the same
   * liveblog and hour, all of them among the candidates staying (kept, or of a group still open).
   */
  private async dropBlocks(drop: readonly string[], staying: readonly string[]): Promise<void> {
    const stored = await findByIds(this.c.extractions, [...drop, ...staying], { projection: { liveblogId: 1, fetchedAt: 1, blocks: 1 } });
    const blocksOf = (id: string) => {
      const doc = stored.get(id);
      return doc ? blockIds(doc) : [];
    };
    const used = new Set(staying.flatMap(blocksOf));
    const unused = new Set(drop.flatMap(blocksOf).filter((block) => !used.has(block)));
    await orderedBulkWrite(this.c.extractionBlocks, [...unused].map((id) => deleteById<ExtractionBlockDoc>(id)));
  }

  /** The chunks of the snapshots dropped that no kept snapshot of their (closed) group uses. */
  private async dropChunks(drop: readonly string[], kept: readonly string[]): Promise<void> {
    const stored = await findByIds(this.c.snapshots, [...drop, ...kept], { projection: { group: 1, chunks: 1 } });
    const chunksOf = (id: string) => {
      const doc = stored.get(id);
      return doc?.group ? chunkRefs(doc).map((ref) => chunkId(doc.group!, ref)) : [];
    };
    // A kept snapshot reads its chunks' dictionaries too, though only dropped snapshots list them.
    const used = await withDictionaries(this.c, kept.flatMap(chunksOf));
    const unused = [...(await withDictionaries(this.c, drop.flatMap(chunksOf)))].filter(([chunk]) => !used.has(chunk));
    unused.sort((a, b) => a[1] - b[1]);
    await orderedBulkWrite(this.c.snapshotChunks, unused.map(([id]) => deleteById<SnapshotChunkDoc>(id)));
  }
}
