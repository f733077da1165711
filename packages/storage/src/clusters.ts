import type { AnyBulkWriteOperation } from 'mongodb';
import { orderedBulkWrite } from './bulk';
import type { Collections } from './database';
import { findByIds } from './by-id';
import type { ClusterDoc, ClusterMember } from './documents';

/** A cluster as read: its members in order of first sight, the first of them the outlet that had it first. */
export interface ClusterView {
  id: string;
  firstSeenAt: Date;
  first: ClusterMember;
  members: ClusterMember[];
}

const byFirstSight = (a: ClusterMember, b: ClusterMember) =>
  a.firstSeenAt.getTime() - b.firstSeenAt.getTime() || (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0);

export class ClusterStore {
  constructor(private readonly c: Collections) {}

  /**
   * Adds the named entries, as stored, to the clusters they carry. Each member holds only values that
   * never change after the entry's creation, so $addToSet makes a replay a no-op; entries without a
   * cluster are skipped. Called after the entries are written, so a crash in between is repaired by
   * the replay.
   */
  async addMembers(entryIds: readonly string[], now = new Date()): Promise<void> {
    if (entryIds.length === 0) return;
    const rows = await findByIds(this.c.entries, entryIds, { projection: { liveblogId: 1, firstSeenAt: 1, clusterId: 1 } });
    const writes: AnyBulkWriteOperation<ClusterDoc>[] = [...rows.values()].flatMap((row) =>
      row.clusterId
        ? [
            {
              updateOne: {
                filter: { _id: row.clusterId },
                update: {
                  $setOnInsert: { createdAt: now },
                  $addToSet: { members: { liveblogId: row.liveblogId, entryId: row._id, firstSeenAt: row.firstSeenAt } },
                },
                upsert: true,
              },
            },
          ]
        : [],
    );
    await orderedBulkWrite(this.c.clusters, writes);
  }

  /**
   * The first member is derived on read, not stored: indexers adding members concurrently could
   * otherwise leave a stale "first" behind.
   */
  async get(id: string): Promise<ClusterView | null> {
    const doc = await this.c.clusters.findOne({ _id: id });
    if (!doc || !doc.members || doc.members.length === 0) return null;
    const members = [...doc.members].sort(byFirstSight);
    const first = members[0] as ClusterMember;
    return { id: doc._id, firstSeenAt: first.firstSeenAt, first, members };
  }
}
