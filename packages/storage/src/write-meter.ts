import { BSON, type CommandStartedEvent, type Document } from 'mongodb';
import type { Store } from './store';

/** What a stretch of work sent to the database and how many document bytes its writes stored. */
export interface WriteCost {
  /** Commands sent, by name (find, update, insert, delete…). */
  commands: Record<string, number>;
  /** Statements that wrote: each update, insert and delete of a bulk command counts. */
  writeStatements: number;
  /**
   * Bytes of documents written: an insert's document, and for each update statement the size of the
   * document it updated as it is after the stretch. FerretDB 1.x stores a document as one row (one JSON
   * value on SQLite, one jsonb on PostgreSQL) and rewrites the whole row on any update, however small
   * the change: this is what the database writes, before its own page and log overhead.
   */
  documentBytes: number;
  /** documentBytes by collection. */
  byCollection: Record<string, number>;
}

/**
 * Counts what a store sends, for benches: open the store with `monitorCommands: true`, `start`, do the
 * work, then `take` its cost (which starts the next stretch). Updates are looked up by the `_id` of
 * their filter: every write here filters on `_id` alone.
 */
export class WriteMeter {
  private commands: Record<string, number> = {};
  private writeStatements = 0;
  /** Bytes inserted, by collection. */
  private inserted: Record<string, number> = {};
  /** `<collection>\u0000<_id>` → update statements on it. */
  private updated = new Map<string, number>();
  private paused = false;
  private readonly listener = (e: CommandStartedEvent) => this.observe(e);

  constructor(private readonly store: Store) {
    store.database.client.on('commandStarted', this.listener);
  }

  stop(): void {
    this.store.database.client.off('commandStarted', this.listener);
  }

  async take(): Promise<WriteCost> {
    this.paused = true;
    const byCollection = this.inserted;
    try {
      for (const [key, times] of this.updated) {
        const [collection, id] = key.split('\u0000') as [string, string];
        const doc = await this.store.database.db.collection(collection).findOne({ _id: id as unknown as Document['_id'] });
        if (doc) byCollection[collection] = (byCollection[collection] ?? 0) + BSON.calculateObjectSize(doc) * times;
      }
    } finally {
      this.paused = false;
    }
    const documentBytes = Object.values(byCollection).reduce((a, b) => a + b, 0);
    const cost = { commands: this.commands, writeStatements: this.writeStatements, documentBytes, byCollection };
    this.commands = {};
    this.writeStatements = 0;
    this.inserted = {};
    this.updated = new Map();
    return cost;
  }

  private observe({ commandName, command }: CommandStartedEvent): void {
    if (this.paused || commandName === 'endSessions') return;
    this.commands[commandName] = (this.commands[commandName] ?? 0) + 1;
    const collection = String(command[commandName]);
    if (commandName === 'insert') {
      const docs = command.documents as Document[];
      this.writeStatements += docs.length;
      for (const doc of docs) this.inserted[collection] = (this.inserted[collection] ?? 0) + BSON.calculateObjectSize(doc);
    } else if (commandName === 'update') {
      const updates = command.updates as { q: Document }[];
      this.writeStatements += updates.length;
      for (const { q } of updates) {
        if (typeof q._id !== 'string') continue;
        const key = `${collection}\u0000${q._id}`;
        this.updated.set(key, (this.updated.get(key) ?? 0) + 1);
      }
    } else if (commandName === 'delete') {
      this.writeStatements += (command.deletes as unknown[]).length;
    }
  }
}
