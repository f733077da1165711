import type { presentEntry } from '../present';

type EntryView = ReturnType<typeof presentEntry>;

/** What a column holds, so that pandas and DuckDB read it typed; see docs/consuming.md. */
export type ColumnType = 'string' | 'timestamp' | 'integer' | 'boolean';

interface Column {
  name: string;
  type: ColumnType;
  value: (entry: EntryView) => string | number | boolean | null;
}

const column = (name: keyof EntryView, type: ColumnType): Column => ({ name, type, value: (e) => e[name] as string | number | boolean | null });

/**
 * The CSV export's columns, in this order, stable: a column is only ever added at the end. The HTML
 * is left out (the NDJSON export has it). Lists are joined: authors with "; ", agencies with spaces.
 */
export const CSV_COLUMNS: readonly Column[] = [
  column('id', 'string'),
  column('liveblogId', 'string'),
  column('key', 'string'),
  column('headline', 'string'),
  column('text', 'string'),
  column('publishedAt', 'timestamp'),
  column('modifiedAt', 'timestamp'),
  column('firstSeenAt', 'timestamp'),
  column('lastSeenAt', 'timestamp'),
  column('deletedAt', 'timestamp'),
  { name: 'authors', type: 'string', value: (e) => e.authors.join('; ') },
  { name: 'agencies', type: 'string', value: (e) => e.agencies.join(' ') },
  column('pinned', 'boolean'),
  column('revisionCount', 'integer'),
  column('duplicateOf', 'string'),
  column('clusterId', 'string'),
];

/**
 * RFC 4180, CRLF line ends. Strings are always quoted (so "" is an empty string); null is an empty
 * unquoted field; times (ISO 8601, UTC), numbers and booleans are bare, so that readers type them.
 */
function field(value: string | number | boolean | null, type: ColumnType): string {
  if (value === null) return '';
  if (type === 'string') return `"${String(value).replaceAll('"', '""')}"`;
  return String(value);
}

export const CSV_HEADER = `${CSV_COLUMNS.map((c) => c.name).join(',')}\r\n`;

export const csvRecord = (entry: EntryView): string => `${CSV_COLUMNS.map((c) => field(c.value(entry), c.type)).join(',')}\r\n`;

export const ndjsonRecord = (entry: EntryView): string => `${JSON.stringify(entry)}\n`;
