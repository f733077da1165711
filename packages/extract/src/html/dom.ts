import { append } from 'domutils';
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Document, Element } from 'domhandler';
import { isComment, isTag, isText } from 'domhandler';
import { MarkupTooDeepError } from '../errors';
import { MAX_NESTING, nestsDeeperThan } from './nesting';

/** Parses a page into a DOM once; every later step walks this tree instead of re-reading the markup. */
export function parseDom(body: string): Document {
  if (nestsDeeperThan(body, MAX_NESTING)) throw new MarkupTooDeepError(MAX_NESTING);
  const doc = parseDocument(body, PARSE_OPTIONS);
  if (body.includes('<![CDATA[')) reopenBogusCdata(doc.children, 0);
  revealLoadingWrappers(doc);
  return doc;
}

const PARSE_OPTIONS = { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true };

/**
 * In HTML, `<![CDATA[` opens a bogus comment that ends at the first `>`, as browsers read it (a CDATA
 * section only inside SVG and MathML, whose text is never read here); htmlparser2 runs it to `]]>`
 * instead, so one stray `<![CDATA[` left open in a body hides the whole page. The markup after the
 * first `>` is parsed again and put back in place.
 */
function reopenBogusCdata(nodes: ChildNode[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  for (const node of [...nodes]) {
    if (isTag(node)) {
      reopenBogusCdata(node.children, depth + 1);
      continue;
    }
    if (!isComment(node) || !node.data.startsWith('[CDATA[')) continue;
    const end = node.data.indexOf('>');
    if (end < 0) continue;
    // A copy: append() takes each node out of the list it came from.
    const rest = [...parseDocument(node.data.slice(end + 1), PARSE_OPTIONS).children];
    node.data = node.data.slice(0, end);
    let previous: ChildNode = node;
    for (const kid of rest) {
      append(previous, kid);
      previous = kid;
    }
  }
}

/**
 * A share of the page's text above which an element hidden by its inline style is the page itself,
 * hidden until its scripts have loaded (against a flash of unstyled content), not a hidden copy.
 */
const LOADING_WRAPPER_SHARE = 0.5;
/** Collapsed prose (an accordion's answers, a "read more" rest) is at least this long and mostly not links. */
const MIN_COLLAPSED_CHARS = 80;
const MAX_COLLAPSED_LINK_SHARE = 0.3;
/** How much of a hidden element's text is looked up in the visible text to tell a copy from collapsed prose. */
const PROBE_CHARS = 80;

/** Paragraphs that collapsed prose under the `hidden` attribute holds at least. */
const MIN_HIDDEN_PARAGRAPHS = 2;

function isHiddenByAttribute(el: Element): boolean {
  return 'hidden' in el.attribs && !STREAMED_SEGMENT.test(attr(el, 'id'));
}

function countParagraphs(el: Element, depth: number): number {
  if (depth > MAX_DEPTH) return 0;
  let count = 0;
  for (const kid of el.children) if (isTag(kid)) count += kid.name === 'p' ? 1 : countParagraphs(kid, depth + 1);
  return count;
}

interface Hidden {
  el: Element;
  text: string;
  linkChars: number;
}

/**
 * Hidden elements (by inline style or the `hidden` attribute) are hidden copies, menus, forms and
 * widgets, except two kinds the page's scripts show: a wrapper holding most of the page (hidden until
 * loaded) and collapsed prose that the page shows nowhere else (accordions, "read more", the rest of an
 * article a paywall script reveals). Those two lose their hiding style or attribute here. Under the
 * `hidden` attribute, collapsed prose must be paragraphs, not one line: a menu's blurb is hidden that way too.
 */
function revealLoadingWrappers(doc: Document): void {
  const hidden: Hidden[] = [];
  const visible: string[] = [];
  collectHidden(doc.children, hidden, visible, 0);
  const shown = squeeze(visible.join(' '));
  const total = shown.length + hidden.reduce((sum, h) => sum + h.text.length, 0);
  for (const { el, text, linkChars } of hidden) {
    const byAttribute = isHiddenByAttribute(el);
    const collapsed =
      text.length >= MIN_COLLAPSED_CHARS &&
      linkChars <= text.length * MAX_COLLAPSED_LINK_SHARE &&
      (!byAttribute || countParagraphs(el, 0) >= MIN_HIDDEN_PARAGRAPHS) &&
      !isCopy(text, shown);
    if (text.length >= total * LOADING_WRAPPER_SHARE || collapsed) {
      delete el.attribs.style;
      delete el.attribs.hidden;
    }
  }
}

const squeeze = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** A hidden text is a copy when its middle stretch occurs in the visible text. */
function isCopy(text: string, shown: string): boolean {
  const start = Math.max(0, Math.floor((text.length - PROBE_CHARS) / 2));
  return shown.includes(text.slice(start, start + PROBE_CHARS));
}

/** Visible text goes to `visible`; each outermost hidden element (style or attribute) goes to `hidden` with its text. */
function collectHidden(nodes: readonly ChildNode[], hidden: Hidden[], visible: string[], depth: number): void {
  for (const node of nodes) {
    if (isText(node)) visible.push(node.data);
    else if (isTag(node) && depth <= MAX_DEPTH && !INVISIBLE.has(node.name)) {
      if ((node.attribs.style !== undefined && HIDING_STYLE.test(node.attribs.style)) || isHiddenByAttribute(node)) {
        // Its children's links: linkTextLength counts nothing under an element hidden itself.
        const linkChars = node.children.reduce((sum, kid) => sum + linkTextLength(kid), 0);
        hidden.push({ el: node, text: squeeze(rawText(node, 0)), linkChars });
      } else collectHidden(node.children, hidden, visible, depth + 1);
    }
  }
}

function rawText(node: ChildNode, depth: number): string {
  if (isText(node)) return node.data;
  if (!isTag(node) || depth > MAX_DEPTH || INVISIBLE.has(node.name)) return '';
  return node.children.map((child) => rawText(child, depth + 1)).join(' ');
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

/** An inline style that takes the element off the screen: `display: none` or `visibility: hidden`. */
const HIDING_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!\s*important\s*)?(?:;|$)/i;

/**
 * What a reader does not see is not content: pages park full copies of the article, menus and
 * screen-reader labels in hidden elements.
 */
export function isInvisible(el: Element): boolean {
  return (
    INVISIBLE.has(el.name) ||
    ('hidden' in el.attribs && !STREAMED_SEGMENT.test(attr(el, 'id'))) ||
    attr(el, 'aria-hidden') === 'true' ||
    (el.attribs.class !== undefined && HIDING_CLASS.test(el.attribs.class)) ||
    (el.attribs.style !== undefined && HIDING_STYLE.test(el.attribs.style))
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

/** Whether a node sits inside a link: a paragraph or heading of a card that leads to another page. */
export function insideLink(node: ChildNode): boolean {
  for (let at = node.parent; at && isTag(at); at = at.parent) if (isLink(at)) return true;
  return false;
}

/** Text inside links within a subtree, for link density: navigation and related-link lists are mostly links. */
export function linkTextLength(node: ChildNode, depth = 0): number {
  if (!isTag(node) || isInvisible(node) || depth > MAX_DEPTH) return 0;
  if (isLink(node)) return textOf(node).length;
  let total = 0;
  for (const child of node.children) total += linkTextLength(child, depth + 1);
  return total;
}
