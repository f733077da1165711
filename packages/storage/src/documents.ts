import type { Binary } from 'mongodb';
import type { ExtractedEntry, Extraction, ExtractRules, SourceKind } from '@liveblog/contracts';
import type { EntryFilters } from './entry-filter';

/** Per-source fetch status, kept current by the fetcher so a failing source is visible. */
export interface SourceStatus {
  lastFetchedAt: Date | null;
  lastHttpStatus: number | null;
  lastBytes: number | null;
  lastChanged: boolean | null;
  lastContentHash: string | null;
  lastSnapshotId: string | null;
  etag: string | null;
  lastModified: string | null;
  consecutiveFailures: number;
  lastError: string | null;
  lastErrorAt: Date | null;
  /** When the content last changed: a liveblog quiet for long enough has ended. */
  lastChangedAt: Date | null;
  /** The adaptive polling interval now in force. */
  intervalSeconds: number | null;
  /** The page's rhythm: a moving average of the seconds between its changes; null until two were seen. */
  rhythmSeconds: number | null;
  /** How long the page last asked to be cached (max-age, Expires, a feed's ttl): a floor of the interval. */
  floorSeconds: number | null;
  nextDueAt: Date | null;
  /** No longer polled: the liveblog has ended. */
  ended: boolean;
  /** Entries the last parsed page gave. */
  lastEntryCount: number | null;
  /** What the last parse suggests to an operator (rules that matched nothing, a large page read as one entry). */
  hint: string | null;
}

export interface SourceDoc {
  _id: string;
  url: string;
  name: string | null;
  kind: SourceKind;
  intervalSeconds: number;
  /** Index sources: what liveblog URLs on the index look like; null = every item of a feed or sitemap. */
  linkPattern: string | null;
  /** Index sources: the polling interval given to the liveblogs they discover. */
  liveblogIntervalSeconds: number;
  /** The index source that discovered this liveblog; null for declared sources. */
  discoveredFrom: string | null;
  /** Per-site extraction rules; null: generic extraction. */
  extract: ExtractRules | null;
  /** Fetched through a headless browser. */
  render: boolean;
  paused: boolean;
  createdAt: Date;
  updatedAt: Date;
  status: SourceStatus;
}

/** What one poll of a source came to; polls that found nothing to do (paused, replaced plan) are not logged. */
export type PollResult = 'changed' | 'unchanged' | 'not-modified' | 'failed' | 'disallowed';

/** One poll in a source's fetch log. */
export interface FetchLogRow {
  at: Date;
  result: PollResult;
  httpStatus: number | null;
  bytes: number | null;
  snapshotId: string | null;
  error: string | null;
}

/**
 * A source's polls of ten minutes (UTC), `_id` `<sourceId>:2026-12-01T07` for an hour's first ten minutes,
 * `<sourceId>:2026-12-01T07:10` to `…:50` for the others. Written before 2026-12-07, a document held the
 * whole hour under the first id; such documents are read as they are and age out after FETCH_LOG_HOURS.
 */
export interface FetchLogDoc {
  _id: string;
  sourceId: string;
  hour: string;
  /** By `t<epoch ms>`: the JSON array [result, httpStatus, bytes, snapshotId, error] (see FetchLogStore). */
  polls?: Record<string, string>;
  /** The polls as objects, as written before 2026-12-01; such hours age out after FETCH_LOG_HOURS. */
  rows?: FetchLogRow[];
}

/**
 * A raw page exactly as fetched. Stored as content-defined chunks shared by the snapshots of one group
 * (see SnapshotStore): `chunks` lists the page's chunks in order, 8 bytes of each chunk's sha256 apiece.
 * Snapshots stored before 2026-12-07 hold the whole page gzip-compressed in `bodyGzip` instead; both read.
 */
