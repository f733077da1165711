import type { Collection, Document, Filter, FindOptions } from 'mongodb';

/** Point reads in flight at once: enough to keep the database busy, well inside the driver's pool of 100. */
const CONCURRENT_READS = 16;

/**
 * Documents by _id, one point read each. FerretDB's SQLite backend pushes down only a bare {_id} filter,
 * so `{_id: {$in}}` scans the whole collection there; point reads cost the same at any collection size,
 * on MongoDB too. Missing ids are absent from the map.
 */
export async function findByIds<T extends Document & { _id: string }>(
  collection: Collection<T>,
  ids: Iterable<string>,
  options: FindOptions = {},
): Promise<Map<string, T>> {
  const pending = [...new Set(ids)];
  const found = new Map<string, T>();
  const worker = async () => {
    for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
      const doc = (await collection.findOne({ _id: id } as Filter<T>, options)) as T | null;
      if (doc) found.set(id, doc);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_READS, pending.length) }, worker));
  return found;
}
