import { Extraction } from '@liveblog/contracts';
import { decodePage, extract } from '@liveblog/extract';
import type { StoredSnapshot } from '@liveblog/storage';

/**
 * The pure half of parsing a snapshot: bytes in, validated Extraction out. Decoding honours the
 * charset the server declared (or the page's BOM / <meta>) and inflates bodies that are still gzip,
 * so non-UTF-8 pages no longer arrive as replacement characters. Throws `ExtractionError` for pages
 * that cannot be read.
 */
export function extractSnapshot(snapshot: Pick<StoredSnapshot, 'body' | 'url' | 'contentType' | 'fetchedAt'>): Extraction {
  return Extraction.parse(
    extract({
      body: decodePage(snapshot.body, snapshot.contentType),
      url: snapshot.url,
      contentType: snapshot.contentType,
      fetchedAt: snapshot.fetchedAt,
    }),
  );
}
