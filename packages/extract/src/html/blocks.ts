import type { ChildNode, Document, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { hasFurnitureHint, hasLeadHint, isFurnitureElement } from './boilerplate';
import { isFurnitureLine } from './lines';
import { MAX_DEPTH, insideLink, isInvisible, isLink, linkTextLength, textOf, textOfNodes } from './dom';

/** One readable unit of a page in document order: a heading or a paragraph-like run of text. */
export interface Block {
  kind: 'heading' | 'para';
  /** 1-6 for headings, 0 for paragraphs. */
  level: number;
  /** The element the block is, or (for loose text in a container) that holds it; used for ancestry. */
  el: Element;
  /** What to render: the element itself, or the loose inline nodes of a run. */
  nodes: ChildNode[];
  text: string;
  linkChars: number;
  /** A list item, rendered inside its list. */
  item: boolean;
  /** Inside a blockquote: possibly a pull quote repeating the body. */
  quote: boolean;
  /** The deepest ancestor whose class or id names furniture, if any. */
  hint: Element | null;
  /** The deepest ancestor whose class or id names a lead paragraph, if any. */
  lead: Element | null;
}

/** Tags that flow inside a paragraph; anything else breaks a run of loose text. */
const INLINE: ReadonlySet<string> = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'dfn', 'em', 'font', 'i', 'kbd', 'mark', 'q',
  's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr', 'del', 'ins',
]);

const HEADING = /^h([1-6])$/;

interface WalkState {
  hint: Element | null;
  lead: Element | null;
  quote: boolean;
  depth: number;
}

/** Every heading and paragraph of a page in one walk, furniture tags and invisible content left out. */
export function collectBlocks(doc: Document): Block[] {
  const blocks: Block[] = [];
  walkChildren(doc.children, null, { hint: null, lead: null, quote: false, depth: 0 }, blocks);
  return blocks;
}

function walkChildren(children: ChildNode[], parent: Element | null, state: WalkState, out: Block[]): void {
  let run: ChildNode[] = [];
  const flush = (): void => {
    if (run.length > 0 && parent) pushPara(out, parent, run, state, false);
    run = [];
  };
  for (const child of children) {
    if (isText(child) || (isTag(child) && isInlineRun(child))) {
      run.push(child);
      continue;
    }
    flush();
    if (isTag(child)) walkElement(child, state, out);
  }
  flush();
}

function walkElement(el: Element, outer: WalkState, out: Block[]): void {
  if (outer.depth > MAX_DEPTH || isInvisible(el) || isFurnitureElement(el)) return;
  const state: WalkState = {
    hint: hasFurnitureHint(el) ? el : outer.hint,
    lead: hasLeadHint(el) ? el : outer.lead,
    quote: outer.quote || el.name === 'blockquote',
    depth: outer.depth + 1,
  };
  const heading = HEADING.exec(el.name);
  if (heading) {
    const text = textOf(el);
    if (text !== '') {
      // A heading wrapped in a link is the headline of a teaser for another article.
      const linkChars = linkTextLength(el) + (insideLink(el) ? text.length : 0);
      const level = Number(heading[1]);
      out.push({ kind: 'heading', level, el, nodes: [el], text, linkChars, item: false, quote: false, hint: state.hint, lead: null });
    }
    return;
  }
  if (el.name === 'p' && isBoldLine(el)) {
    out.push({ kind: 'heading', level: BOLD_LINE_LEVEL, el, nodes: [el], text: textOf(el), linkChars: linkTextLength(el), item: false, quote: false, hint: state.hint, lead: null });
    return;
  }
  if (el.name === 'p' || (el.name === 'li' && !hasBlockChild(el))) {
    pushPara(out, el, [el], state, el.name === 'li');
    return;
  }
  walkChildren(el.children, el, state, out);
}

/**
 * Many editors write subheadings as a paragraph of bold text (`<p><strong>Reforms</strong></p>`). Such a
 * line counts as a heading below the h1-h3 a page sets: short, bold throughout, not closing like a
 * sentence or a label, and not a "read more" note.
 */
const BOLD_LINE_LEVEL = 4;
const MAX_BOLD_LINE_CHARS = 100;
const BOLD: ReadonlySet<string> = new Set(['b', 'strong']);
/** Inline tags that may wrap the bold text without making the line prose. */
const WRAPPING: ReadonlySet<string> = new Set(['span', 'a', 'em', 'i', 'u', 'br']);

function isBoldLine(el: Element): boolean {
  const text = textOf(el);
  if (text === '' || text.length > MAX_BOLD_LINE_CHARS || /[.,:;]$/.test(text) || isFurnitureLine(text)) return false;
  return boldThroughout(el.children, 0) === 'bold';
}

/** 'bold' when every visible character under `nodes` sits in b/strong, 'none' for blank, else 'mixed'. */
function boldThroughout(nodes: readonly ChildNode[], depth: number): 'bold' | 'none' | 'mixed' {
  let result: 'bold' | 'none' = 'none';
  for (const node of nodes) {
    if (isText(node)) {
      if (node.data.trim() !== '') return 'mixed';
      continue;
    }
    if (!isTag(node) || isInvisible(node)) continue;
    if (BOLD.has(node.name)) {
      if (textOf(node) !== '') result = 'bold';
      continue;
    }
    if (!WRAPPING.has(node.name) || depth > 3) return 'mixed';
    const inner = boldThroughout(node.children, depth + 1);
    if (inner === 'mixed') return 'mixed';
    if (inner === 'bold') result = 'bold';
  }
  return result;
}

/** Inline by tag and by content: a `<span role="main">` wrapping a whole article is a container. */
function isInlineRun(el: Element): boolean {
  return INLINE.has(el.name) && !isInvisible(el) && !containsBlock(el, 0);
}

function containsBlock(el: Element, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  return el.children.some((c) => isTag(c) && !isInvisible(c) && (!INLINE.has(c.name) || containsBlock(c, depth + 1)));
}

function hasBlockChild(el: Element): boolean {
  return el.children.some((c) => isTag(c) && !INLINE.has(c.name) && !isInvisible(c));
}

function pushPara(out: Block[], el: Element, nodes: ChildNode[], state: WalkState, item: boolean): void {
  const text = textOfNodes(nodes);
  if (text === '') return;
  // A paragraph inside a link (a card leading to another page) is link text throughout.
  let linkChars = insideLink(el) || isLink(el) ? text.length : 0;
  if (linkChars === 0) for (const node of nodes) linkChars += linkTextLength(node);
  out.push({ kind: 'para', level: 0, el, nodes, text, linkChars, item, quote: state.quote, hint: state.hint, lead: state.lead });
}
