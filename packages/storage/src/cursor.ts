import { InvalidCursorError } from './errors';

/** A position in a newest-first listing: the last item's sort time and id, opaque to clients. */
export interface Cursor {
  sortKey: Date;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sortKey.getTime(), cursor.id])).toString('base64url');
}

export function decodeCursor(token: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    !Number.isSafeInteger(parsed[0]) ||
    typeof parsed[1] !== 'string' ||
    parsed[1].length > 100
  ) {
    throw new InvalidCursorError();
  }
  return { sortKey: new Date(parsed[0] as number), id: parsed[1] };
}

/** The listing order, (sortKey desc, _id desc), for two items given by their time in ms and id. */
export function newerFirst(aAt: number, aId: string, bAt: number, bId: string): number {
  return bAt - aAt || (aId < bId ? 1 : aId > bId ? -1 : 0);
}

/** Whether an item at (sortKey, id) comes strictly after the cursor in (sortKey desc, _id desc) order. */
export function comesAfter(cursor: Cursor | null, sortKey: number, id: string): boolean {
  if (!cursor) return true;
  const at = cursor.sortKey.getTime();
  return sortKey < at || (sortKey === at && id < cursor.id);
}

/** The filter that continues a (sortKey desc, _id desc) listing strictly after the cursor. */
export function afterCursor(cursor: Cursor | null): Record<string, unknown> {
  if (!cursor) return {};
  return {
    $or: [{ sortKey: { $lt: cursor.sortKey } }, { sortKey: cursor.sortKey, _id: { $lt: cursor.id } }],
  };
}
