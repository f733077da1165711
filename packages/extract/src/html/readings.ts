import type { ChildNode, Element } from 'domhandler';
import { isTag } from 'domhandler';
import { findOne } from 'domutils';
import type { ParsedEntry } from '../document';
import { holdsOtherText } from './boilerplate';
import { isWithin } from './content';
import type { Block } from './blocks';
import { attr, insideLink, linkTextLength, textOfNodes } from './dom';

/** The ways a page can be read; each gives entries, and they are checked against the page before one is taken. */
export type ReadingKind = 'structured' | 'timed-blocks' | 'container' | 'density';

/** One candidate reading: its entries and, when it was read from one, the element that holds them. */
export interface Reading {
  kind: ReadingKind;
  entries: ParsedEntry[];
  root: Element | null;
}

/** A reading measured against the page it was read from. */
export interface ReadingMeasure {
  kind: ReadingKind;
  entries: number;
  /** Characters of entry text that are not link text. */
  textChars: number;
  /** textChars over the page's visible prose (all its paragraphs' non-link text). */
  share: number;
  /** Link text over all entry text. */
  linkDensity: number;
  /** Share of the entry text in paragraphs that the page shows more than once. */
  repetition: number;
  /** The checks the reading failed (empty when it passed them all). */
  doubts: string[];
}

export interface ReadingChoice {
  chosen: Reading;
  /** Every reading considered, the chosen one among them, in the order they were considered. */
  considered: ReadingMeasure[];
  reason: string;
  /** The page's visible prose, in characters of non-link text. */
  visibleChars: number;
}

/** A reading with less text than this holds a label or a counter ("/", "3 Kommentare"), not an article. */
const MIN_TEXT_CHARS = 200;
/** A reading covering less of the page's prose than this may have missed the article. */
const MIN_SHARE = 0.3;
/** Readings this link-heavy are lists of other pages. */
const MAX_LINK_DENSITY = 0.3;
/** Readings more repeated than this read a copy (a teaser of the article, a hidden duplicate). */
const MAX_REPETITION = 0.3;
/** The density reading wins over one holding less than this share of its text. */
const FAR_LESS = 0.5;

const LIVEBLOG_READINGS: ReadonlySet<ReadingKind> = new Set(['structured', 'timed-blocks']);

/** What the checks need to know of the page: its prose blocks, measured once. */
export class PageText {
  readonly visibleChars: number;
  private readonly seen = new Map<string, number>();

  constructor(blocks: readonly Block[]) {
    let visible = 0;
    for (const block of blocks) {
      if (block.kind !== 'para') continue;
      visible += Math.max(0, block.text.length - block.linkChars);
      const key = block.text.toLowerCase();
      this.seen.set(key, (this.seen.get(key) ?? 0) + 1);
    }
    this.visibleChars = visible;
  }

  measure(reading: Reading): ReadingMeasure {
    let chars = 0;
    let linkChars = 0;
    let repeated = 0;
    for (const entry of reading.entries) {
      for (const paragraph of entry.paragraphs) {
        chars += paragraph.length;
        if ((this.seen.get(paragraph.toLowerCase()) ?? 0) > 1) repeated += paragraph.length;
      }
      for (const block of entry.markup ?? []) linkChars += linkCharsOf(block.nodes);
    }
    const textChars = Math.max(0, chars - linkChars);
    const measure: ReadingMeasure = {
      kind: reading.kind,
      entries: reading.entries.length,
      textChars,
      share: this.visibleChars === 0 ? 0 : Math.min(1, textChars / this.visibleChars),
      linkDensity: chars === 0 ? 0 : linkChars / chars,
      repetition: chars === 0 ? 0 : repeated / chars,
      doubts: [],
    };
    measure.doubts = doubtsAbout(measure, reading.root);
    return measure;
  }
}

function doubtsAbout(measure: ReadingMeasure, root: Element | null): string[] {
  const doubts: string[] = [];
  if (measure.textChars < MIN_TEXT_CHARS) doubts.push(`little text (${measure.textChars} < ${MIN_TEXT_CHARS} chars)`);
  if (measure.share < MIN_SHARE) doubts.push(`low share of the page (${fixed(measure.share)} < ${MIN_SHARE})`);
  if (measure.linkDensity > MAX_LINK_DENSITY) doubts.push(`link-dense (${fixed(measure.linkDensity)} > ${MAX_LINK_DENSITY})`);
  if (measure.repetition > MAX_REPETITION) doubts.push(`repeated elsewhere on the page (${fixed(measure.repetition)} > ${MAX_REPETITION})`);
  const box = root ? otherTextAround(root) : null;
  if (box) doubts.push(`inside a box of other text (${box})`);
  return doubts;
}

