/**
 * What every format parser produces: the page's structure with plain-text paragraphs, before keys,
 * HTML and language are derived. Keeping that derivation in one place (assemble.ts) makes all formats
 * agree on keys and rendering.
 */
export interface ParsedEntry {
  headline: string | null;
  /**
   * The headline was not printed with the entry but taken from the page (a liveblog's top headline).
   * Such a headline moves to whatever entry is newest, so it must not feed the entry's key.
   */
  borrowedHeadline: boolean;
  paragraphs: string[];
  agencies: string[];
}

export interface ParsedDocument {
  title: string;
  summary: string | null;
  publishedAt: string | null;
  modifiedAt: string | null;
  entries: ParsedEntry[];
}
