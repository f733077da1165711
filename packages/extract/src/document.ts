import type { ChildNode } from 'domhandler';

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
  /** The page's own id or anchor for the entry: when present, the most stable thing to key on. */
  id?: string;
  publishedAt?: string | null;
  modifiedAt?: string | null;
  authors?: string[];
  /** Pinned to the top of a liveblog by its editors. */
  pinned?: boolean;
  /** The link of what an embed-only entry shows (a post, a video, a picture); rendered as a link. */
  embed?: string;
  /**
   * The source markup behind the paragraphs, for formats that have markup; rendered through the
   * sanitizer. Without it the HTML is built from the plain paragraphs.
   */
  markup?: MarkupBlock[];
}

/** One paragraph-like block of source markup: its role and its (unsanitized) content nodes. */
export interface MarkupBlock {
  tag: 'p' | 'li' | 'blockquote';
  nodes: readonly ChildNode[];
}

export interface ParsedDocument {
  title: string;
  /** The language the page declares (`<html lang>`); when absent it is judged from the text. */
  language?: string | null;
  summary: string | null;
  publishedAt: string | null;
  modifiedAt: string | null;
  entries: ParsedEntry[];
}
