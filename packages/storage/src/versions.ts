import type { Collections } from './database';
import type { EntryDoc, VersionsDoc } from './documents';
import type { IndexedEntry } from './indexed-entry';
import { findByIds } from './by-id';

export interface RecordedVersion {
  entryId: string;
  revisionId: string;
  contentHash: string;
  /** Epoch ms. */
  seenAt: number;
  firstSeenAt: number;
  sortKey: number;
}

/**
 * Records these revisions in their liveblog's versions document, one write for all of them. Keyed by
 * entry and revision id, so a replay sets the same fields to the same values.
 */
export async function recordVersions(c: Collections, liveblogId: string, revisions: readonly { revisionId: string; entry: EntryDoc }[]): Promise<void> {
  if (revisions.length === 0) return;
  const fields = Object.fromEntries(
    revisions.map(({ revisionId, entry }) => [
      `versions.${entry._id}~${revisionId}`,
      [entry.contentHash, entry.seenAt.getTime(), entry.firstSeenAt.getTime(), entry.sortKey.getTime()].join(' '),
    ]),
  );
  await c.versions.updateOne({ _id: liveblogId }, { $set: fields }, { upsert: true });
}

/** Every recorded version of the given liveblogs' entries. */
export async function readVersions(c: Collections, liveblogIds: Iterable<string>): Promise<RecordedVersion[]> {
  const docs = await findByIds<VersionsDoc>(c.versions, liveblogIds);
  return [...docs.values()].flatMap((doc) =>
    Object.entries(doc.versions ?? {}).map(([field, version]) => {
      const [entryId, revisionId] = field.split('~') as [string, string];
      const [contentHash, seenAt, firstSeenAt, sortKey] = version.split(' ') as [string, string, string, string];
      return { entryId, revisionId, contentHash, seenAt: Number(seenAt), firstSeenAt: Number(firstSeenAt), sortKey: Number(sortKey) };
    }),
  );
}

/** How many versions each entry has among these. */
export function countByEntry(versions: readonly RecordedVersion[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of versions) counts.set(v.entryId, (counts.get(v.entryId) ?? 0) + 1);
  return counts;
}

/**
 * Records, after the entries were written, that they exist and when they were deleted and restored: what
 * entry counts read by _id alone. Written after the entries, so a count never includes an entry that
 * cannot be read yet. `$max` keeps the latest time of each deletion and restoration, so replays and
 * out-of-order writes end the same: an entry counts as deleted while its latest deletion is later than
 * its latest restoration.
 */
export async function recordPresence(c: Collections, liveblogId: string, changes: readonly IndexedEntry[], at: Date): Promise<void> {
  if (changes.length === 0) return;
  const marks = changes.filter((e) => e.change === 'deleted' || e.change === 'restored');
  const update = {
    $set: Object.fromEntries(changes.map((e) => [`indexed.${e.entryId}`, true])),
    ...(marks.length > 0 && { $max: Object.fromEntries(marks.map((e) => [`${e.change}.${e.entryId}`, at.getTime()])) }),
  };
  await c.versions.updateOne({ _id: liveblogId }, update, { upsert: true });
}

/** Entries per liveblog, one read each; deleted ones only when asked for. */
export async function countEntries(c: Collections, liveblogIds: readonly string[], includeDeleted: boolean): Promise<Map<string, number>> {
  const docs = await findByIds<VersionsDoc>(c.versions, liveblogIds);
  return new Map(
    liveblogIds.map((id) => {
      const doc = docs.get(id);
      const entries = Object.keys(doc?.indexed ?? {}).length;
      const deleted = Object.entries(doc?.deleted ?? {}).filter(([entryId, at]) => at > (doc?.restored?.[entryId] ?? 0));
      return [id, includeDeleted ? entries : entries - deleted.length];
    }),
  );
}
