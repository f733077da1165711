import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';

/**
 * FerretDB 1.24 keeps every statement's cursor of an update command open until the whole command ends;
 * a statement that matches an existing document holds a backend connection meanwhile. Past ~100 such
 * statements in one command its connection pool runs dry and the command deadlocks with itself (seen on
 * both its SQLite and PostgreSQL backends). MongoDB has no such limit; small commands cost it little.
 * Results of the commands are not merged: FerretDB numbers upserted ids by upsert count, not by statement.
 */
export const MAX_STATEMENTS_PER_COMMAND = 50;

/** An ordered bulk write sent as consecutive commands of bounded size; order is kept across commands. */
export async function orderedBulkWrite<T extends Document>(
  collection: Collection<T>,
  ops: readonly AnyBulkWriteOperation<T>[],
): Promise<void> {
  for (let start = 0; start < ops.length; start += MAX_STATEMENTS_PER_COMMAND) {
    await collection.bulkWrite(ops.slice(start, start + MAX_STATEMENTS_PER_COMMAND), { ordered: true });
  }
}
