import type { AnyBulkWriteOperation, Document } from 'mongodb';
import { orderedBulkWrite } from './bulk';
import type { Collections } from './database';
import type { ExtractionDoc, SnapshotDirectoryDoc, SnapshotDoc } from './documents';

const HOUR_MS = 3_600_000;
const STATE = 'state';
/** Snapshots past the retention kept because they were their source's latest, looked at on every sweep. */
const KEPT = 'kept';

const hourOf = (at: Date) => Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
const hourId = (hour: number) => `h${hour}`;
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
 * directory document of its fetch hour, and a sweep reads the hours that have passed the retention
 * since the last sweep by _id, deletes by _id, and moves each source's latest to a `kept` list that
 * later sweeps look at again. Every step can be repeated: a sweep killed halfway is finished by the next.
 */
export class SnapshotRetention {
  constructor(private readonly c: Collections) {}

  /** Lists a snapshot in its hour; called before the snapshot is written, so none escapes the sweep. */
  async record(snapshotId: string, sourceId: string, fetchedAt: Date): Promise<void> {
    const hour = hourOf(fetchedAt);
    await orderedBulkWrite(this.c.snapshotDirectory, [
      { updateOne: { filter: { _id: hourId(hour) }, update: { $set: { [`snapshots.${snapshotId}`]: sourceId } }, upsert: true } },
      { updateOne: { filter: { _id: STATE }, update: { $min: { firstHour: hour } }, upsert: true } },
    ]);
  }

  /** Deletes the snapshots and extractions fetched before `now - retentionMs`, except each source's latest. */
  async sweep(now: Date, retentionMs: number): Promise<SweepResult> {
    const state = await this.c.snapshotDirectory.findOne({ _id: STATE });
    if (state?.firstHour === undefined) return { deleted: 0, kept: 0 };
    // Hours that ended before the cutoff hold only snapshots past the retention.
    const cutoff = hourOf(new Date(now.getTime() - retentionMs));
    // The sources collection is one small document per source: listing it is cheap even where FerretDB scans.
    const latest = new Set((await this.c.sources.find({}, { projection: { 'status.lastSnapshotId': 1 } }).toArray()).map((s) => s.status?.lastSnapshotId));
    const kept = (await this.c.snapshotDirectory.findOne({ _id: KEPT }))?.snapshots ?? {};
    const candidates: Record<string, string> = { ...kept };
    const from = Math.max(state.firstHour, state.sweptBefore ?? state.firstHour);
    const hours: string[] = [];
    for (let hour = from; hour < cutoff; hour += HOUR_MS) {
      const doc = await this.c.snapshotDirectory.findOne({ _id: hourId(hour) });
      if (doc) {
        Object.assign(candidates, doc.snapshots);
        hours.push(doc._id);
      }
    }
    const keep = Object.fromEntries(Object.entries(candidates).filter(([id]) => latest.has(id)));
    const drop = Object.keys(candidates).filter((id) => !(id in keep));
    // The kept list first: a sweep killed after it has lost nothing the next one needs.
    await this.c.snapshotDirectory.replaceOne({ _id: KEPT }, { snapshots: keep }, { upsert: true });
    await orderedBulkWrite(this.c.extractions, drop.map((id) => deleteById<ExtractionDoc>(id)));
    await orderedBulkWrite(this.c.snapshots, drop.map((id) => deleteById<SnapshotDoc>(id)));
    await orderedBulkWrite(this.c.snapshotDirectory, hours.map((id) => deleteById<SnapshotDirectoryDoc>(id)));
    if (cutoff > from) await this.c.snapshotDirectory.updateOne({ _id: STATE }, { $max: { sweptBefore: cutoff } });
    return { deleted: drop.length, kept: Object.keys(keep).length };
  }
}
