import { EntryEvent, type IndexJob } from '@liveblog/contracts';
import { Batcher, KeyLocks, redisKeys, type RedisClient } from '@liveblog/runtime';
import { revisionId, type ExtractionDoc, type IndexedEntry, type IndexJob as EntryWrite, type Store } from '@liveblog/storage';
import { announce } from './announce';

/**
 * Snapshots whose entries one write indexes at most. Entries of the same minutes share their timeline
 * documents, which FerretDB rewrites whole on every write: a burst (200 liveblogs added at once) cost
 * 260 ms per job one by one, as each job rewrote documents the jobs before it had grown.
 */
const ENTRY_WRITE_BATCH = 16;

export type EntryWriter = Batcher<EntryWrite, IndexedEntry[]>;

/** Indexes the entries of jobs in flight together (EntryStore.indexMany), one liveblog's one at a time. */
export function entryWriter(store: Store, maxBatch = ENTRY_WRITE_BATCH): EntryWriter {
  return new Batcher({ maxBatch, keyOf: (w) => w.extraction.liveblogId, write: (writes) => store.entries.indexMany(writes) });
}

export interface IndexDeps {
  store: Store;
  redis: RedisClient;
  /** Shared by the jobs of a process, so that those in flight are written together. */
  writer: EntryWriter;
  prefix: string;
  /** How long the event stream keeps events; live consumers that fall further behind resync from the API. */
  eventRetentionMs: number;
  /** How long a killed indexer's lock on a liveblog outlives it (default 30 s); a living one renews it. */
  lockTtlMs?: number;
}

/**
 * Makes the forwarded entries queryable and marks the deleted ones, then announces them. Writes are
 * idempotent and version-guarded, so a replay after a crash changes nothing, and an announcement made
 * is not made again (see announce).
 * One liveblog's snapshots are indexed one at a time, by any replica: the version guard reads by _id
 * and writes by _id alone, which needs no other writer in between (see EntryStore.index).
 */
export async function indexEntries(
  job: Pick<IndexJob, 'snapshotId' | 'entryKeys' | 'deletedKeys'> & Partial<Pick<IndexJob, 'clusters'>>,
  deps: IndexDeps,
): Promise<{ indexed: number; deleted: number }> {
  const extraction = await deps.store.extractions.get(job.snapshotId);
  const locks = new KeyLocks({ redis: deps.redis, ttlMs: deps.lockTtlMs ?? 30_000 });
  return locks.holding([[redisKeys.liveblogIndexLock(deps.prefix, extraction.liveblogId)]], (confirm) => indexHolding(job, extraction, deps, confirm));
}

async function indexHolding(
  { snapshotId, entryKeys, deletedKeys, clusters }: Pick<IndexJob, 'snapshotId' | 'entryKeys' | 'deletedKeys'> & Partial<Pick<IndexJob, 'clusters'>>,
  extraction: ExtractionDoc,
  deps: IndexDeps,
  confirm: () => Promise<void>,
): Promise<{ indexed: number; deleted: number }> {
  await confirm();
  await deps.store.liveblogs.index(extraction);
  const indexed = await deps.writer.submit({ extraction, keys: entryKeys, clusters: clusters ?? {} });
  // After the entries: the members are read back from them, so a crash in between is repaired on replay.
  await deps.store.clusters.addMembers(indexed.map((e) => e.entryId));
  // A holder that stalled past its lock's expiry stops here: the replica that took over writes instead.
  await confirm();
  const deleted = await deps.store.entries.markDeleted(extraction, deletedKeys);

  const indexedAt = new Date().toISOString();
  const events = [...(await withoutUnchangedContent(indexed, extraction, deps.store)), ...deleted].map((e) =>
    EntryEvent.parse({
      type: `entry.${e.change}`,
      entryId: e.entryId,
      liveblogId: extraction.liveblogId,
      key: e.key,
      contentHash: e.contentHash,
      snapshotId,
      indexedAt,
    }),
  );
  await announce(deps.redis, deps.prefix, events, Date.now() - deps.eventRetentionMs);
  return { indexed: indexed.length, deleted: deleted.length };
}

/**
 * Leaves out the entries reported as updated whose content this snapshot did not change: forwarded
 * again although the store had them as they are, e.g. when a liveblog returns after its fingerprints
 * expired. Judged by the revision this snapshot would have written, not by comparing with the stored
 * content, which the first attempt has already replaced: a replay after a crash before the announcement
 * still announces a real edit.
 */
async function withoutUnchangedContent(indexed: readonly IndexedEntry[], extraction: ExtractionDoc, store: Store): Promise<IndexedEntry[]> {
  const revisionOf = (e: IndexedEntry) => revisionId(e.entryId, e.contentHash, extraction.fetchedAt);
  const revised = await store.revisions.existing(indexed.filter((e) => e.change === 'updated').map(revisionOf));
  return indexed.filter((e) => e.change !== 'updated' || revised.has(revisionOf(e)));
}
