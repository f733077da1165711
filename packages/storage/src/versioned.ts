import type { AnyBulkWriteOperation, Document } from 'mongodb';

type Versioned = Document & { _id: string; seenAt: Date };

/** Inserts the whole document if its id is new; a no-op otherwise. Filters on _id alone. */
export function insertIfNew<T extends Versioned>(doc: T): AnyBulkWriteOperation<T> {
  return { updateOne: { filter: { _id: doc._id } as never, update: { $setOnInsert: doc } as never, upsert: true } };
}

/** Overwrites the mutable fields only if the stored version is not newer: late, older snapshots lose. */
export function updateIfNotOlder<T extends Versioned>(doc: T, mutable: Partial<T>): AnyBulkWriteOperation<T> {
  return {
    updateOne: {
      filter: { _id: doc._id, seenAt: { $lte: doc.seenAt } } as never,
      update: { $set: { ...mutable, seenAt: doc.seenAt } } as never,
    },
  };
}

/**
 * An upsert that is idempotent and order-safe without relying on duplicate-key errors (FerretDB reports
 * those wrongly inside bulk writes): replaying a version writes identical values, an older one nothing.
 */
export function versionedUpsert<T extends Versioned>(doc: T, mutable: Partial<T>): AnyBulkWriteOperation<T>[] {
  return [insertIfNew(doc), updateIfNotOlder(doc, mutable)];
}
