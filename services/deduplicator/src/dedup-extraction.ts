import { jobId, type ExtractedEntry } from '@liveblog/contracts';
import { entryContentHash, ids, shortHash } from '@liveblog/fingerprint';
import { redisKeys, type Pipeline, type RedisClient } from '@liveblog/runtime';
import type { Store } from '@liveblog/storage';
import type { MinHashIndex } from '@liveblog/similarity';
import type { BandLocks } from './band-locks';
import { clusterShingles, decideClusters } from './clusters';
import { judgeDeletions, oldestShown } from './deletions';

export interface DedupDeps {
  store: Store;
  pipeline: Pick<Pipeline, 'enqueue'>;
  redis: RedisClient;
  prefix: string;
  /** Near-duplicates across outlets, in the window. */
  similarity: MinHashIndex;
  /** Held while deciding clusters, so that replicas decide copies of one story one after the other. */
  bandLocks: BandLocks;
  /**
   * How long a liveblog's fingerprints outlive its last deduplicated fetch (ms): the same window as the
   * near-duplicate index, so that an abandoned liveblog leaves nothing behind.
   */
  windowMs: number;
}

/** Field of the fingerprint hash that holds the liveblog's own metadata, apart from entry keys. */
const LIVEBLOG_FIELD = '@liveblog';
/** Field of the ages hash that holds how far back the last forwarded page reached. */
const SPAN_FIELD = '@span';

export interface DedupResult {
  entries: number;
  forwarded: number;
  deleted: number;
}

/**
 * Forwards to the indexer only what differs from what was last forwarded: new entries, changed entries,
 * changed liveblog metadata, and the live entries that a complete page no longer shows. The fingerprint
 * hash holds exactly the live keys; a deleted key leaves it, so its return is forwarded as new and the
 * indexer restores it. The hash changes only after the index job is enqueued, in one transaction, so a
 * crash in between forwards the same work again under the same job id. Each forwarded entry carries
 * its story cluster across outlets (see decideClusters), recorded in the near-duplicate index before the
 * enqueue so that every replay forwards the same cluster.
 *
 * The fingerprints expire one window after the liveblog's last deduplicated fetch. A fetch whose body
 * is unchanged never gets here, but the fetcher stops polling a liveblog quiet for less than the default
 * window (FETCH_END_AFTER_QUIET_HOURS), so a liveblog still polled keeps them. One that returns after the
 * window is new to the deduplicator: every entry it shows is forwarded, and the indexer, whose writes
 * are version-guarded and compare content hashes, makes no revision and announces nothing for content it
 * already has. Nothing is deleted by that fetch, as no live keys are known: an entry that left the page
 * while the fingerprints were gone stays live. The index labels left with the same window, so entries
 * keep the clusters the store has for them (see decideClusters).
 *
 * The index job takes the backfill lane (see Lane) when the liveblog is new to the deduplicator (its
 * whole page is forwarded) or when the page is reread: bulk work that must not hold back the changes of
 * liveblogs already followed. Not because this job came in that lane: a change queued behind its
 * liveblog's first page forwards a few entries, and the indexer orders it by entry (the lane's parts),
 * so that new entries of a liveblog whose first page is still queued are indexed ahead of that page.
 */