export interface SnapshotDoc {
  _id: string;
  sourceId: string;
  url: string;
  contentType: string | null;
  contentHash: string;
  bytes: number;
  fetchedAt: Date;
  bodyGzip?: Binary;
  /** The group: the id of its first snapshot, whose chunks all of its snapshots share. */
  group?: string;
  /** The group's first snapshot's fetch time (epoch ms) and this snapshot's place in it (0 = first). */
  groupStartedAt?: number;
  depth?: number;
  chunks?: Binary;
}

/**
 * One chunk of the snapshots of a group (`_id` `<group>:<16 hex of its sha256>`): gzip-compressed on its
 * own, or (since 2026-12-07) deflated (raw) with a dictionary made of other chunks of the group (see
 * SnapshotStore).
 */
export interface SnapshotChunkDoc {
  _id: string;
  gz?: Binary;
  dz?: Binary;
  /** The chunks of the dictionary, in page order, 8 bytes of each one's sha256 apiece. */
  dict?: Binary;
  /** Links of dictionaries a read follows: 1 + the highest of the dictionary's chunks; absent for gz. */
  level?: number;
}

/**
 * Where old snapshots are found without a query (see SnapshotRetention): `m<minute start ms>` lists the
 * snapshots fetched in that minute, `kept` those past the retention kept as their source's latest (both
 * snapshot id → `<source id>` for a snapshot stored whole, `<source id> <group> <group start ms>` for one
 * stored as chunks); `state` holds the hours (start ms) that have minutes listed.
 */
export interface SnapshotDirectoryDoc {
  _id: string;
  snapshots?: Record<string, string>;
  hours?: number[];
}

/**
 * The parser's output for one snapshot; the dedup and index stages read it by snapshot id, whole, through
 * ExtractionStore.get. Stored with `entryRefs`: the page's entries in order, 16 bytes of each entry
 * version's hash apiece, the versions themselves in extractedEntries, each stored once. Extractions
 * stored before 2026-12-07 hold `entries` whole instead; both read.
 */
export interface ExtractionDoc {
  _id: string;
  sourceId: string;
  liveblogId: string;
  url: string;
  fetchedAt: Date;
  extractedAt: Date;
  liveblog: Extraction['liveblog'];
  entries: ExtractedEntry[];
  /** A stored snapshot read again (a reparse): its absent entries are gone, not scrolled off. */
  reread?: boolean;
  /**
   * How ExtractionStore.get found it stored: `whole` (before 2026-12-07) or as `references` to entry
   * versions stored before it. Absent on an extraction not read from the store; never stored itself.
   */
  stored?: 'whole' | 'references';
}

/**
 * An extraction as stored: its entries as references (see ExtractionDoc). Since 2026-12-07 (later) the
 * references are in blocks (ExtractionBlockDoc) and the extraction lists the blocks, 8 bytes of each
 * one's sha256 apiece, with the number of entries.
 */
export interface StoredExtractionDoc extends Omit<ExtractionDoc, 'entries' | 'stored'> {
  entries?: ExtractedEntry[];
  entryRefs?: Binary;
  blocks?: Binary;
  entryCount?: number;
}

/**
 * A run of an extraction's entry references, 16 bytes apiece (`_id` `<liveblogId>|<hour start ms>|<16 hex
 * of its sha256>`): shared by the extractions of the liveblog fetched in that hour that hold the run.
 */
export interface ExtractionBlockDoc {
  _id: string;
  refs: Binary;
}

/**
 * One version of an extracted entry, exactly as the extractor gave it: `_id` `<liveblogId>:<32 hex of its
 * hash>`. Its JSON gzipped in `gz` since 2026-12-07 (later); as a document in `entry` before; both read.
 */
export interface ExtractedEntryDoc {
  _id: string;
  entry?: ExtractedEntry;
  gz?: Binary;
}

