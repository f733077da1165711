import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** One liveblog entry or article section, as the evaluation sees it. */
export interface CorpusEntry {
  /** e.g. "seed:002#3" or "page:DW_2023_04_28#1": where it came from, for reports. */
  id: string;
  /** Seed or page file: entries from one source share a topic (and an outlet). */
  source: string;
  headline: string | null;
  paragraphs: string[];
}

/** Third-party text lives beside the checkout and is read at run time, never copied into the repo. */
export const SHARED_DIR = process.env.LIVEBLOG_SHARED_DIR ?? path.resolve(__dirname, '../../../../../shared');

/**
 * Shorter entries are too few shingles for SimHash to be stable (one word is a tenth of the text);
 * the service keeps exact fingerprints for those.
 */
export const MIN_ENTRY_CHARS = 200;

const CREDIT_AT_END = /\((?:[A-Za-z]{2,5}\/)*[A-Za-z]{2,5}\)\s*$/;
const DATE_LINE = /^date \d{4}-\d{2} /;

/** The dumps lost their markup: a short line without closing punctuation is taken for a headline. */
function isHeadline(line: string): boolean {
  return line.length < 100 && !/[.!?:"“”)…]$/.test(line);
}

/**
 * Seeds become entries: a headline opens one, an agency credit closes one. A headline-less run of more
 * than three paragraphs (seed 000 lost all its headlines) is split into paragraphs rather than kept as
 * one giant entry that no real outlet would publish.
 */
export function seedEntries(name: string, text: string): CorpusEntry[] {
  const lines = text
    .split(/\n+/)
    .map((line) => line.trim().replace(DATE_LINE, ''))
    .filter((line) => line.length > 0 && !line.includes('++ Stand:'));
  const chunks: Array<{ headline: string | null; paragraphs: string[] }> = [];
  let current: { headline: string | null; paragraphs: string[] } | null = null;
  for (const line of lines) {
    if (isHeadline(line)) {
      current = { headline: line, paragraphs: [] };
      chunks.push(current);
      continue;
    }
    if (!current) {
      current = { headline: null, paragraphs: [] };
      chunks.push(current);
    }
    current.paragraphs.push(line);
    if (CREDIT_AT_END.test(line)) current = null;
  }
  const split = chunks.flatMap((chunk) =>
    chunk.headline === null && chunk.paragraphs.length > 3
      ? chunk.paragraphs.map((paragraph) => ({ headline: null, paragraphs: [paragraph] }))
      : [chunk],
  );
  return keepLongEnough(`seed:${name.slice(0, 3)}`, name, split);
}

interface FixturePage {
  sections: Array<{ headline?: string | null; paragraphs: string[] }>;
}

export function pageEntries(name: string, page: FixturePage): CorpusEntry[] {
  const sections = page.sections.map((section) => ({ headline: section.headline ?? null, paragraphs: section.paragraphs }));
  return keepLongEnough(`page:${name}`, name, sections);
}

function keepLongEnough(
  prefix: string,
  source: string,
  chunks: Array<{ headline: string | null; paragraphs: string[] }>,
): CorpusEntry[] {
  return chunks
    .filter((chunk) => chunk.paragraphs.join(' ').length >= MIN_ENTRY_CHARS)
    .map((chunk, index) => ({ id: `${prefix}#${index}`, source, ...chunk }));
}

/** Every entry of the five seeds and the fixture pages, in a stable order. */
export function loadCorpus(sharedDir = SHARED_DIR): CorpusEntry[] {
  const seedsDir = path.join(sharedDir, 'seeds');
  const pagesDir = path.join(sharedDir, 'fixtures', 'pages');
  const seeds = readdirSync(seedsDir)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .flatMap((file) => seedEntries(file, readFileSync(path.join(seedsDir, file), 'utf8')));
  const pages = readdirSync(pagesDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file) =>
      pageEntries(file.replace(/\.json$/, ''), JSON.parse(readFileSync(path.join(pagesDir, file), 'utf8')) as FixturePage),
    );
  return [...seeds, ...pages];
}

export function entryText(entry: Pick<CorpusEntry, 'paragraphs'>): string {
  return entry.paragraphs.join('\n\n');
}
