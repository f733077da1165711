import type { Element } from 'domhandler';
import { isTag } from 'domhandler';
import type { Block } from './blocks';
import { holdsOtherText } from './boilerplate';
import { dropMisnamedHints, findContentRoot, isWithin } from './content';
import type { Reading } from './readings';
import { articleBody } from './sections';

/**
 * Reads the whole page by text density alone, as the check on every other reading. Unlike the article
 * container, it first leaves out the boxes whose names say they hold another text (comments, teasers,
 * newsletter boxes; see holdsOtherText) wherever they sit, so that such a box holding the most text is
 * not taken for the article. A lead stays in the body: this reading measures how much text the page
 * holds, it does not split it.
 */
export function densityReading(blocks: readonly Block[]): Reading {
  const clean = blocks.filter((block) => !underOtherText(block));
  const root = findContentRoot(clean);
  if (!root) return { kind: 'density', root: null, entries: [] };
  const body = articleBody(dropMisnamedHints(clean.filter((block) => isWithin(block.el, root))), root, { splitLead: false });
  return { kind: 'density', root, entries: body.sections };
}

function underOtherText(block: Block): boolean {
  for (let at: Element | null = block.hint; at; at = at.parent && isTag(at.parent) ? at.parent : null) if (holdsOtherText(at)) return true;
  return false;
}