/**
 * Chooses the page's reading. The first reading the page offers (structured data, then timed blocks,
 * then the article container) is taken unless it fails a check; only then is the density reading made,
 * and it wins when the first holds far less text than it, or sits inside furniture while the density
 * reading does not.
 */
export function chooseReading(page: PageText, offered: readonly Reading[], density: () => Reading): ReadingChoice {
  const considered = offered.map((reading) => page.measure(reading));
  const firstIndex = offered.findIndex((reading) => reading.entries.length > 0);
  const first = offered[firstIndex];
  const firstMeasure = considered[firstIndex];
  const visibleChars = page.visibleChars;
  if (!first || !firstMeasure) {
    const fallback = density();
    considered.push(page.measure(fallback));
    return { chosen: fallback, considered, reason: 'no other reading found entries', visibleChars };
  }
  if (firstMeasure.doubts.length === 0) return { chosen: first, considered, reason: `${first.kind} passed every check`, visibleChars };

  const fallback = density();
  const densityMeasure = page.measure(fallback);
  considered.push(densityMeasure);
  // A liveblog reading rests on evidence per entry (a time, a structured marker): short entries are no
  // reason to drop it, only entries without any text are.
  const farLess = LIVEBLOG_READINGS.has(first.kind) ? firstMeasure.textChars === 0 : firstMeasure.textChars < densityMeasure.textChars * FAR_LESS;
  if (densityMeasure.textChars > 0 && farLess) {
    const why = firstMeasure.textChars === 0 ? 'holds no text' : `holds far less text than the density reading (${firstMeasure.textChars} < ${FAR_LESS} × ${densityMeasure.textChars} chars)`;
    return { chosen: fallback, considered, reason: `${first.kind} ${why}`, visibleChars };
  }
  const boxed = (measure: ReadingMeasure): boolean => measure.doubts.some((doubt) => doubt.startsWith('inside a box'));
  const repeated = densityMeasure.repetition > MAX_REPETITION;
  if (boxed(firstMeasure) && densityMeasure.textChars >= MIN_TEXT_CHARS && !boxed(densityMeasure) && !repeated && readsArticleBeside(fallback.root, first.root)) {
    return { chosen: fallback, considered, reason: `${first.kind} sits inside a box of other text; the density reading does not`, visibleChars };
  }
  return { chosen: first, considered, reason: `${first.kind} doubted (${firstMeasure.doubts.join('; ')}) but the density reading is no better`, visibleChars };
}

/**
 * Whether the density reading's element reads an article apart from the doubted reading's box: it, or a
 * box around it below the <body>, is a declared article (`<article>`, `<main>`, an articleBody) or holds
 * a top heading outside the doubted box. Only then is the doubted box (comments, a newsletter) the other
 * text beside an article; a page whose only article-like box is so named (a thread's posts under
 * "comments", a newsletter's own issue) has nothing else to read, and what the density reading finds
 * instead is a banner, a dialog or a preheader.
 */
function readsArticleBeside(root: Element | null, doubted: Element | null): boolean {
  const heading = (el: Element): boolean => el.name === 'h1' && !(doubted && isWithin(el, doubted));
  // The <body> holds the page's title too, and every banner and dialog.
  for (let at: Element | null = root; at && at.name !== 'body'; at = at.parent && isTag(at.parent) ? at.parent : null) {
    if (at.name === 'article' || at.name === 'main' || attr(at, 'role') === 'main' || attr(at, 'itemprop').toLowerCase() === 'articlebody') return true;
    if (findOne(heading, at.children) !== null) return true;
  }
  return false;
}

/** The element or the ancestor named as a box of other text (comments, teasers), if any. */
function otherTextAround(el: Element): string | null {
  for (let at: Element | null = el; at; at = at.parent && isTag(at.parent) ? at.parent : null) {
    if (!holdsOtherText(at)) continue;
    const classes = (at.attribs.class ?? '').trim();
    return `${at.name}${classes === '' ? '' : `.${classes.split(/\s+/).join('.')}`}${at.attribs.id ? `#${at.attribs.id}` : ''}`;
  }
  return null;
}

/** Link text of a paragraph's nodes, counting a paragraph inside a link (a teaser card) as link text throughout. */
export function linkCharsOf(nodes: readonly ChildNode[]): number {
  const first = nodes[0];
  if (first && insideLink(first)) return textOfNodes(nodes).length;
  let total = 0;
  for (const node of nodes) total += linkTextLength(node);
  return total;
}

function fixed(n: number): string {
  return n.toFixed(2);
}
