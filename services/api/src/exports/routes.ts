import type { Logger } from '@liveblog/runtime';
import { decodeCursor, type Cursor, type EntryDoc, type EntryFilters, type Store } from '@liveblog/storage';
import type { Express, Response } from 'express';
import { entryFiltersOf } from '../entry-search';
import { EntryExportQuery, parseOrThrow } from '../params';
import { presentEntry } from '../present';
import { CSV_HEADER, csvRecord, ndjsonRecord } from './csv';
import { ClientGoneError, writeRespectingBackpressure } from './write-stream';

/** Entries read per store read, and written as one chunk: what an export holds in memory at a time. */
export const EXPORT_PAGE = 500;

const FORMATS = {
  ndjson: { type: 'application/x-ndjson; charset=utf-8', header: '', record: ndjsonRecord },
  csv: { type: 'text/csv; charset=utf-8; header=present', header: CSV_HEADER, record: csvRecord },
} as const;
type Format = keyof typeof FORMATS;

/** Every entry of a listing, newest first, a page at a time: the listing's own pages, followed to the end. */
export async function* entryPages(store: Pick<Store, 'entries'>, filters: EntryFilters, pageSize = EXPORT_PAGE): AsyncGenerator<EntryDoc[]> {
  let cursor: Cursor | null = null;
  do {
    const page = await store.entries.search(filters, cursor, pageSize);
    if (page.items.length > 0) yield page.items;
    cursor = page.next ? decodeCursor(page.next) : null;
  } while (cursor);
}

async function writeExport(res: Response, format: Format, pages: AsyncIterable<EntryDoc[]>): Promise<void> {
  const { header, record } = FORMATS[format];
  if (header) await writeRespectingBackpressure(res, header);
  for await (const page of pages) await writeRespectingBackpressure(res, page.map((doc) => record(presentEntry(doc))).join(''));
  res.end();
}

/**
 * GET /v1/entries.ndjson and /v1/entries.csv: the whole entry listing with its filters, streamed. Memory
 * stays flat whatever the size: one page is read at a time, and the next only once the client has taken
 * the last (see writeRespectingBackpressure). Once the first bytes are out a failure cannot be answered
 * with an error status: the connection is cut, so that the client sees a truncated export as failed.
 */
export function registerExports(app: Express, store: Store, logger: Logger): void {
  for (const format of Object.keys(FORMATS) as Format[]) {
    app.get(`/v1/entries.${format}`, async (req, res) => {
      const query = parseOrThrow(EntryExportQuery, req.query, 'query');
      res.set({ 'Content-Type': FORMATS[format].type, 'Content-Disposition': `attachment; filename="entries.${format}"`, 'Cache-Control': 'no-store' });
      try {
        await writeExport(res, format, entryPages(store, entryFiltersOf(query)));
      } catch (err) {
        if (err instanceof ClientGoneError) return;
        if (!res.headersSent) throw err;
        logger.error({ err: err instanceof Error ? err.message : String(err), path: req.path }, 'export failed after it began');
        res.destroy();
      }
    });
  }
}
