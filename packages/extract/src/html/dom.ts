import { parseDocument } from 'htmlparser2';
import type { ChildNode, Document, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { MarkupTooDeepError } from '../errors';
import { MAX_NESTING, nestsDeeperThan } from './nesting';

/** Parses a page into a DOM once; every later step walks this tree instead of re-reading the markup. */
export function parseDom(body: string): Document {
  if (nestsDeeperThan(body, MAX_NESTING)) throw new MarkupTooDeepError(MAX_NESTING);
  return parseDocument(body, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
}

export function attr(el: Element, name: string): string {
  return el.attribs[name] ?? '';
}

/**
 * How deep every walk over the tree goes. Real pages stay far below it; a hostile page nested 10^5
 * levels deep would otherwise overflow the stack, and what hides that deep is no article anyway.
 */
export const MAX_DEPTH = 256;

/** Elements whose content is never text a reader sees. */
const INVISIBLE: ReadonlySet<string> = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'head']);

/** Classes that hide an element from sighted readers (screen-reader labels like "Hauptinhalt"). */
const HIDING_CLASS = /(?:^|\s)(?:[a-z]{1,3}-)?(?:hidden|visually-hidden|visuallyhidden|sr-only|srlabel|screenreader|hide)(?:$|\s)/i;

/**
 * React's streaming server rendering parks finished parts of the page in `<div hidden id="S:1">` and
 * moves them into place with a script: the content is what the reader sees.
 */
const STREAMED_SEGMENT = /^S:\d/;

export function isInvisible(el: Element): boolean {
  return (
    INVISIBLE.has(el.name) ||
    ('hidden' in el.attribs && !STREAMED_SEGMENT.test(attr(el, 'id'))) ||
    attr(el, 'aria-hidden') === 'true' ||
    (el.attribs.class !== undefined && HIDING_CLASS.test(el.attribs.class))
  );
}

/** Collapses runs of whitespace (including no-break spaces) the way a browser renders them. */
export function collapseSpace(text: string): string {
  return text.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

/** The visible text of a subtree, whitespace-collapsed; `<br>` separates like a space. */
export function textOf(node: ChildNode): string {
  return textOfNodes([node]);
}

/** The text of adjacent nodes read as one run ("a<b>b</b>" is "ab", not "a b"). */
export function textOfNodes(nodes: readonly ChildNode[]): string {
  const parts: string[] = [];
  for (const node of nodes) collect(node, parts, 0);
  return collapseSpace(parts.join(''));
}

function collect(node: ChildNode, parts: string[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (isText(node)) {
    parts.push(node.data);
    return;
  }
  if (!isTag(node) || isInvisible(node)) return;
  if (node.name === 'br') {
    parts.push(' ');
    return;
  }
  for (const child of node.children) collect(child, parts, depth + 1);
}

/** A link that leads somewhere; `<a name>` and `<a id>` only mark a jump target. */
export function isLink(el: Element): boolean {
  return el.name === 'a' && el.attribs.href !== undefined;
}

/** Text inside links within a subtree, for link density: navigation and related-link lists are mostly links. */
export function linkTextLength(node: ChildNode, depth = 0): number {
  if (!isTag(node) || isInvisible(node) || depth > MAX_DEPTH) return 0;
  if (isLink(node)) return textOf(node).length;
  let total = 0;
  for (const child of node.children) total += linkTextLength(child, depth + 1);
  return total;
}
