import type { AnyBulkWriteOperation, Document } from 'mongodb';
import type { Collections } from './database';
import type { ContentHashDoc, EntryCountsDoc, EntryDoc, EntryVersionsDoc, PresenceDoc } from './documents';
import type { EntryChange } from './indexed-entry';
import { orderedBulkWrite } from './bulk';
import { findByIds } from './by-id';

/*
 * What the indexer records about entry versions, each in documents that grow only with what they are
 * about, never with the liveblog: FerretDB rewrites a whole document on any update, and one document per
 * liveblog (as before 2026-12-07, see splitVersions) cost each job a rewrite of ~110 bytes per entry the
 * liveblog ever had, twice, and would have reached MongoDB's 16 MB limit at ~100,000 entries.
 * - an entry's versions: one document per entry (revision counts and listings);
 * - the entries of a liveblog that carried a content: one document per liveblog and content hash
 *   (re-post detection);
 * - which entries exist and when they were deleted and restored: one document per liveblog and hour in
 *   which its entries were first seen, and per liveblog its counts by such hour (entry counts).
 * All keyed by _id, the only filter FerretDB's SQLite backend does not answer by a scan.
 */

/** One version of an entry as recorded. */
export interface RecordedVersion {
  entryId: string;
  revisionId: string;
  contentHash: string;
  /** Epoch ms. */
  seenAt: number;
  firstSeenAt: number;
  sortKey: number;
}

const HOUR_MS = 3_600_000;
const hourKey = (at: number): string => `t${Math.floor(at / HOUR_MS) * HOUR_MS}`;
const contentHashId = (liveblogId: string, contentHash: string): string => `${liveblogId}~${contentHash}`;
const presenceId = (liveblogId: string, hour: string): string => `${liveblogId}|${hour}`;

// `<contentHash> <seenAt> <firstSeenAt> <sortKey>`, times in epoch ms: one string, cheap for FerretDB to decode.
const encodeVersion = (v: Omit<RecordedVersion, 'entryId' | 'revisionId'>): string => [v.contentHash, v.seenAt, v.firstSeenAt, v.sortKey].join(' ');
function decodeVersion(entryId: string, revisionId: string, encoded: string): RecordedVersion {
  const [contentHash, seenAt, firstSeenAt, sortKey] = encoded.split(' ') as [string, string, string, string];
  return { entryId, revisionId, contentHash, seenAt: Number(seenAt), firstSeenAt: Number(firstSeenAt), sortKey: Number(sortKey) };
}
const versionOf = (revisionId: string, entry: EntryDoc): RecordedVersion => ({
  entryId: entry._id,
  revisionId,
  contentHash: entry.contentHash,
  seenAt: entry.seenAt.getTime(),
  firstSeenAt: entry.firstSeenAt.getTime(),
  sortKey: entry.sortKey.getTime(),
});

/**
 * Records these revisions of one liveblog's entries: in each entry's versions, and under each content
 * hash. Keyed by entry and revision id, so a replay sets the same fields to the same values.
 */
export async function recordVersions(c: Collections, liveblogId: string, revisions: readonly { revisionId: string; entry: EntryDoc }[]): Promise<void> {
  await writeVersions(c, liveblogId, revisions.map(({ revisionId, entry }) => versionOf(revisionId, entry)));
}

async function writeVersions(c: Collections, liveblogId: string, versions: readonly RecordedVersion[]): Promise<void> {
  const byEntry = new Map<string, Record<string, string>>();
  const byHash = new Map<string, Record<string, string>>();
  for (const v of versions) {
    byEntry.set(v.entryId, { ...byEntry.get(v.entryId), [`versions.${v.revisionId}`]: encodeVersion(v) });
    const id = contentHashId(liveblogId, v.contentHash);
    byHash.set(id, { ...byHash.get(id), [`versions.${v.entryId}~${v.revisionId}`]: encodeVersion(v) });
  }
  const upsert = <T extends Document>(fields: Map<string, Record<string, string>>, extra: Record<string, string>): AnyBulkWriteOperation<T>[] =>
    [...fields].map(([_id, set]) => ({ updateOne: { filter: { _id } as never, update: { $set: set, $setOnInsert: extra } as never, upsert: true } }));
  await orderedBulkWrite<EntryVersionsDoc>(c.entryVersions, upsert(byEntry, { liveblogId }));
  await orderedBulkWrite<ContentHashDoc>(c.contentHashes, upsert(byHash, { liveblogId }));
}

/** Every recorded version of these entries. */
export async function readVersions(c: Collections, entryIds: Iterable<string>): Promise<RecordedVersion[]> {
  const docs = await findByIds(c.entryVersions, entryIds);
  return [...docs.values()].flatMap((doc) => Object.entries(doc.versions).map(([revisionId, v]) => decodeVersion(doc._id, revisionId, v)));
}

/** Every recorded version of a liveblog's entries that carried one of these contents. */
export async function readVersionsByContent(c: Collections, liveblogId: string, contentHashes: Iterable<string>): Promise<RecordedVersion[]> {
  const docs = await findByIds(c.contentHashes, [...contentHashes].map((h) => contentHashId(liveblogId, h)));
  return [...docs.values()].flatMap((doc) =>
    Object.entries(doc.versions).map(([field, v]) => {
      const [entryId, revisionId] = field.split('~') as [string, string];
      return decodeVersion(entryId, revisionId, v);
    }),
  );
}

