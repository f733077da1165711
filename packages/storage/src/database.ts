import { MongoClient, type Collection, type Db, type MongoClientOptions } from 'mongodb';
import type {
  ClusterDoc,
  ContentHashDoc,
  EntryCountsDoc,
  ExtractedEntryDoc,
  ExtractionBlockDoc,
  SnapshotChunkDoc,
  StoredExtractionDoc,
  EntryVersionsDoc,
  FetchLogDoc,
  LiveblogDoc,
  PresenceDoc,
  StoredEntryDoc,
  StoredRevisionDoc,
  SnapshotDirectoryDoc,
  SnapshotDoc,
  SourceDoc,
  TimelineBucketDoc,
  TimelineHoursDoc,
  TimelineMinutesDoc,
  VersionsDoc,
  WebhookDoc,
} from './documents';

export interface Collections {
  sources: Collection<SourceDoc>;
  snapshots: Collection<SnapshotDoc>;
  snapshotChunks: Collection<SnapshotChunkDoc>;
  snapshotDirectory: Collection<SnapshotDirectoryDoc>;
  extractions: Collection<StoredExtractionDoc>;
  extractedEntries: Collection<ExtractedEntryDoc>;
  extractionBlocks: Collection<ExtractionBlockDoc>;
  liveblogs: Collection<LiveblogDoc>;
  entries: Collection<StoredEntryDoc>;
  revisions: Collection<StoredRevisionDoc>;
  clusters: Collection<ClusterDoc>;
  timeline: Collection<TimelineBucketDoc>;
  timelineHours: Collection<TimelineHoursDoc>;
  timelineMinutes: Collection<TimelineMinutesDoc>;
  /** Before 2026-12-07 only; see splitVersions. */
  versions: Collection<VersionsDoc>;
  entryVersions: Collection<EntryVersionsDoc>;
  contentHashes: Collection<ContentHashDoc>;
  presence: Collection<PresenceDoc>;
  entryCounts: Collection<EntryCountsDoc>;
  fetchLog: Collection<FetchLogDoc>;
  webhooks: Collection<WebhookDoc>;
}

export interface DatabaseOptions {
  /** `w` of every write: 'majority' or a number of members (MONGODB_WRITE_CONCERN). */
  writeConcern?: 'majority' | number;
  /** Emit the driver's command events, so a test can see every filter sent. */
  monitorCommands?: boolean;
}

export class Database {
  readonly collections: Collections;

  private constructor(
    readonly client: MongoClient,
    readonly db: Db,
  ) {
    this.collections = {
      sources: db.collection<SourceDoc>('sources'),
      snapshots: db.collection<SnapshotDoc>('snapshots'),
      snapshotChunks: db.collection<SnapshotChunkDoc>('snapshotChunks'),
      snapshotDirectory: db.collection<SnapshotDirectoryDoc>('snapshotDirectory'),
      extractions: db.collection<StoredExtractionDoc>('extractions'),
      extractedEntries: db.collection<ExtractedEntryDoc>('extractedEntries'),
      extractionBlocks: db.collection<ExtractionBlockDoc>('extractionBlocks'),
      liveblogs: db.collection<LiveblogDoc>('liveblogs'),
      entries: db.collection<StoredEntryDoc>('entries'),
      revisions: db.collection<StoredRevisionDoc>('revisions'),
      clusters: db.collection<ClusterDoc>('clusters'),
      timeline: db.collection<TimelineBucketDoc>('timeline'),
      timelineHours: db.collection<TimelineHoursDoc>('timelineHours'),
      timelineMinutes: db.collection<TimelineMinutesDoc>('timelineMinutes'),
      versions: db.collection<VersionsDoc>('versions'),
      entryVersions: db.collection<EntryVersionsDoc>('entryVersions'),
      contentHashes: db.collection<ContentHashDoc>('contentHashes'),
      presence: db.collection<PresenceDoc>('presence'),
      entryCounts: db.collection<EntryCountsDoc>('entryCounts'),
      fetchLog: db.collection<FetchLogDoc>('fetchLog'),
      webhooks: db.collection<WebhookDoc>('webhooks'),
    };
  }

  /**
   * Retryable writes and reads: on a replica set, a write or read cut off by an election is retried once
   * on the new primary (every write here is idempotent anyway). `writeConcern` applies to every write:
   * 'majority' (the default) acknowledges a write only once most of the replica set holds it, so a
   * failover cannot roll back what the next stage was told is stored.
   */
  static async connect(url: string, dbName: string, options: DatabaseOptions = {}): Promise<Database> {
    const client = new MongoClient(url, {
      serverSelectionTimeoutMS: 10_000,
      appName: 'liveblog-ingest',
      retryWrites: true,
      retryReads: true,
      writeConcern: { w: options.writeConcern ?? 'majority' },
      monitorCommands: options.monitorCommands ?? false,
    });
    await client.connect();
    const database = new Database(client, client.db(dbName));
    await database.ensureIndexes();
    return database;
  }

  /** Every replica calls this at start; createIndex is idempotent on MongoDB and FerretDB alike. */
  private async ensureIndexes(): Promise<void> {
    const { entries, liveblogs, revisions, snapshots, sources } = this.collections;
    await Promise.all([
      entries.createIndex({ liveblogId: 1, key: 1 }, { unique: true, name: 'liveblog_key_unique' }),
      revisions.createIndex({ entryId: 1, sortKey: -1, _id: -1 }, { name: 'entry_newest_first' }),
      liveblogs.createIndex({ sortKey: -1, _id: -1 }, { name: 'newest_first' }),
      snapshots.createIndex({ sourceId: 1, fetchedAt: -1 }, { name: 'source_fetched' }),
      sources.createIndex({ url: 1 }, { unique: true, name: 'url_unique' }),
    ]);
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
