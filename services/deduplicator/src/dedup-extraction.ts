import { jobId, type ExtractedEntry } from '@liveblog/contracts';
import { entryContentHash, ids, shortHash } from '@liveblog/fingerprint';
import { KeyLocks, redisKeys, type Pipeline, type RedisClient } from '@liveblog/runtime';
import type { ExtractionDoc, Store } from '@liveblog/storage';
import type { MinHashIndex } from '@liveblog/similarity';
import type { BandLocks } from './band-locks';
import { clusterShingles, decideClusters } from './clusters';
import { judgeDeletions, oldestShown, type PageEntryAge } from './deletions';

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
  /** How long a killed deduplicator's lock on a liveblog outlives it (default 30 s); a living one renews it. */
  lockTtlMs?: number;
}

/** Field of the fingerprint hash that holds the liveblog's own metadata, apart from entry keys. */
const LIVEBLOG_FIELD = '@liveblog';
/** Field of the ages hash that holds how far back the last forwarded complete page reached. */
const SPAN_FIELD = '@span';
/** Field of the ages hash that holds the fetch time (ms) of the newest page deduplicated. */
const NEWEST_FIELD = '@newest';
/** Field of the ages hash set while a page whose news alone was forwarded still waits to be read whole. */
const PARTIAL_FIELD = '@partial';

export interface DedupResult {
  entries: number;
  forwarded: number;
  deleted: number;
}

/** An entry to forward, with the content hash its fingerprint takes. */
interface Changed {
  key: string;
  hash: string;
  entry: ExtractedEntry;
}