/** How many versions each entry has among these. */
export function countByEntry(versions: readonly RecordedVersion[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of versions) counts.set(v.entryId, (counts.get(v.entryId) ?? 0) + 1);
  return counts;
}

/** An entry written, deleted or restored, with the first sight that places it in its presence document. */
export interface PresenceChange {
  entryId: string;
  change: EntryChange;
  firstSeenAt: Date;
}

/** What one presence document is told: entries that exist, and deletion and restoration times (epoch ms). */
interface PresenceMarks {
  indexed: string[];
  deleted: Record<string, number>;
  restored: Record<string, number>;
}

/**
 * Records, after the entries were written, that they exist and when they were deleted and restored: what
 * entry counts read by _id alone. Written after the entries, so a count never includes an entry that
 * cannot be read yet. `$max` keeps the latest time of each deletion and restoration, so replays and
 * out-of-order writes end the same: an entry counts as deleted while its latest deletion is later than
 * its latest restoration.
 */
export async function recordPresence(c: Collections, liveblogId: string, changes: readonly PresenceChange[], at: Date): Promise<void> {
  const byHour = new Map<string, PresenceMarks>();
  for (const { entryId, change, firstSeenAt } of changes) {
    const hour = hourKey(firstSeenAt.getTime());
    const marks = byHour.get(hour) ?? { indexed: [], deleted: {}, restored: {} };
    marks.indexed.push(entryId);
    if (change === 'deleted' || change === 'restored') marks[change][entryId] = at.getTime();
    byHour.set(hour, marks);
  }
  await writePresence(c, liveblogId, byHour);
}

/**
 * Writes each hour's marks, then sets the hour's counts from its document as written: a replay after a
 * crash between the two writes sets them right.
 */
async function writePresence(c: Collections, liveblogId: string, byHour: ReadonlyMap<string, PresenceMarks>): Promise<void> {
  const dotted = (field: string, values: Record<string, unknown>) => Object.entries(values).map(([id, v]) => [`${field}.${id}`, v] as const);
  const counts: Record<string, string> = {};
  for (const [hour, { indexed, deleted, restored }] of byHour) {
    const max = [...dotted('deleted', deleted), ...dotted('restored', restored)];
    const update = { $set: Object.fromEntries(indexed.map((id) => [`indexed.${id}`, true])), ...(max.length > 0 && { $max: Object.fromEntries(max) }) };
    const doc = await c.presence.findOneAndUpdate({ _id: presenceId(liveblogId, hour) }, update, { upsert: true, returnDocument: 'after' });
    if (doc) counts[`hours.${hour}`] = presenceCounts(doc);
  }
  if (Object.keys(counts).length > 0) await c.entryCounts.updateOne({ _id: liveblogId }, { $set: counts }, { upsert: true });
}

/** `<entries> <deleted>` of a presence document. */
function presenceCounts(doc: Pick<PresenceDoc, 'indexed' | 'deleted' | 'restored'>): string {
  const deleted = Object.entries(doc.deleted ?? {}).filter(([entryId, at]) => at > (doc.restored?.[entryId] ?? 0));
  return `${Object.keys(doc.indexed ?? {}).length} ${deleted.length}`;
}

/** Entries per liveblog, one read each; deleted ones only when asked for. */
export async function countEntries(c: Collections, liveblogIds: readonly string[], includeDeleted: boolean): Promise<Map<string, number>> {
  const docs = await findByIds<EntryCountsDoc>(c.entryCounts, liveblogIds);
  return new Map(
    liveblogIds.map((id) => {
      const hours = Object.values(docs.get(id)?.hours ?? {}).map((counts) => counts.split(' ').map(Number) as [number, number]);
      return [id, hours.reduce((n, [entries, deleted]) => n + entries - (includeDeleted ? 0 : deleted), 0)];
    }),
  );
}

/**
 * Splits the per-liveblog versions documents of the layout before 2026-12-07 into the documents above,
 * one liveblog at a time, deleting each once split. Idempotent (the same fields set to the same values),
 * so a run cut short starts again; an indexer job meanwhile writes only the new documents, which the
 * split adds to. Returns the liveblogs split (0 once done).
 */
export async function splitVersions(c: Collections): Promise<number> {
  let split = 0;
  for (let doc = await c.versions.findOne({}); doc; doc = await c.versions.findOne({})) {
    const versions = Object.entries(doc.versions ?? {}).map(([field, v]) => {
      const [entryId, revisionId] = field.split('~') as [string, string];
      return decodeVersion(entryId, revisionId, v);
    });
    await writeVersions(c, doc._id, versions);
    // An entry's first sight is the same in each of its versions; one indexed before any version was recorded counts in the current hour.
    const firstSeen = new Map(versions.map((v) => [v.entryId, v.firstSeenAt]));
    const byHour = new Map<string, PresenceMarks>();
    for (const entryId of Object.keys(doc.indexed ?? {})) {
      const hour = hourKey(firstSeen.get(entryId) ?? Date.now());
      const marks = byHour.get(hour) ?? { indexed: [], deleted: {}, restored: {} };
      marks.indexed.push(entryId);
      for (const kind of ['deleted', 'restored'] as const) {
        const at = doc[kind]?.[entryId];
        if (at !== undefined) marks[kind][entryId] = at;
      }
      byHour.set(hour, marks);
    }
    await writePresence(c, doc._id, byHour);
    await c.versions.deleteOne({ _id: doc._id });
    split++;
  }
  return split;
}
