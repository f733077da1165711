import type { Element } from 'domhandler';
import { Text, isTag } from 'domhandler';
import type { MarkupBlock, ParsedEntry } from '../document';
import { splitCredit } from '../textdump/credits';
import type { Block } from './blocks';
import { hasItemProse, holdsPicture, isProseItem, isWithin } from './content';
import { linkTextLength } from './dom';
import { isFurnitureLine, isLabel } from './lines';

/** Paragraphs and headings mostly made of links are teasers, related-article lists and navigation. */
const MAX_LINK_DENSITY = 0.5;
/** Captions are a line or two; longer paragraphs beside a picture are body text floating around it. */
const MAX_CAPTION_CHARS = 250;
/** Quotes this short are pull quotes set large for the eye, not statements the body relies on. */
const MAX_PULL_QUOTE_CHARS = 120;
/** A picture box holds the picture, its caption and perhaps a credit; a body container holds far more. */
const MAX_PICTURE_BOX_ELEMENTS = 4;
const MAX_LEAD_PARAGRAPHS = 2;
/** A paragraph this long is the body's text going on, not a label or a sign-off. */
const MIN_BODY_PARAGRAPH_CHARS = 40;
/** The share of the body that link-edged entries must hold to be its matter rather than teasers set into it. */
const MIN_LISTED_SHARE = 0.25;
const IMAGE: ReadonlySet<string> = new Set(['img', 'picture', 'video']);

/** The article body as sections, and its lead ("Vorspann") when the markup marks one. */
export interface ArticleBody {
  sections: ParsedEntry[];
  lead: string | null;
}

/**
 * The article inside `root` (given as its blocks, `inRoot`) as sections: each subheading (h2-h6; h1 is the title) starts one, followed
 * by its paragraphs; the first section usually has no headline. Left out: furniture hinted by class or
 * id inside the root, link lists and teasers, bylines and time stamps, box labels, pull quotes that
 * repeat the body, and sections left empty. With `splitLead` off, a marked lead stays the body's opening.
 */
export function articleBody(inRoot: readonly Block[], root: Element, options = { splitLead: true }): ArticleBody {
  const keep = keepListedEntries(inRoot, root, inRoot.map((b) => isContent(b, root)));
  const leads = options.splitLead ? leadRun(inRoot, keep, root) : [];
  const kept: Block[] = [];
  inRoot.forEach((block, i) => {
    if (!keep[i] || leads.includes(block)) return;
    const next = inRoot[i + 1];
    const endsBox = !next || !keep[i + 1] || next.kind === 'heading';
    if (block.kind === 'para' && isLabel(block.text) && endsBox) return;
    kept.push(block);
  });

  const bodyText = normalize(kept.filter((b) => b.kind === 'para' && !b.quote).map((b) => b.text).join(' '));
  const sections: ParsedEntry[] = [];
  let current: ParsedEntry | null = null;
  for (const block of kept) {
    // A bold line right under a heading is the heading's subtitle, not a heading of its own.
    if (block.kind === 'heading' && !(isBoldLine(block) && current?.headline != null && current.paragraphs.length === 0)) {
      current = newSection(block.text);
      sections.push(current);
      continue;
    }
    if (block.quote && (block.text.length <= MAX_PULL_QUOTE_CHARS || bodyText.includes(normalize(block.text)))) continue;
    if (!current) {
      current = newSection(null);
      sections.push(current);
    }
    addParagraph(current, block);
  }
  return { sections: sections.filter((s) => s.paragraphs.length > 0), lead: leads.length > 0 ? leads.map((b) => b.text).join(' ') : null };
}

/**
 * Keeps, besides what isContent keeps, the list items with prose that open or end with a link (the
 * linked name of the product, tool or publication each describes, a source's address), when the body's
 * text goes on after them and together they hold a good share of the body: a listicle's entries, or a
 * list of sources the text rests on. Teasers of other pages, shaped just the same, come after the text
 * has ended, or a few at a time set into a longer text.
 */
