import { gunzipSync, gzipSync } from 'node:zlib';
import { Binary } from 'mongodb';
import type { Collections } from './database';
import type { SnapshotDoc } from './documents';
import { MissingDocumentError } from './errors';
import type { SnapshotRetention } from './retention';

export interface NewSnapshot {
  id: string;
  sourceId: string;
  url: string;
  contentType: string | null;
  contentHash: string;
  body: Buffer;
  fetchedAt: Date;
}

export interface StoredSnapshot extends Omit<SnapshotDoc, 'bodyGzip' | '_id'> {
  id: string;
  body: Buffer;
}

export class SnapshotStore {
  constructor(
    private readonly c: Collections,
    private readonly retention: SnapshotRetention,
  ) {}

  /**
   * Idempotent: the id is derived from source and content, so a re-fetch of the same bytes is a no-op.
   * Listed for the retention sweep first, so a crash in between leaves no snapshot the sweep cannot find.
   */
  async put(s: NewSnapshot): Promise<void> {
    await this.retention.record(s.id, s.sourceId, s.fetchedAt);
    await this.c.snapshots.updateOne(
      { _id: s.id },
      {
        $setOnInsert: {
          sourceId: s.sourceId,
          url: s.url,
          contentType: s.contentType,
          contentHash: s.contentHash,
          bytes: s.body.length,
          bodyGzip: new Binary(gzipSync(s.body)),
          fetchedAt: s.fetchedAt,
        },
      },
      { upsert: true },
    );
  }

  async get(id: string): Promise<StoredSnapshot> {
    const doc = await this.c.snapshots.findOne({ _id: id });
    if (!doc) throw new MissingDocumentError('snapshot', id);
    const { _id, bodyGzip, ...rest } = doc;
    return { ...rest, id: _id, body: gunzipSync(bodyGzip.buffer) };
  }
}
