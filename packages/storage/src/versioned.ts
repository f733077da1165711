import type { AnyBulkWriteOperation, Document } from 'mongodb';

type Versioned = Document & { _id: string; seenAt: Date };

/** Inserts the whole document if its id is new; a no-op otherwise. Filters on _id alone. */
export function insertIfNew<T extends Versioned>(doc: T): AnyBulkWriteOperation<T> {
  return { updateOne: { filter: { _id: doc._id } as never, update: { $setOnInsert: doc } as never, upsert: true } };
}

/**
 * Overwrites the mutable fields and the version, filtering on _id alone: FerretDB's SQLite backend scans
 * the whole collection for any other filter. The version guard is the caller's: it has read the stored
 * version by _id and writes only a version that is not older, while holding its liveblog's index lock
 * (no other writer between the read and the write). `unset`: fields an older layout stored that this one does not.
 */
export function overwrite<T extends Versioned>(doc: T, mutable: Partial<T>, unset: readonly (keyof T & string)[] = []): AnyBulkWriteOperation<T> {
  const removing = unset.length > 0 ? { $unset: Object.fromEntries(unset.map((field) => [field, ''])) } : {};
  return { updateOne: { filter: { _id: doc._id } as never, update: { $set: { ...mutable, seenAt: doc.seenAt }, ...removing } as never } };
}

/** Whether a version seen at `next` may replace the stored one: replays write the same, older ones nothing. */
export function notOlder(stored: { seenAt: Date } | undefined, next: Date): boolean {
  return stored === undefined || stored.seenAt.getTime() <= next.getTime();
}
