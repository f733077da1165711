import type { ParsedEntry } from '../document';
import { splitCredit } from '../textdump/credits';
import type { JsonLdNode } from './parse';
import { hasType, isNode } from './parse';
import { idValue, namesValue, paragraphsValue, textValue, timeValue } from './values';

const LIVEBLOG: ReadonlySet<string> = new Set(['LiveBlogPosting']);

/**
 * The updates of the page's schema.org LiveBlogPosting as entries, in the order the page lists them;
 * null when the page declares none (no liveblog, or one whose updates are left out of the data), so
 * that the visible page is read instead.
 */
export function liveblogUpdates(nodes: readonly JsonLdNode[]): ParsedEntry[] | null {
  const liveblog = nodes.find((node) => hasType(node, LIVEBLOG));
  if (!liveblog) return null;
  const raw = liveblog.liveBlogUpdate;
  const updates = (Array.isArray(raw) ? raw : [raw]).filter(isNode);
  const entries = updates.map(updateEntry).filter((entry) => entry.paragraphs.length > 0 || entry.headline !== null);
  return entries.length > 0 ? entries : null;
}

function updateEntry(update: JsonLdNode): ParsedEntry {
  const paragraphs = paragraphsValue(update.articleBody ?? update.text ?? update.description);
  const agencies: string[] = [];
  const last = paragraphs[paragraphs.length - 1];
  const credit = last === undefined ? null : splitCredit(last);
  if (credit) {
    agencies.push(...credit.agencies);
    if (credit.text === '') paragraphs.pop();
    else paragraphs[paragraphs.length - 1] = credit.text;
  }
  const id = idValue(update);
  return {
    headline: textValue(update.headline) ?? textValue(update.name),
    borrowedHeadline: false,
    paragraphs,
    agencies,
    ...(id === null ? {} : { id }),
    publishedAt: timeValue(update.datePublished),
    modifiedAt: timeValue(update.dateModified) ?? timeValue(update.datePublished),
    authors: namesValue(update.author),
  };
}
