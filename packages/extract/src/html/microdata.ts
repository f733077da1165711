import type { Element } from 'domhandler';
import { isTag } from 'domhandler';
import type { ParsedEntry } from '../document';
import { timeValue } from '../jsonld/values';
import type { Block } from './blocks';
import { attr, collapseSpace, textOf } from './dom';
import { addParagraph, isContent, newSection } from './sections';

/**
 * A liveblog marked up in the page itself, as schema.org microdata (`itemtype`/`itemprop`) or RDFa
 * (`typeof`/`property`): a LiveBlogPosting whose `liveBlogUpdate` items (or BlogPosting items) are the
 * entries, each with its headline, articleBody and datePublished. Returns null when the page has none.
 */
export function microdataEntries(blocks: readonly Block[]): ParsedEntry[] | null {
  const updates = new Map<Element, Block[]>();
  for (const block of blocks) {
    const update = enclosingUpdate(block.el);
    if (!update) continue;
    let list = updates.get(update);
    if (!list) updates.set(update, (list = []));
    list.push(block);
  }
  if (updates.size === 0) return null;
  const marked = [...updates];
  const entries = marked
    .map(([update, inside], i) => {
      const entry = updateEntry(update, inside);
      return entry.paragraphs.length > 0 ? entry : completedFromPage(entry, update, blocks, marked[i + 1]?.[0] ?? null);
    })
    .filter((e) => e.paragraphs.length > 0 || e.headline !== null);
  return entries.length > 0 ? entries : null;
}

/**
 * An update whose marked body is empty (an empty articleBody, or none) shows its text beside the
 * marked item: in the box around it that holds no other update, or else right after it, before the
 * next update. Its paragraphs are taken from there; the headline and time stay the markup's.
 */
function completedFromPage(entry: ParsedEntry, update: Element, blocks: readonly Block[], next: Element | null): ParsedEntry {
  const box = ownBox(update, next);
  const parent = parentOf(update);
  const start = blocks.findIndex((block) => within(block.el, update) || (box !== null && within(block.el, box)));
  if (start < 0 || !parent) return entry;
  for (let i = start; i < blocks.length; i++) {
    const block = blocks[i];
    if (!block || (next && within(block.el, next))) break;
    if (within(block.el, update)) continue;
    if (box ? !within(block.el, box) : !within(block.el, parent)) break;
    if (block.kind === 'para' && isContent(block, box ?? parent)) addParagraph(entry, block);
  }
  return entry;
}

/** The outermost ancestor of `update` that does not reach the next update: the box the page shows it in. */
function ownBox(update: Element, next: Element | null): Element | null {
  let box: Element | null = null;
  for (let at = parentOf(update); at; at = parentOf(at)) {
    if (next !== null && within(next, at)) break;
    box = at;
  }
  // With no next update to bound it the climb reaches <html>: only a box of the update's own is meant.
  return next === null ? null : box;
}

function types(el: Element): string {
  return `${attr(el, 'itemtype')} ${attr(el, 'typeof')}`;
}

function props(el: Element): string[] {
  return `${attr(el, 'itemprop')} ${attr(el, 'property')}`
    .split(/\s+/)
    .filter((p) => p !== '')
    .map((p) => p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf(':')) + 1));
}

const UPDATE_TYPE = /\b(?:BlogPosting|NewsArticle|Article|SocialMediaPosting)\b/;
const LIVEBLOG_TYPE = /\bLiveBlogPosting\b/;

/** An update is an item given as the liveblog's liveBlogUpdate, or a blog post item inside a liveblog item. */
function isUpdate(el: Element): boolean {
  if (props(el).includes('liveBlogUpdate')) return true;
  return UPDATE_TYPE.test(types(el)) && !LIVEBLOG_TYPE.test(types(el)) && insideLiveblog(el);
}

function insideLiveblog(el: Element): boolean {
  for (let at = parentOf(el); at; at = parentOf(at)) if (LIVEBLOG_TYPE.test(types(at))) return true;
  return false;
}

function parentOf(el: Element): Element | null {
  return el.parent && isTag(el.parent) ? el.parent : null;
}

/** The innermost update around an element; markup nests a few dozen levels, so the walk is short. */
function enclosingUpdate(el: Element): Element | null {
  for (let at: Element | null = el; at; at = parentOf(at)) if (hasItemMarkup(at) && isUpdate(at)) return at;
  return null;
}

function hasItemMarkup(el: Element): boolean {
  const a = el.attribs;
  return a.itemprop !== undefined || a.itemtype !== undefined || a.property !== undefined || a.typeof !== undefined;
}

/** The first element under `root` carrying the property, not descending into nested updates. */
function findProp(root: Element, name: string): Element | null {
  for (const child of root.children) {
    if (!isTag(child)) continue;
    if (props(child).includes(name)) return child;
    if (hasItemMarkup(child) && isUpdate(child)) continue;
    const inner = findProp(child, name);
    if (inner) return inner;
  }
  return null;
}

/** A property's value as microdata defines it: `content`, then `datetime`, then the text. */
function propValue(el: Element | null): string | null {
  if (!el) return null;
  const value = collapseSpace(el.attribs.content ?? el.attribs.datetime ?? textOf(el));
  return value === '' ? null : value;
}

function within(el: Element, ancestor: Element): boolean {
  for (let at: Element | null = el; at; at = parentOf(at)) if (at === ancestor) return true;
  return false;
}

function updateEntry(update: Element, inside: readonly Block[]): ParsedEntry {
  const headlineEl = findProp(update, 'headline') ?? findProp(update, 'name');
  const bodyEl = findProp(update, 'articleBody') ?? findProp(update, 'text');
  const entry = newSection(propValue(headlineEl));
  const id = attr(update, 'id') || attr(update, 'itemid') || propValue(findProp(update, 'url'));
  if (id) entry.id = id;
  entry.publishedAt = timeValue(propValue(findProp(update, 'datePublished')));
  entry.modifiedAt = timeValue(propValue(findProp(update, 'dateModified'))) ?? entry.publishedAt;
  const author = propValue(findProp(update, 'author'));
  if (author) entry.authors = [author];
  for (const block of inside) {
    if (headlineEl && within(block.el, headlineEl)) continue;
    if (bodyEl ? !within(block.el, bodyEl) : !isContent(block, update)) continue;
    if (block.kind === 'heading') {
      if (entry.headline === null && entry.paragraphs.length === 0) entry.headline = block.text;
      continue;
    }
    addParagraph(entry, block);
  }
  return entry;
}
