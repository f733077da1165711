import type { ChildNode, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import type { Block } from './blocks';
import { attr, insideLink } from './dom';

/** Shorter paragraphs are bylines, labels and teasers more often than body text. */
const MIN_BODY_CHARS = 40;
/** Paragraphs mostly made of links are navigation or related-article lists. */
const MAX_LINK_DENSITY = 0.5;
/** A child holding this share of its parent's body text is the tighter container of the same article. */
const DESCEND_SHARE = 0.7;
/** A declared article body (article, main, itemprop=articleBody) wins when it holds this share. */
const DECLARED_SHARE = 0.5;

/** Whether a paragraph counts as body text when judging where the article is. */
function isBodyLike(block: Block, minChars: number): boolean {
  return (
    block.kind === 'para' &&
    (!block.item || isProseItem(block)) &&
    block.text.length >= minChars &&
    block.linkChars <= block.text.length * MAX_LINK_DENSITY
  );
}

const PART_TAGS: ReadonlySet<string> = new Set(['ul', 'ol', 'li', 'dl', 'p']);

/** A list item needs a sentence's length of text outside its links to count as prose. */
const MIN_ITEM_PROSE_CHARS = 40;

/**
 * A list item that carries prose: an argument or a list of tips written as list items, sources linked
 * inside the sentences. Not a link list's or a teaser list's item, however long its description: such an
 * item opens or ends with its link (the other page's title, a "read on" link) or shows a picture (a card,
 * a gallery slide).
 */
export function isProseItem(block: Block): boolean {
  return hasItemProse(block) && !isLinkEdged(block);
}

/**
 * A list item with a sentence of its own beside its links and no picture, wherever its links sit: a
 * teaser's description, or a listicle's entry that opens with the linked name of what it describes.
 */
export function hasItemProse(block: Block): boolean {
  if (block.text.length - block.linkChars < MIN_ITEM_PROSE_CHARS) return false;
  if (block.linkChars > block.text.length * MAX_LINK_DENSITY) return false;
  return !block.nodes.some((node) => holdsPicture(node, 0));
}

/** Whether a block's first or last words are link text: a teaser's title or its "read on" link. */
function isLinkEdged(block: Block): boolean {
  return block.linkChars > 0 && (edgeInLink(block.nodes, 'first') || edgeInLink(block.nodes, 'last'));
}

/** Whether the first (or last) visible words under `nodes` sit inside a link. */
function edgeInLink(nodes: readonly ChildNode[], edge: 'first' | 'last'): boolean {
  const order = (list: readonly ChildNode[]): ChildNode[] => (edge === 'first' ? [...list].reverse() : [...list]);
  const stack = order(nodes);
  for (let steps = 0; stack.length > 0 && steps < 200; steps++) {
    const node = stack.pop() as ChildNode;
    if (isText(node)) {
      if (/^[\s.,;:!?()»«“”"']*$/.test(node.data)) continue;
      return insideLink(node);
    }
    if (isTag(node)) stack.push(...order(node.children as ChildNode[]));
  }
  return false;
}

const PICTURE_TAGS: ReadonlySet<string> = new Set(['img', 'picture', 'video', 'figure']);

/** A list item with a picture in it is a card (a teaser, a gallery slide), not a sentence of the text. */
export function holdsPicture(node: ChildNode, depth = 0): boolean {
  if (!isTag(node) || depth > 8) return false;
  if (PICTURE_TAGS.has(node.name)) return true;
  return node.children.some((kid) => holdsPicture(kid as ChildNode, depth + 1));
}

function parentElement(el: Element): Element | null {
  return el.parent && isTag(el.parent) ? el.parent : null;
}

function isDeclaredBody(el: Element): boolean {
  const prop = attr(el, 'itemprop').toLowerCase();
  return el.name === 'article' || el.name === 'main' || prop === 'articlebody';
}

/**
 * The element holding the article. Every body-like paragraph credits its text (minus link text) to all
 * its ancestors; from the top, the walk then descends into the child holding most of the text as long
 * as that child alone holds a large share. That finds the tightest box around the body without cutting
 * off a section that an ad slot split away. A declared article body on the way wins when it holds most
 * of the text, so a page's own markup beats the arithmetic.
 */
export function findContentRoot(blocks: readonly Block[]): Element | null {
  // A page of only short paragraphs (a fresh liveblog, a stub) still has its article.
  return rootByScore(blocks, MIN_BODY_CHARS) ?? rootByScore(blocks, 1);
}

function rootByScore(blocks: readonly Block[], minChars: number): Element | null {
  const score = new Map<Element, number>();
  const kids = new Map<Element, Set<Element>>();
  let top: Element | null = null;
  for (const block of blocks) {
    if (!isBodyLike(block, minChars)) continue;
    const weight = block.text.length - block.linkChars;
    let child: Element | null = null;
    for (let el: Element | null = block.el; el; el = parentElement(el)) {
      score.set(el, (score.get(el) ?? 0) + weight);
      if (child) {
        let set = kids.get(el);
        if (!set) kids.set(el, (set = new Set()));
        set.add(child);
      }
      child = el;
    }
    if (child && (top === null || (score.get(child) ?? 0) > (score.get(top) ?? 0))) top = child;
  }
  if (!top) return null;
  const total = score.get(top) ?? 0;
  let node = top;
  for (;;) {
    let best: Element | null = null;
    for (const kid of kids.get(node) ?? []) if (!best || (score.get(kid) ?? 0) > (score.get(best) ?? 0)) best = kid;
    if (!best) return node;
    const share = score.get(best) ?? 0;
    if (isDeclaredBody(best) && share >= total * DECLARED_SHARE && share >= (score.get(node) ?? 0) * DECLARED_SHARE) {
      node = best;
      continue;
    }
    if (share < (score.get(node) ?? 0) * DESCEND_SHARE) return node;
    // A list or a paragraph is a part of a body, never the body's box: the headings and short paragraphs
    // around it belong to the same text, however long the paragraph.
    if (PART_TAGS.has(best.name)) return node;
    node = best;
  }
}

/**
 * A furniture-like class name on most of the article is a misnomer: "paywalled" bodies, paragraphs
 * classed "paywall" one by one, a "sidebar-grid__content" column, a declared article body classed by
 * its topics ("tag-ukraine"). Blocks whose furniture hint is such a name (the same class on elements
 * that together hold nearly all of the body, or one declared body holding most of it) lose the hint.
 */
const MISNAMED_SHARE = 0.8;

export function dropMisnamedHints(inRoot: readonly Block[]): Block[] {
  const byName = new Map<string, number>();
  const byDeclaredBody = new Map<Element, number>();
  let total = 0;
  for (const block of inRoot) {
    if (!isBodyLike(block, MIN_BODY_CHARS)) continue;
    const weight = block.text.length - block.linkChars;
    total += weight;
    if (!block.hint) continue;
    byName.set(hintName(block.hint), (byName.get(hintName(block.hint)) ?? 0) + weight);
    if (isDeclaredBody(block.hint)) byDeclaredBody.set(block.hint, (byDeclaredBody.get(block.hint) ?? 0) + weight);
  }
  const misnamed = new Set([...byName].filter(([, weight]) => weight >= total * MISNAMED_SHARE).map(([name]) => name));
  // An <article> holding most of the body is the article, whatever its classes say ("tag-<topic>").
  const declared = new Set([...byDeclaredBody].filter(([, weight]) => weight >= total * DECLARED_SHARE).map(([el]) => el));
  if (misnamed.size === 0 && declared.size === 0) return [...inRoot];
  return inRoot.map((block) => (block.hint && (misnamed.has(hintName(block.hint)) || declared.has(block.hint)) ? { ...block, hint: null } : block));
}

/**
 * Classes, not tags: the same misnamed class often marks a body's paragraphs and its headings alike. Ids
 * count only without a class: repeated boxes of one class with an id each (a thread's posts, classed as
 * comments, `id="comment-123"`) are one name.
 */
function hintName(el: Element): string {
  const classes = attr(el, 'class').trim();
  return classes === '' ? `#${attr(el, 'id')}` : classes;
}

/** Whether `el` lies inside `root` (or is it). */
export function isWithin(el: Element, root: Element): boolean {
  for (let at: Element | null = el; at; at = parentElement(at)) if (at === root) return true;
  return false;
}