function keepListedEntries(inRoot: readonly Block[], root: Element, keep: readonly boolean[]): boolean[] {
  let lastBodyParagraph = -1;
  inRoot.forEach((block, i) => {
    if (keep[i] && block.kind === 'para' && !block.item && block.text.length >= MIN_BODY_PARAGRAPH_CHARS) lastBodyParagraph = i;
  });
  const entry = inRoot.map((block, i) => !keep[i] && i < lastBodyParagraph && block.item && hasItemProse(block) && isContent({ ...block, item: false }, root));
  let entryChars = 0;
  let keptChars = 0;
  inRoot.forEach((block, i) => {
    if (entry[i]) entryChars += block.text.length;
    else if (keep[i] && block.kind === 'para') keptChars += block.text.length;
  });
  if (entryChars === 0 || entryChars < (entryChars + keptChars) * MIN_LISTED_SHARE) return [...keep];
  return inRoot.map((block, i) => keep[i] === true || entry[i] === true);
}

/**
 * The paragraphs marked as lead that open the body. A lead is a paragraph or two; a longer run under a
 * lead-like name ("text-description") is the body itself.
 */
function leadRun(inRoot: readonly Block[], keep: readonly boolean[], root: Element): Block[] {
  const run: Block[] = [];
  for (let i = 0; i < inRoot.length; i++) {
    const block = inRoot[i];
    if (!block || !keep[i] || block.kind === 'heading') continue;
    if (!isInner(block.lead, root)) break;
    run.push(block);
  }
  return run.length <= MAX_LEAD_PARAGRAPHS ? run : [];
}

/** `el` lies strictly inside `root`: a hint on the root itself or above it says nothing about its parts. */
export function isInner(el: Element | null, root: Element): boolean {
  return el !== null && el !== root && isWithin(el, root);
}

/** A heading made from a paragraph of bold text (see blocks.ts). */
function isBoldLine(block: Block): boolean {
  return block.kind === 'heading' && block.el.name === 'p';
}

export function isContent(block: Block, root: Element): boolean {
  if (isInner(block.hint, root)) return false;
  if (block.linkChars > block.text.length * MAX_LINK_DENSITY) return false;
  if (block.kind === 'heading') return block.level > 1;
  if (block.item && !isProseItem(block) && !inPlainList(block.el)) return false;
  if (block.el !== root && block.text.length <= MAX_CAPTION_CHARS && besideImage(block.el)) return false;
  return !isFurnitureLine(block.text);
}

/** A list needs this many items to be one of the text's own (pros and cons, a packing list). */
const MIN_PLAIN_LIST_ITEMS = 2;
const plainLists = new WeakMap<Element, boolean>();

/**
 * A list item, however short, belongs to the text when its list has no links and no pictures at all:
 * menus, tag lists, teaser lists and galleries link or show every item, a list the author wrote out
 * (what to pack, what is good and bad about a product) does neither.
 */
function inPlainList(item: Element): boolean {
  const list = item.parent && isTag(item.parent) && (item.parent.name === 'ul' || item.parent.name === 'ol') ? item.parent : null;
  if (!list) return false;
  let plain = plainLists.get(list);
  if (plain === undefined) {
    const items = list.children.filter((kid) => isTag(kid) && kid.name === 'li');
    plain = items.length >= MIN_PLAIN_LIST_ITEMS && linkTextLength(list) === 0 && !holdsPicture(list);
    plainLists.set(list, plain);
  }
  return plain;
}

/**
 * A short paragraph sharing a small box with a picture is the picture's caption. Not one beside a
 * `<figure>`: a figure holds its own caption, and the paragraphs around it are the text it illustrates.
 */
function besideImage(el: Element): boolean {
  const siblings = (el.parent?.children ?? []).filter(isTag);
  if (siblings.length > MAX_PICTURE_BOX_ELEMENTS) return false;
  return siblings.some((s) => s !== el && (IMAGE.has(s.name) || (s.name !== 'figure' && s.children.some((c) => isTag(c) && IMAGE.has(c.name)))));
}

/** Lower-case words only, so a pull quote matches the body whatever its quotation marks. */
function normalize(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}

export function newSection(headline: string | null): ParsedEntry {
  return { headline, borrowedHeadline: false, paragraphs: [], agencies: [], markup: [] };
}

export function addParagraph(section: ParsedEntry, block: Block): void {
  const credit = splitCredit(block.text);
  if (credit) {
    for (const agency of credit.agencies) if (!section.agencies.includes(agency)) section.agencies.push(agency);
    if (credit.text === '') return;
  }
  section.paragraphs.push(credit ? credit.text : block.text);
  const tag: MarkupBlock['tag'] = block.item ? 'li' : block.quote ? 'blockquote' : 'p';
  // Without its credit the paragraph is rendered from its text, so that html and text agree.
  section.markup?.push({ tag, nodes: credit ? [new Text(credit.text)] : block.nodes });
}
