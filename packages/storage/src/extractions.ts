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
}