export interface LiveblogDoc {
  _id: string;
  sourceId: string;
  url: string;
  /** The publisher, as the liveblog URL's host without `www.`; null for file sources. */
  outlet: string | null;
  title: string;
  summary: string | null;
  language: string | null;
  publishedAt: Date | null;
  modifiedAt: Date | null;
  /** The fetch time of the snapshot this version came from: later writes win, replays are no-ops. */
  seenAt: Date;
  firstSeenAt: Date;
  /** Newest-first order of liveblogs: modifiedAt when known, else the last fetch that changed it. */
  sortKey: Date;
  lastSnapshotId: string;
  indexedAt: Date;
}

export interface EntryDoc {
  _id: string;
  liveblogId: string;
  sourceId: string;
  key: string;
  headline: string | null;
  text: string;
  html: string;
  publishedAt: Date | null;
  modifiedAt: Date | null;
  authors: string[];
  agencies: string[];
  pinned: boolean;
  contentHash: string;
  snapshotId: string;
  /** The snapshot that first inserted this entry: "created" events are those of this snapshot. */
  firstSnapshotId: string;
  seenAt: Date;
  firstSeenAt: Date;
  /** Newest-first order: publishedAt when the page states it, else first sight minus page position. */
  sortKey: Date;
  indexedAt: Date;
  /** Fetch time of the first complete page the entry was missing from; null while it is on the page. */
  deletedAt: Date | null;
  /** Fetch time of the page that brought the entry back after a deletion: "restored" events are its. */
  restoredAt: Date | null;
  /** The earlier entry of the same liveblog with the same content, when this one is a re-post of it. */
  duplicateOf: string | null;
  /** Search terms of headline and text (folded and stemmed), derived on read (see StoredEntryDoc); searches read the timeline's. */
  terms: string[];
  /** The story cluster across outlets the deduplicator assigned; null for entries indexed without one. */
  clusterId: string | null;
  /** Versions of the entry seen so far (its revisions), counted from its liveblog's versions record when written. */
  revisionCount: number;
}

/**
 * An entry as stored since 2026-12-07 (later): its text and html are those of the extracted entry version
 * `version` names (extractedEntries, kept for good), not a copy, and its search terms are derived from them
 * on read: a new entry's row fits beside others in a SQLite page instead of taking one or two of its own.
 * Entries stored before hold all three themselves; both read (EntryStore).
 */
export interface StoredEntryDoc extends Omit<EntryDoc, 'text' | 'html' | 'terms'>, Partial<Pick<EntryDoc, 'text' | 'html' | 'terms'>> {
  version?: string;
}

/** One version of an entry's content as it was seen; an entry has one per content change. */
export interface RevisionDoc {
  _id: string;
  entryId: string;
  liveblogId: string;
  headline: string | null;
  text: string;
  html: string;
  contentHash: string;
  snapshotId: string;
  seenAt: Date;
  /** Equals seenAt: the newest-first listing order. */
  sortKey: Date;
}

/**
 * A revision as stored since 2026-12-07: its headline, text and html are those of the extracted entry
 * version `version` names (extractedEntries, kept for good), not a copy. Revisions stored before hold
 * them themselves; both read (RevisionStore).
 */
export interface StoredRevisionDoc extends Omit<RevisionDoc, 'headline' | 'text' | 'html'>, Partial<Pick<RevisionDoc, 'headline' | 'text' | 'html'>> {
  version?: string;
}

/** One entry of a story cluster. */
export interface ClusterMember {
  liveblogId: string;
  entryId: string;
  firstSeenAt: Date;
}

/**
 * Entries of different outlets carrying the same story, named after the entry that started it. Members
 * are added with $addToSet of values that never change, so a replay adds none.
 */
export interface ClusterDoc {
  _id: string;
  members: ClusterMember[];
  createdAt: Date;
}

