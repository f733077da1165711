import { berlinTimeToUtc } from '../time/berlin';

/** The first line of a text dump, ` date YYYY-MM …`, taken apart. */
export interface DumpHeader {
  /** The scraper marked the page as a liveblog: ` date 2024-10 liveblog <title> ++ … ++ Stand: …`. */
  liveblog: boolean;
  title: string | null;
  /** A liveblog's headline of the moment: the newest entry's, which the dump otherwise lost. */
  topHeadline: string | null;
  /** The "Stand:" time (Europe/Berlin) as ISO-8601 UTC. */
  modifiedAt: string | null;
  /** Text after the date that is not header but body: a lead paragraph or the first headline. */
  bodyLine: string | null;
}

const DATE_LINE = /^date\s+\d{4}-\d{2}(?:\s+|$)/;
const LIVEBLOG = /^liveblog(?:\s+|$)/i;
const STAND = /^Stand:?\s*(\d{1,2})\.(\d{1,2})\.(\d{4}),?\s+(\d{1,2})[:.](\d{2})(?:\s*Uhr)?$/i;

/** Parses "Stand: 22.10.2024 02:41 Uhr" (Berlin time) to ISO UTC; null for anything else. */
export function parseStand(text: string): string | null {
  const m = STAND.exec(text.trim());
  if (!m) return null;
  const [day, month, year, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  return berlinTimeToUtc({ year, month, day, hour, minute })?.toISOString() ?? null;
}

/** Reads the date line; null when the first line is not one (the dump starts with body text). */
export function parseHeader(firstLine: string): DumpHeader | null {
  const line = firstLine.trim();
  const date = DATE_LINE.exec(line);
  if (!date) return null;
  const rest = line.slice(date[0].length);
  const marker = LIVEBLOG.exec(rest);
  if (!marker) {
    return { liveblog: false, title: null, topHeadline: null, modifiedAt: null, bodyLine: rest === '' ? null : rest };
  }

  const [title = '', ...more] = rest
    .slice(marker[0].length)
    .split('++')
    .map((part) => part.trim());
  const header: DumpHeader = { liveblog: true, title: title || null, topHeadline: null, modifiedAt: null, bodyLine: null };
  for (const part of more) {
    if (part === '') continue;
    if (STAND.test(part)) header.modifiedAt ??= parseStand(part);
    else header.topHeadline ??= part;
  }
  return header;
}
