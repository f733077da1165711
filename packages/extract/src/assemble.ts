import type { ExtractedEntry, Extraction } from '@liveblog/contracts';
import type { ParsedDocument } from './document';
import { escapeHtml, textToHtml } from './html/escape';
import { safeHref } from './sanitize/url';
import { entryKey, uniqueKeys } from './keys';
import { detectLanguage } from './language';
import { renderMarkup } from './sanitize/render';

/** An embed as a plain link to what it shows; nothing is loaded from it and no text is made up for it. */
function embedLink(src: string, baseUrl: string): string {
  const href = safeHref(src, baseUrl);
  return href === null ? '' : `<p><a href="${escapeHtml(href)}">${escapeHtml(href)}</a></p>`;
}

/** Enough text to judge the language by; more only costs time on huge pages. */
const LANGUAGE_SAMPLE_CHARS = 5000;

/** Turns any format's parse into the output contract: keys, text, HTML and language. */
export function assemble(doc: ParsedDocument, url: string): Extraction {
  const drafts = doc.entries.map((entry) => ({ ...entry, text: entry.paragraphs.join('\n\n') }));
  const keys = uniqueKeys(drafts.map(entryKey));
  const entries: ExtractedEntry[] = drafts.map((draft, i) => ({
    key: keys[i] ?? '',
    headline: draft.headline,
    text: draft.text,
    html: `${draft.markup && draft.markup.length > 0 ? renderMarkup(draft.markup, url) : textToHtml(draft.text)}${draft.embed === undefined ? '' : embedLink(draft.embed, url)}`,
    publishedAt: draft.publishedAt ?? null,
    modifiedAt: draft.modifiedAt ?? null,
    authors: draft.authors ?? [],
    agencies: draft.agencies,
    pinned: draft.pinned ?? false,
  }));
  let sample = `${doc.title}\n${doc.summary ?? ''}`;
  for (const draft of drafts) {
    if (sample.length >= LANGUAGE_SAMPLE_CHARS) break;
    sample += `\n${draft.text.slice(0, LANGUAGE_SAMPLE_CHARS)}`;
  }
  return {
    liveblog: {
      title: doc.title,
      url,
      language: doc.language ?? detectLanguage(sample),
      summary: doc.summary,
      publishedAt: doc.publishedAt,
      modifiedAt: doc.modifiedAt,
    },
    entries,
  };
}
