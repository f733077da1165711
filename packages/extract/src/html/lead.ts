import type { ParsedEntry } from '../document';

/** A lead shorter than this is a fragment that happens to open a description, not the lead itself. */
const MIN_LEAD_CHARS = 50;

function words(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}

/**
 * Takes the lead ("Vorspann") out of the body when the markup did not mark it: the opening paragraph
 * of the untitled first section that the page's description repeats (whole or as its beginning; the
 * description often adds the byline). Returns the lead, or null when the body does not open with one.
 */
export function takeLead(sections: ParsedEntry[], descriptions: readonly string[]): string | null {
  const first = sections[0];
  const opening = first?.headline === null ? first.paragraphs[0] : undefined;
  if (!first || opening === undefined || opening.length < MIN_LEAD_CHARS) return null;
  const lead = words(opening);
  if (!descriptions.some((d) => words(d).startsWith(lead))) return null;
  first.paragraphs.shift();
  first.markup?.shift();
  if (first.paragraphs.length === 0) sections.shift();
  return opening;
}
