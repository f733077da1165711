import type { Element } from 'domhandler';
import type { ParsedEntry } from '../document';
import type { Block } from './blocks';
import { isWithin } from './content';
import { isFurnitureLine } from './lines';

/** A lead shorter than this is a fragment that happens to open a description, not the lead itself. */
const MIN_LEAD_CHARS = 50;

function words(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}

/**
 * Takes the lead ("Vorspann") out of the body when the markup did not mark it: the opening paragraph
 * of the untitled first section that the page's description begins with and goes on past (the
 * description often adds the byline). Returns the lead, or null when the body does not open with one.
 */
export function takeLead(sections: ParsedEntry[], descriptions: readonly string[]): string | null {
  const first = sections[0];
  const opening = first?.headline === null ? first.paragraphs[0] : undefined;
  if (!first || opening === undefined || opening.length < MIN_LEAD_CHARS) return null;
  const lead = words(opening);
  // A description that only repeats the paragraph is the CMS copying the body's first paragraph; one
  // that goes on past it (adding the byline, the place) presents the paragraph as the lead.
  if (!descriptions.some((d) => words(d).startsWith(lead) && words(d).length > lead.length)) return null;
  first.paragraphs.shift();
  first.markup?.shift();
  if (first.paragraphs.length === 0) sections.shift();
  return opening;
}

/**
 * The paragraphs between the page's title (h1) and its entries, when the entries' container is the
 * content root and the lead sits above it: a liveblog's summary.
 */
export function leadAbove(blocks: readonly Block[], root: Element): string | null {
  const start = blocks.findIndex((b) => isWithin(b.el, root));
  const lead: string[] = [];
  for (let i = start - 1; i >= 0; i--) {
    const block = blocks[i];
    if (!block) break;
    if (block.kind === 'heading' && block.level === 1) return lead.length > 0 ? lead.join(' ') : null;
    const prose = block.kind === 'para' && !block.item && block.hint === null && block.linkChars * 2 <= block.text.length;
    if (prose && block.text.length >= MIN_LEAD_CHARS && !isFurnitureLine(block.text)) lead.unshift(block.text);
  }
  // Without a title above, there is no telling the lead from the page's header.
  return null;
}
