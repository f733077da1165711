import type { ParsedDocument, ParsedEntry } from '../document';
import { isBoilerplate } from './boilerplate';
import { commentsStart } from './comments';
import { parseHeader } from './header';
import { isHeadline } from './headline';
import { splitUnits } from './lines';
import { dropPullQuotes } from './pullquote';
import { segmentEntries } from './segment';
import { findDoubledTitle } from './title';

/**
 * Parses the text-dump format: the text of a page as a scraper saw it, one paragraph, headline or
 * other element per line, optionally opened by a ` date YYYY-MM …` line.
 */
export function parseTextDump(body: string): ParsedDocument {
  let units = splitUnits(body);
  const header = units.length > 0 ? parseHeader(units[0] ?? '') : null;
  let title = header?.title ?? null;
  if (header) {
    units = header.bodyLine === null ? units.slice(1) : [header.bodyLine, ...units.slice(1)];
  } else {
    const doubled = findDoubledTitle(units);
    if (doubled) {
      title = doubled.title;
      units = units.slice(doubled.index + 1);
    }
  }

  units = units.slice(0, commentsStart(units)).filter((unit) => !isBoilerplate(unit));
  units = dropPullQuotes(units);

  let summary: string | null = null;
  if (header?.liveblog && units.length > 0 && !isHeadline(units[0] ?? '', units[1])) {
    summary = units[0] ?? null;
    units = units.slice(1);
  }

  let entries = segmentEntries(units);
  if (header?.liveblog) entries = splitUnmarkedLiveblog(entries);
  const first = entries[0];
  if (first && first.headline === null && header?.topHeadline) {
    first.headline = header.topHeadline;
    first.borrowedHeadline = true;
  }
  applyPageCredit(entries);

  return {
    title: title ?? '',
    summary,
    publishedAt: null,
    modifiedAt: header?.modifiedAt ?? null,
    entries,
  };
}

/**
 * A liveblog whose dump lost every entry boundary (no headlines, no credits) arrives as one run of
 * paragraphs. Which paragraphs belonged together cannot be recovered, so each paragraph becomes an
 * entry: that over-splits multi-paragraph updates, but keeps every key tied to its own paragraph's
 * opening words, so keys survive new updates being added on top, which one merged entry would not.
 */
function splitUnmarkedLiveblog(entries: ParsedEntry[]): ParsedEntry[] {
  const only = entries[0];
  if (entries.length !== 1 || !only || only.headline !== null || only.agencies.length > 0) return entries;
  return only.paragraphs.map((paragraph) => ({
    headline: null,
    borrowedHeadline: false,
    paragraphs: [paragraph],
    agencies: [],
  }));
}

/**
 * A single credit closing the whole page ("… Getreideabkommen. (dts/dpa/red)") credits the article,
 * not just its last section: it applies to every entry when no entry carries a credit of its own.
 */
function applyPageCredit(entries: ParsedEntry[]): void {
  const last = entries[entries.length - 1];
  if (!last || last.agencies.length === 0) return;
  if (entries.slice(0, -1).some((entry) => entry.agencies.length > 0)) return;
  for (const entry of entries) entry.agencies = [...last.agencies];
}
