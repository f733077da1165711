import type { AnyBulkWriteOperation, Document } from 'mongodb';
import { orderedBulkWrite } from './bulk';
import type { Collections } from './database';
import type { ExtractionDoc, SnapshotDirectoryDoc, SnapshotDoc } from './documents';

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

/**
 * Raw snapshots and their extractions are kept for the retention time, and each source's latest for as
 * long as it is the latest; liveblogs, entries and revisions are kept for good. Old snapshots are found
 * without a query, which FerretDB would answer by scanning: every snapshot is listed, when stored, in a
 * directory document of its fetch minute (small, as FerretDB rewrites a whole document on each update),
 * and the hours that have such documents in a `state` document. A sweep reads the minutes of the hours
 * past the retention by _id, deletes by _id, and moves each source's latest to a `kept` list that later
 * sweeps look at again. Every step can be repeated: a sweep killed halfway is finished by the next.
 */
export class SnapshotRetention {
  constructor(private readonly c: Collections) {}

  /** Lists a snapshot in its minute; called before the snapshot is written, so none escapes the sweep. */
  async record(snapshotId: string, sourceId: string, fetchedAt: Date): Promise<void> {
    const at = fetchedAt.getTime();
    await orderedBulkWrite(this.c.snapshotDirectory, [
      { updateOne: { filter: { _id: minuteId(floorTo(at, MINUTE_MS)) }, update: { $set: { [`snapshots.${snapshotId}`]: sourceId } }, upsert: true } },
      { updateOne: { filter: { _id: STATE }, update: { $addToSet: { hours: floorTo(at, HOUR_MS) } }, upsert: true } },
    ]);
  }

  /** Deletes the snapshots and extractions fetched before `now - retentionMs`, except each source's latest. */
  async sweep(now: Date, retentionMs: number): Promise<SweepResult> {
    // Hours that ended before the cutoff hold only snapshots past the retention.
    const cutoff = floorTo(now.getTime() - retentionMs, HOUR_MS);
    const hours = ((await this.c.snapshotDirectory.findOne({ _id: STATE }))?.hours ?? []).filter((hour) => hour < cutoff);
    // The sources collection is one small document per source: listing it is cheap even where FerretDB scans.
    const latest = new Set((await this.c.sources.find({}, { projection: { 'status.lastSnapshotId': 1 } }).toArray()).map((s) => s.status?.lastSnapshotId));
    const candidates: Record<string, string> = { ...(await this.c.snapshotDirectory.findOne({ _id: KEPT }))?.snapshots };
    const minutes: string[] = [];
    for (const hour of hours) {
      for (let minute = hour; minute < hour + HOUR_MS; minute += MINUTE_MS) {
        const doc = await this.c.snapshotDirectory.findOne({ _id: minuteId(minute) });
        if (!doc) continue;
        Object.assign(candidates, doc.snapshots);
        minutes.push(doc._id);
      }
    }
    const keep = Object.fromEntries(Object.entries(candidates).filter(([id]) => latest.has(id)));
    const drop = Object.keys(candidates).filter((id) => !(id in keep));
    // The kept list first: a sweep killed after it has lost nothing the next one needs.
    await this.c.snapshotDirectory.replaceOne({ _id: KEPT }, { snapshots: keep }, { upsert: true });
    await orderedBulkWrite(this.c.extractions, drop.map((id) => deleteById<ExtractionDoc>(id)));
    await orderedBulkWrite(this.c.snapshots, drop.map((id) => deleteById<SnapshotDoc>(id)));
    await orderedBulkWrite(this.c.snapshotDirectory, minutes.map((id) => deleteById<SnapshotDirectoryDoc>(id)));
    if (hours.length > 0) await this.c.snapshotDirectory.updateOne({ _id: STATE }, { $pull: { hours: { $in: hours } } });
    return { deleted: drop.length, kept: Object.keys(keep).length };
  }
}
