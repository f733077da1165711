import { findByIds } from './by-id';
import type { Collections } from './database';
import type { ExtractionDoc } from './documents';
import { MissingDocumentError } from './errors';

export class ExtractionStore {
  constructor(private readonly c: Collections) {}

  /** Extraction is deterministic, so replacing a previous result for the same snapshot changes nothing. */
  async put(doc: ExtractionDoc): Promise<void> {
    await this.c.extractions.replaceOne({ _id: doc._id }, doc, { upsert: true });
  }

  async get(snapshotId: string): Promise<ExtractionDoc> {
    const doc = await this.c.extractions.findOne({ _id: snapshotId });
    if (!doc) throw new MissingDocumentError('extraction', snapshotId);
    return doc;
  }

  /** Entries and fetch time of each stored extraction among `snapshotIds`, by point reads; unknown ids are absent. */
  async entryCounts(snapshotIds: readonly string[]): Promise<Map<string, { entries: number; fetchedAt: Date }>> {
    const docs = await findByIds(this.c.extractions, snapshotIds, { projection: { entries: 1, fetchedAt: 1 } });
    return new Map([...docs].map(([id, doc]) => [id, { entries: doc.entries.length, fetchedAt: doc.fetchedAt }]));
  }
}
