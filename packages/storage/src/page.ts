import type { Collection, Filter } from 'mongodb';
import { afterCursor, comesAfter, encodeCursor, newerFirst, type Cursor } from './cursor';

export interface Page<T> {
  items: T[];
  next: string | null;
}

/**
 * One page of a (sortKey desc, _id desc) listing. Items inserted while a client pages never shift
 * later pages: the cursor is a position in the order, not an offset.
 */
export async function pageNewestFirst<T extends { _id: string; sortKey: Date }>(
  collection: Collection<T>,
  filter: Filter<T>,
  cursor: Cursor | null,
  limit: number,
): Promise<Page<T>> {
  const after = afterCursor(cursor);
  const query = (Object.keys(after).length ? { $and: [filter, after] } : filter) as Filter<T>;
  const rows = (await collection
    .find(query)
    .sort({ sortKey: -1, _id: -1 })
    .limit(limit + 1)
    .toArray()) as T[];
  return pageOf(rows, limit);
}

/**
 * The page of the first `limit` of these items, already in (sortKey desc, _id desc) order. The next page
 * starts after the last item when there are more; else at `resumeAt` when the caller stopped looking
 * before the end, else nowhere.
 */
export function pageOf<T extends { _id: string; sortKey: Date }>(ordered: readonly T[], limit: number, resumeAt?: Cursor): Page<T> {
  const items = ordered.slice(0, limit);
  const last = items[items.length - 1];
  if (ordered.length > limit && last) return { items, next: encodeCursor({ sortKey: last.sortKey, id: last._id }) };
  return { items, next: resumeAt ? encodeCursor(resumeAt) : null };
}

/** The page after the cursor of a small set read whole (a cluster's members, an entry's revisions). */
export function pageOfAll<T extends { _id: string; sortKey: Date }>(items: Iterable<T>, cursor: Cursor | null, limit: number): Page<T> {
  const after = [...items].filter((item) => comesAfter(cursor, item.sortKey.getTime(), item._id));
  return pageOf(
    after.sort((a, b) => newerFirst(a.sortKey.getTime(), a._id, b.sortKey.getTime(), b._id)),
    limit,
  );
}