/**
 * The rows of one liveblog's hour (`_id` `lb:<liveblogId>|<hour start ms>`) or of all entries' minute
 * (`all@<minute start ms>`), by `<entryId>~<row hash>`. Or one of a minute's posting shards (`_id`
 * `q~<shard>@<minute start ms>`): by term, the set of `<entryId>~<sort time>` of every entry version of
 * that minute holding the term, for the terms that fall in the shard.
 * A row is one string (see Timeline's encodeRow): FerretDB stores each embedded document with its own
 * key list and types, which made decoding an hour of object rows cost ~12 ms for 60 rows.
 */
export interface TimelineBucketDoc {
  _id: string;
  rows?: Record<string, string>;
  postings?: Record<string, string[]>;
}

/** The hours of one listing scope (`all`, `lb:<liveblogId>` or `q:<term>`) that have rows. */
export interface TimelineHoursDoc {
  _id: string;
  hours: number[];
  /** On `all`: the rows of all entries and the postings are kept per minute (see Timeline.moveHourBuckets). */
  byMinute?: true;
}

/** The minutes of one hour (`_id` `all|<hour start ms>`) in which some entry has a row. */
export interface TimelineMinutesDoc {
  _id: string;
  minutes: number[];
  /** By `t<minute ms>`: how often the minute's documents were written to, counted after each write. */
  writes?: Record<string, number>;
  /** By `t<minute ms>`: the write count up to which the minute's postings are folded into the hour's (see Timeline.foldHours). */
  folded?: Record<string, number>;
}

/**
 * Before 2026-12-07: every version of every entry of one liveblog (`_id` is the liveblog id), by
 * `<entryId>~<revisionId>`, and when entries were deleted and restored. Split into the documents below
 * by splitVersions (the indexer, at start), which deletes each once split.
 */
export interface VersionsDoc {
  _id: string;
  /** `<contentHash> <seenAt> <firstSeenAt> <sortKey>`, times in epoch ms. */
  versions?: Record<string, string>;
  indexed?: Record<string, true>;
  deleted?: Record<string, number>;
  restored?: Record<string, number>;
}

/** What a webhook subscription is told about: entries created (or restored), updated, deleted. */
export type WebhookEventKind = 'created' | 'updated' | 'deleted';

/** A webhook subscription (`_id` `wh_<16 hex>`): few of them, read whole by the dispatcher. */
export interface WebhookDoc {
  _id: string;
  url: string;
  /** The entry listing's filters, in the form the store checks them in; none: every entry. */
  filters: Omit<EntryFilters, 'since' | 'until' | 'includeDeleted'>;
  events: WebhookEventKind[];
  /** The signing secret, `whsec_<base64>`: shown once at creation, kept for signing. */
  secret: string;
  createdAt: Date;
}

/**
 * One entry's versions (`_id` is the entry id), by revision id: `<contentHash> <seenAt> <firstSeenAt>
 * <sortKey>`, times in epoch ms, one string that is cheap for FerretDB to decode (see versions.ts).
 */
export interface EntryVersionsDoc {
  _id: string;
  liveblogId: string;
  versions: Record<string, string>;
}

/** The versions of a liveblog's entries that carried one content (`_id` `<liveblogId>~<contentHash>`), by `<entryId>~<revisionId>`, encoded as in EntryVersionsDoc. */
export interface ContentHashDoc {
  _id: string;
  liveblogId: string;
  versions: Record<string, string>;
}

/**
 * The entries of a liveblog first seen in one hour (`_id` `<liveblogId>|t<hour start ms>`): by entry id,
 * that they were written, and the latest time each was deleted and restored (epoch ms).
 */
export interface PresenceDoc {
  _id: string;
  indexed?: Record<string, true>;
  deleted?: Record<string, number>;
  restored?: Record<string, number>;
}

/** A liveblog's entry counts (`_id` is the liveblog id), by `t<hour start ms>` of first sight: `<entries> <deleted>`, as its PresenceDoc says. */
export interface EntryCountsDoc {
  _id: string;
  hours: Record<string, string>;
}
