import { parse } from 'csv-parse/sync';
import { CSV_HEADER, csvRecord, ndjsonRecord } from './csv';
import type { presentEntry } from '../present';

type EntryView = ReturnType<typeof presentEntry>;

const entry = (over: Partial<EntryView>): EntryView => ({
  id: 'en_00000000000000a1',
  liveblogId: 'lb_00000000000000b2',
  key: 'post-1',
  headline: 'Pegel steigt',
  text: 'Der Pegel lag bei 2,10 Metern.',
  html: '<p>Der Pegel lag bei 2,10 Metern.</p>',
  publishedAt: '2026-11-30T11:42:00.000Z',
  modifiedAt: null,
  authors: ['Anna Berg', 'Ben Cohn'],
  agencies: ['dpa', 'afp'],
  pinned: false,
  firstSeenAt: '2026-11-30T11:43:05.000Z',
  lastSeenAt: '2026-11-30T11:43:05.000Z',
  revisionCount: 1,
  deletedAt: null,
  duplicateOf: null,
  clusterId: 'en_00000000000000a1',
  ...over,
});

/** Rows that test quoting: separators, quotes and line breaks in text, numbers as text, empty vs null. */
const ENTRIES: EntryView[] = [
  entry({}),
  entry({ id: 'en_00000000000000a2', headline: null, text: 'Zeile 1\r\nZeile 2, mit "Zitat"\nund 3', pinned: true, revisionCount: 12, modifiedAt: '2026-11-30T12:00:00.000Z' }),
  entry({ id: 'en_00000000000000a3', headline: '', text: '42', authors: [], agencies: [], deletedAt: '2026-11-30T13:00:00.000Z', duplicateOf: 'en_00000000000000a1', clusterId: null }),
  entry({ id: 'en_00000000000000a4', headline: 'true', text: '2026-11-30T11:42:00.000Z', publishedAt: null }),
];

type Inferred = 'string' | 'timestamp' | 'integer' | 'boolean';

/** What a reader that types columns makes of a field: quoted is text whatever it holds, bare is typed by its form. */
function typeOf(value: string, quoted: boolean): Inferred | 'null' | 'unreadable' {
  if (quoted) return 'string';
  if (value === '') return 'null';
  if (/^-?\d+$/.test(value)) return 'integer';
  if (value === 'true' || value === 'false') return 'boolean';
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value) && !Number.isNaN(Date.parse(value))) return 'timestamp';
  return 'unreadable';
}

/** The column types the export promises (docs/consuming.md): a changed type or order is a break for readers. */
const EXPECTED: Record<string, Inferred> = {
  id: 'string', liveblogId: 'string', key: 'string', headline: 'string', text: 'string',
  publishedAt: 'timestamp', modifiedAt: 'timestamp', firstSeenAt: 'timestamp', lastSeenAt: 'timestamp', deletedAt: 'timestamp',
  authors: 'string', agencies: 'string', pinned: 'boolean', revisionCount: 'integer', duplicateOf: 'string', clusterId: 'string',
};

test('the CSV parses (RFC 4180) with every column of one type, typed as promised, and holds the entries', () => {
  const text = CSV_HEADER + ENTRIES.map(csvRecord).join('');
  const rows = parse(text, { cast: (value, { quoting }) => ({ value, quoting }), columns: false, relax_column_count: false }) as unknown as { value: string; quoting: boolean }[][];
  const [header, ...records] = rows;
  expect(header!.map((h) => h.value)).toEqual(Object.keys(EXPECTED));
  expect(records).toHaveLength(ENTRIES.length);
  const types = header!.map((h, i) => [h.value, [...new Set(records.map((r) => typeOf(r[i]!.value, r[i]!.quoting)).filter((t) => t !== 'null'))]]);
  expect(Object.fromEntries(types)).toEqual(Object.fromEntries(Object.entries(EXPECTED).map(([name, type]) => [name, [type]])));
  // Typed back, every record is its entry: null stays null, an empty string stays empty.
  const typed = records.map((r) => Object.fromEntries(header!.map((h, i) => {
    const { value, quoting } = r[i]!;
    const type = typeOf(value, quoting);
    return [h.value, type === 'null' ? null : type === 'integer' ? Number(value) : type === 'boolean' ? value === 'true' : value];
  })));
  expect(typed).toEqual(ENTRIES.map(({ html: _html, authors, agencies, ...rest }) => ({ ...rest, authors: authors.join('; '), agencies: agencies.join(' ') })));
});

test('CRLF ends each record; line breaks inside a text stay inside its quotes', () => {
  const record = csvRecord(ENTRIES[1]!);
  expect(record.endsWith('\r\n')).toBe(true);
  expect(record).toContain('"Zeile 1\r\nZeile 2, mit ""Zitat""\nund 3"');
});

test('NDJSON: one entry a line, as the API shows it', () => {
  const lines = ENTRIES.map(ndjsonRecord).join('').split('\n');
  expect(lines.pop()).toBe('');
  expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(ENTRIES);
});
