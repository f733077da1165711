import type { MongoClientOptions } from 'mongodb';
import { ClusterStore } from './clusters';
import { Database, type DatabaseOptions } from './database';
import { EntryStore } from './entries';
import { ExtractionStore } from './extractions';
import { FetchLogStore } from './fetch-log';
import { LiveblogStore } from './liveblogs';
import { RevisionStore } from './revisions';
import { SnapshotRetention } from './retention';
import { SnapshotStore } from './snapshots';
import { SourceStore } from './sources';
import { WebhookStore } from './webhooks';

/** All stores over one connection: what a service opens at start and closes at shutdown. */
export class Store {
  readonly sources: SourceStore;
  readonly snapshots: SnapshotStore;
  readonly extractions: ExtractionStore;
  readonly liveblogs: LiveblogStore;
  readonly entries: EntryStore;
  readonly revisions: RevisionStore;
  readonly clusters: ClusterStore;
  readonly retention: SnapshotRetention;
  readonly fetchLog: FetchLogStore;
  readonly webhooks: WebhookStore;

  private constructor(readonly database: Database) {
    const c = database.collections;
    this.sources = new SourceStore(c);
    this.retention = new SnapshotRetention(c);
    this.snapshots = new SnapshotStore(c, this.retention);
    this.extractions = new ExtractionStore(c);
    this.liveblogs = new LiveblogStore(c);
    this.entries = new EntryStore(c);
    this.revisions = new RevisionStore(c);
    this.clusters = new ClusterStore(c);
    this.fetchLog = new FetchLogStore(c);
    this.webhooks = new WebhookStore(c);
  }

  /** `options.monitorCommands` lets a test watch every command sent to the server. */
  static async open(url: string, dbName: string, options: DatabaseOptions = {}): Promise<Store> {
    return new Store(await Database.connect(url, dbName, options));
  }

  ping(): Promise<void> {
    return this.database.ping();
  }

  close(): Promise<void> {
    return this.database.close();
  }
}