/** One liveblog's dedup state as a job finds it, holding the liveblog's lock. */
interface Known {
  key: string;
  agesKey: string;
  fingerprints: Record<string, string>;
  ages: Record<string, string>;
  liveKeys: string[];
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
 * A liveblog's extractions come in any order: during a start burst a later page is parsed and
 * deduplicated ahead of its liveblog's first page, which waits in the backfill lane behind every other
 * first page. One liveblog's jobs run one at a time (its lock), and the state is that of the newest
 * page deduplicated: an older page read later (forwardOlderPage) judges no deletions and rolls nothing
 * back. The first extraction of a liveblog to come in the fresh lane (forwardNews), and every later one
 * until a page has been read whole, forwards at once only its news and leaves the rest of its page to a
 * backfill job. So a change made during the burst is indexed in the fresh lane, and the bulk of its page
 * behind the burst.
 *
 * The index job takes the backfill lane (see Lane) when this job came in it (a first page, the rest of
 * an early page), when the liveblog is new to the deduplicator (its whole page is forwarded), or when
 * the page is reread: bulk work that must not hold back the changes of liveblogs already followed.
 */
export async function dedupExtraction(snapshotId: string, liveblogId: string, deps: DedupDeps, backfill = false): Promise<DedupResult> {
  const extraction = await deps.store.extractions.get(snapshotId);
  const locks = new KeyLocks({ redis: deps.redis, ttlMs: deps.lockTtlMs ?? 30_000 });
  return locks.holding([[redisKeys.liveblogDedupLock(deps.prefix, liveblogId)]], async (confirm) => {
    const key = redisKeys.liveblogFingerprints(deps.prefix, liveblogId);
    const agesKey = redisKeys.liveblogEntryAges(deps.prefix, liveblogId);
    const [fingerprints, ages] = await Promise.all([deps.redis.hgetall(key), deps.redis.hgetall(agesKey)]);
    const known: Known = { key, agesKey, fingerprints, ages, liveKeys: Object.keys(fingerprints).filter((k) => k !== LIVEBLOG_FIELD) };
    const newest = ageOf(known, NEWEST_FIELD);
    const reread = extraction.reread === true;
    if (!reread && newest !== null && extraction.fetchedAt.getTime() < newest) return forwardOlderPage(extraction, known, deps, confirm);
    const partial = known.ages[PARTIAL_FIELD] !== undefined;
    if (!reread && !backfill && (known.liveKeys.length === 0 || partial)) return forwardNews(extraction, known, deps, confirm);
    return forwardChanges(extraction, known, deps, confirm, backfill);
  });
}

/** The page read against the state it follows: what changed, and what a complete page no longer shows. */
async function forwardChanges(extraction: ExtractionDoc, known: Known, deps: DedupDeps, confirm: () => Promise<void>, backfill: boolean): Promise<DedupResult> {
  const liveblogHash = shortHash([JSON.stringify(extraction.liveblog)], 32);
  const changed = changedEntries(extraction, known);
  const page = pageAges(extraction, known);
  const reread = extraction.reread === true;
  const { complete, deleted } = judgeDeletions(known.liveKeys.map((k) => ({ key: k, sortAt: ageOf(known, k) })), page, ageOf(known, SPAN_FIELD), reread);
  const result = { entries: extraction.entries.length, forwarded: changed.length, deleted: deleted.length };
  // A reread of an older snapshot is the newest reading, not the newest page.
  const newest = ageOf(known, NEWEST_FIELD);
  const fetchedAt = extraction.fetchedAt.getTime();
  const newestField: Record<string, string> = newest === null || fetchedAt > newest ? { [NEWEST_FIELD]: String(fetchedAt) } : {};
  if (changed.length === 0 && deleted.length === 0 && known.fingerprints[LIVEBLOG_FIELD] === liveblogHash) {
    // Renewed without a change too: a page may change (a counter, an ad) without any entry changing,
    // and a liveblog polled and changing that way must not lose its fingerprints and be forwarded whole.
    await confirm();
    const renew = deps.redis.multi();
    if (Object.keys(newestField).length > 0) renew.hset(known.agesKey, newestField);
    if (backfill) renew.hdel(known.agesKey, PARTIAL_FIELD);
    await renew.pexpire(known.key, deps.windowMs).pexpire(known.agesKey, deps.windowMs).exec();
    return result;
  }
  // An entry's age is kept from its first sight on: it says how far back a page reaches.
  const newAges = page.filter((e) => known.ages[e.key] === undefined && !deleted.includes(e.key));
  // Only a complete page shows how far back the page reaches; a truncated one would shorten it.
  const ages = { ...Object.fromEntries(newAges.map((e) => [e.key, String(e.sortAt)])), ...(complete ? { [SPAN_FIELD]: String(oldestShown(page)) } : {}), ...newestField };
  const firstSight = known.liveKeys.length === 0;
  await forward(extraction, known, deps, confirm, {
    changed,
    deleted,
    jobId: jobId.index({ snapshotId: extraction._id }),
    backfill: backfill || firstSight || reread,
    liveblogHash,
    ages,
    // Read whole: the pages whose news alone was forwarded are older than this one.
    readWhole: backfill,
  });
  return result;
}

/**
 * A page older than the newest one deduplicated (its job waited in the backfill lane, or ran after a
 * newer page's): it judges no deletions and rolls back no fingerprint. It forwards, as backfill, the
 * entries it shows that no newer page forwarded, except those within the reach of the newest complete
 * page (@span), which would have shown them: those were deleted in between. An entry older than that
 * reach has scrolled off since, and this page is the last to show it.
 */
async function forwardOlderPage(extraction: ExtractionDoc, known: Known, deps: DedupDeps, confirm: () => Promise<void>): Promise<DedupResult> {
  const reach = ageOf(known, SPAN_FIELD);
  const sortAt = new Map(pageAges(extraction, known).map((e) => [e.key, e.sortAt]));
  const unknown = changedEntries(extraction, known).filter((c) => known.fingerprints[c.key] === undefined && (reach === null || sortAt.get(c.key)! < reach));
  const result = { entries: extraction.entries.length, forwarded: unknown.length, deleted: 0 };
  if (unknown.length === 0) return result;
  await forward(extraction, known, deps, confirm, {
    changed: unknown,
    deleted: [],
    jobId: jobId.index({ snapshotId: extraction._id }),
    backfill: true,
    liveblogHash: null,
    ages: Object.fromEntries(unknown.map((c) => [c.key, String(sortAt.get(c.key)!)])),
  });
  return result;
}

/**
 * The first extraction of a liveblog to come in the fresh lane: a page fetched after the first one,
 * whose job still waits as backfill; and any later one until a page has been read whole (@partial). Its news (entries stated as published or modified after the
 * source was added) is forwarded at once in the fresh lane; the whole page is then deduplicated again
 * as backfill (dedupRest), forwarding the rest and judging deletions once the first page is known. It
 * counts as the newest page, so that the first page, read later, deletes nothing this one shows. An
 * undated entry is no news: it waits for the backfill, late, not lost.
 */
async function forwardNews(extraction: ExtractionDoc, known: Known, deps: DedupDeps, confirm: () => Promise<void>): Promise<DedupResult> {
  const source = await deps.store.sources.get(extraction.sourceId);
  const addedAt = source?.createdAt.getTime() ?? Infinity;
  const news = changedEntries(extraction, known).filter((c) => statedAt(c.entry) > addedAt);
  const sortAt = new Map(pageAges(extraction, known).map((e) => [e.key, e.sortAt]));
  const rest = { snapshotId: extraction._id, liveblogId: extraction.liveblogId };
  const queueRest = () => deps.pipeline.enqueue('dedup', rest, jobId.dedupRest(rest), { lane: { backfill: true } });
  if (news.length === 0) await queueRest();
  else {
    await forward(extraction, known, deps, confirm, {
      changed: news,
      deleted: [],
      jobId: jobId.indexNews({ snapshotId: extraction._id }),
      backfill: false,
      liveblogHash: shortHash([JSON.stringify(extraction.liveblog)], 32),
      ages: { ...Object.fromEntries(news.map((c) => [c.key, String(sortAt.get(c.key)!)])), [NEWEST_FIELD]: String(extraction.fetchedAt.getTime()), [PARTIAL_FIELD]: '1' },
      alsoQueue: queueRest,
    });
  }
  return { entries: extraction.entries.length, forwarded: news.length, deleted: 0 };
}

interface Forwarding {
  changed: Changed[];
  deleted: string[];
  jobId: string;
  backfill: boolean;
  /** The liveblog metadata's hash to record; null leaves the one recorded (an older page's is older). */
  liveblogHash: string | null;
  /** Fields of the ages hash to set. */
  ages: Record<string, string>;
  /** Work queued after the index job, before the fingerprints record both as done. */
  alsoQueue?: () => Promise<void>;
  /** Whether this page was read whole (ends a partial state). */
  readWhole?: boolean;
}

/** Decides the entries' clusters, queues the index job, then records what it forwarded. */
async function forward(extraction: ExtractionDoc, known: Known, deps: DedupDeps, confirm: () => Promise<void>, f: Forwarding): Promise<void> {
  const liveblogId = extraction.liveblogId;
  const entries = f.changed.map((c) => c.entry);
  // The store can have a cluster only for an entry forwarded before: an edit of a live one, or any entry
  // of a liveblog whose fingerprints are gone. A key new to live fingerprints is, nearly always, a new
  // entry, and asking the store about every one of them would cost a lookup per new entry.
  const firstSight = known.liveKeys.length === 0;
  const mayBeStored = new Set(f.changed.filter((c) => firstSight || known.fingerprints[c.key] !== undefined).map((c) => ids.entry(liveblogId, c.key)));
  const { clusters } = await deps.bandLocks.holding(entries.map(clusterShingles), async (confirmBands) => {
    const decisions = await decideClusters(liveblogId, entries, extraction.fetchedAt.getTime(), deps.similarity, (id) =>
      mayBeStored.has(id) ? storedCluster(deps.store, id) : Promise.resolve(null),
    );
    // The cluster decisions are recorded before they are published in the index job: a replay after
    // this point reads them back, so the job it enqueues (or finds enqueued) says the same, however many
    // copies of the story other jobs placed meanwhile. Deciding anew on a replay could put this entry
    // into a cluster started after the first attempt enqueued it into its own, splitting the story.
    // Nothing is lost by recording first: the fingerprints still change only after the enqueue, so the
    // entry is forwarded again until its index job exists.
    await confirmBands();
    await deps.similarity.insert(decisions.inserts);
    return decisions;
  });
  const index = { snapshotId: extraction._id, liveblogId, entryKeys: f.changed.map((c) => c.key), deletedKeys: f.deleted, clusters };
  const lane = { group: liveblogId, backfill: f.backfill, parts: [...index.entryKeys, ...index.deletedKeys] };
  await deps.pipeline.enqueue('index', index, f.jobId, { lane });
  if (f.alsoQueue) await f.alsoQueue();
  // A holder that stalled past its lock's expiry stops here: another job of this liveblog may have run.
  await confirm();
  const fingerprints = { ...(f.liveblogHash === null ? {} : { [LIVEBLOG_FIELD]: f.liveblogHash }), ...Object.fromEntries(f.changed.map((c) => [c.key, c.hash])) };
  const update = deps.redis.multi().hset(known.key, fingerprints);
  if (Object.keys(f.ages).length > 0) update.hset(known.agesKey, f.ages);
  if (f.deleted.length > 0) update.hdel(known.key, ...f.deleted).hdel(known.agesKey, ...f.deleted);
  if (f.readWhole) update.hdel(known.agesKey, PARTIAL_FIELD);
  update.pexpire(known.key, deps.windowMs).pexpire(known.agesKey, deps.windowMs);
  await update.exec();
}

function ageOf(known: Known, field: string): number | null {
  return known.ages[field] === undefined ? null : Number(known.ages[field]);
}

function changedEntries(extraction: ExtractionDoc, known: Known): Changed[] {
  return extraction.entries.flatMap((e) => {
    const hash = entryContentHash(e);
    return known.fingerprints[e.key] === hash ? [] : [{ key: e.key, hash, entry: e }];
  });
}

/** Each entry of the page with the time it sorts by: as first seen if live, else as this page places it. */
function pageAges(extraction: ExtractionDoc, known: Known): PageEntryAge[] {
  return extraction.entries.map((e, position) => ({
    key: e.key,
    sortAt: ageOf(known, e.key) ?? firstSightSortAt(e, position, extraction.fetchedAt),
    pinned: e.pinned,
  }));
}

/** When an entry says it was published or last modified (ms); -Infinity for an undated one. */
function statedAt(entry: ExtractedEntry): number {
  const times = [entry.publishedAt, entry.modifiedAt].flatMap((t) => (t ? [Date.parse(t)] : [])).filter((t) => !Number.isNaN(t));
  return Math.max(-Infinity, ...times);
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
