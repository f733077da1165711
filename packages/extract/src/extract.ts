import type { Extraction } from '@liveblog/contracts';
import { assemble } from './assemble';
import { detectFormat } from './detect';
import type { ParsedDocument } from './document';
import { EmptyDocumentError, UnsupportedFormatError } from './errors';
import type { Page } from './page';
import { parseHtml, readHtml } from './html/parse';
import type { ReadingChoice } from './html/readings';
import { parseTextDump } from './textdump/parse';

/**
 * Turns a fetched page into its liveblog and entries. Pure and synchronous. Throws only
 * `ExtractionError` subclasses for bad input: `EmptyDocumentError` when there is nothing to extract,
 * `UnsupportedFormatError` for formats not read yet.
 */
export function extract(page: Page): Extraction {
  if (typeof page.body !== 'string') throw new UnsupportedFormatError(typeof page.body, 'page body is not a string');
  // A byte-order mark would hide the date line from the header parser.
  const body = page.body.startsWith('\uFEFF') ? page.body.slice(1) : page.body;
  if (body.trim() === '') throw new EmptyDocumentError('page body is empty');

  const doc = parse({ ...page, body });
  if (doc.entries.length === 0 && doc.title === '') throw new EmptyDocumentError('page has no content');
  return assemble(doc, page.url);
}

/**
 * How the page's entries were chosen among its candidate readings (see html/readings.ts), for
 * `liveblog parse --explain`. Null for text dumps, which are read one way only.
 */
export function explainReading(page: Page): ReadingChoice | null {
  const body = page.body.startsWith('\uFEFF') ? page.body.slice(1) : page.body;
  return detectFormat({ ...page, body }) === 'html' ? readHtml(body).reading : null;
}

/** The one place that picks a parser per format; each format lives in its own folder. */
function parse(page: Page): ParsedDocument {
  const format = detectFormat(page);
  switch (format) {
    case 'textdump':
      return parseTextDump(page.body);
    case 'html':
      return parseHtml(page.body);
    case 'json':
    case 'binary':
      throw new UnsupportedFormatError(format);
  }
}
