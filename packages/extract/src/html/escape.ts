const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => ENTITIES[ch] ?? ch);
}

/**
 * The sanitized HTML of a body: one `<p>` per paragraph of plain text whose paragraphs are separated
 * by a blank line and contain no line breaks themselves. Nothing of the source markup survives.
 */
export function textToHtml(text: string): string {
  if (text === '') return '';
  // One pass over the whole text instead of one per paragraph: pages can have millions of them.
  return `<p>${escapeHtml(text).replaceAll('\n\n', '</p>\n<p>')}</p>`;
}