export async function dedupExtraction(snapshotId: string, liveblogId: string, deps: DedupDeps): Promise<DedupResult> {
  const extraction = await deps.store.extractions.get(snapshotId);
  const key = redisKeys.liveblogFingerprints(deps.prefix, liveblogId);
  const agesKey = redisKeys.liveblogEntryAges(deps.prefix, liveblogId);
  const liveblogHash = shortHash([JSON.stringify(extraction.liveblog)], 32);
  const [known, knownAges] = await Promise.all([deps.redis.hgetall(key), deps.redis.hgetall(agesKey)]);

  const changed = extraction.entries.flatMap((e) => {
    const hash = entryContentHash(e);
    return known[e.key] === hash ? [] : [{ key: e.key, hash, entry: e }];
  });
  const ageOf = (entryKey: string): number | null => (knownAges[entryKey] === undefined ? null : Number(knownAges[entryKey]));
  const page = extraction.entries.map((e, position) => ({
    key: e.key,
    sortAt: ageOf(e.key) ?? firstSightSortAt(e, position, extraction.fetchedAt),
    pinned: e.pinned,
  }));
  const liveKeys = Object.keys(known).filter((k) => k !== LIVEBLOG_FIELD);
  const { complete, deleted } = judgeDeletions(liveKeys.map((k) => ({ key: k, sortAt: ageOf(k) })), page, ageOf(SPAN_FIELD), extraction.reread === true);
  const result = { entries: extraction.entries.length, forwarded: changed.length, deleted: deleted.length };
  if (changed.length === 0 && deleted.length === 0 && known[LIVEBLOG_FIELD] === liveblogHash) {
    // Renewed without a change too: a page may change (a counter, an ad) without any entry changing,
    // and a liveblog polled and changing that way must not lose its fingerprints and be forwarded whole.
    await deps.redis.multi().pexpire(key, deps.windowMs).pexpire(agesKey, deps.windowMs).exec();
    return result;
  }

  const entries = changed.map((c) => c.entry);
  // The store can have a cluster only for an entry forwarded before: an edit of a live one, or any entry
  // of a liveblog whose fingerprints are gone. A key new to live fingerprints is, nearly always, a new
  // entry, and asking the store about every one of them would cost a lookup per new entry.
  const firstSight = liveKeys.length === 0;
  const mayBeStored = new Set(changed.filter((c) => firstSight || known[c.key] !== undefined).map((c) => ids.entry(liveblogId, c.key)));
  const { clusters } = await deps.bandLocks.holding(entries.map(clusterShingles), async (confirm) => {
    const decisions = await decideClusters(liveblogId, entries, extraction.fetchedAt.getTime(), deps.similarity, (id) =>
      mayBeStored.has(id) ? storedCluster(deps.store, id) : Promise.resolve(null),
    );
    // The cluster decisions are recorded before they are published in the index job: a replay after
    // this point reads them back, so the job it enqueues (or finds enqueued) says the same, however many
    // copies of the story other jobs placed meanwhile. Deciding anew on a replay could put this entry
    // into a cluster started after the first attempt enqueued it into its own, splitting the story.
    // Nothing is lost by recording first: the fingerprints still change only after the enqueue, so the
    // entry is forwarded again until its index job exists.
    await confirm();
    await deps.similarity.insert(decisions.inserts);
    return decisions;
  });
  const index = { snapshotId, liveblogId, entryKeys: changed.map((c) => c.key), deletedKeys: deleted, clusters };
  const lane = { group: liveblogId, backfill: firstSight || extraction.reread === true, parts: [...index.entryKeys, ...index.deletedKeys] };
  await deps.pipeline.enqueue('index', index, jobId.index(index), { lane });
  const update = deps.redis.multi().hset(key, { [LIVEBLOG_FIELD]: liveblogHash, ...Object.fromEntries(changed.map((c) => [c.key, c.hash])) });
  // An entry's age is kept from its first sight on: it says how far back a page reaches.
  const newAges = page.filter((e) => knownAges[e.key] === undefined && !deleted.includes(e.key));
  // Only a complete page shows how far back the page reaches; a truncated one would shorten it.
  const ages = { ...Object.fromEntries(newAges.map((e) => [e.key, String(e.sortAt)])), ...(complete ? { [SPAN_FIELD]: String(oldestShown(page)) } : {}) };
  if (Object.keys(ages).length > 0) update.hset(agesKey, ages);
  if (deleted.length > 0) update.hdel(key, ...deleted).hdel(agesKey, ...deleted);
  update.pexpire(key, deps.windowMs).pexpire(agesKey, deps.windowMs);
  await update.exec();
  return result;
}

/**
 * When an entry first seen now sorts, as the store orders entries: its stated publication time, else
 * the fetch time less its place on the page (pages list the newest first).
 */
function firstSightSortAt(entry: ExtractedEntry, position: number, fetchedAt: Date): number {
  const published = entry.publishedAt ? Date.parse(entry.publishedAt) : Number.NaN;
  return Number.isNaN(published) ? fetchedAt.getTime() - position : published;
}

/** Two bare _id lookups, the kind FerretDB answers without a scan; only for entries the index has no label for. */
async function storedCluster(store: Store, entryId: string): Promise<{ clusterId: string; clusterFirstSeenAt: number } | null> {
  const entry = await store.entries.get(entryId);
  if (!entry?.clusterId) return null;
  const cluster = await store.clusters.get(entry.clusterId);
  return { clusterId: entry.clusterId, clusterFirstSeenAt: (cluster?.firstSeenAt ?? entry.firstSeenAt).getTime() };
}
