import { Extraction, type ExtractRules } from '@liveblog/contracts';
import { decodePage, extractWithRules, operatorHint } from '@liveblog/extract';
import type { StoredSnapshot } from '@liveblog/storage';

/**
 * The pure half of parsing a snapshot: bytes and the source's rules in, validated Extraction and what
 * it suggests to an operator out. Decoding honours the charset the server declared (or the page's
 * BOM / <meta>) and inflates bodies that are still gzip, so non-UTF-8 pages no longer arrive as
 * replacement characters. Throws `ExtractionError` for pages that cannot be read.
 */
export function extractSnapshot(
  snapshot: Pick<StoredSnapshot, 'body' | 'url' | 'contentType' | 'fetchedAt'>,
  rules: ExtractRules | null = null,
): { extraction: Extraction; hint: string | null } {
  const body = decodePage(snapshot.body, snapshot.contentType);
  const { extraction, readBy } = extractWithRules({ body, url: snapshot.url, contentType: snapshot.contentType, fetchedAt: snapshot.fetchedAt }, rules);
  return { extraction: Extraction.parse(extraction), hint: operatorHint({ body, entries: extraction.entries.length, readBy }) };
}
