import { splitAttribute, type ExtractRules, type Extraction } from '@liveblog/contracts';
import { selectAll, selectOne } from 'css-select';
import type { AnyNode, Document, Element } from 'domhandler';
import { removeElement } from 'domutils';
import { assemble } from '../assemble';
import type { ParsedEntry } from '../document';
import type { Block } from '../html/blocks';
import { parseDom, textOf } from '../html/dom';
import { readMeta } from '../html/meta';
import { addParagraph, newSection } from '../html/sections';
import { stripSiteSuffix } from '../html/title';
import { timeValue } from '../jsonld/values';
import type { Page } from '../page';
import { ruleTime } from './rule-time';

const PARAGRAPHS = 'p, li, blockquote';

const all = (selector: string, root: AnyNode) => selectAll<AnyNode, Element>(selector, root);
const one = (selector: string, root: AnyNode) => selectOne<AnyNode, Element>(selector, root);

/**
 * Reads an HTML page by an operator's rules. Null when the `entry` selector matches nothing on the
 * page (a redesign, or rules for another page): the caller then falls back to generic extraction.
 */
export function extractByRules(page: Page, rules: ExtractRules): Extraction | null {
  const dom = parseDom(page.body);
  for (const selector of rules.exclude ?? []) for (const el of all(selector, dom)) removeElement(el);
  const matches = outermost(all(rules.entry, dom));
  if (matches.length === 0) return null;
  const entries = matches.map((el) => readEntry(el, rules, page.fetchedAt)).filter((e) => e.paragraphs.length > 0 || e.headline !== null);
  return assemble(pageDocument(dom, entries), page.url);
}

function readEntry(el: Element, rules: ExtractRules, fetchedAt: Date | undefined): ParsedEntry {
  const headlineEl = rules.headline ? one(rules.headline, el) : null;
  const headline = headlineEl ? textOf(headlineEl) || null : null;
  let publishedAt: string | null = null;
  if (rules.time) {
    const { selector, attribute } = splitAttribute(rules.time);
    const timeEl = one(selector, el);
    const value = timeEl ? (attribute ? (timeEl.attribs[attribute] ?? '') : textOf(timeEl)) : '';
    publishedAt = value ? ruleTime(value, rules.timezone ?? 'UTC', fetchedAt) : null;
    // Read once: the time is not part of the entry's text.
    if (timeEl && timeEl !== el) removeElement(timeEl);
  }
  if (headlineEl && headlineEl !== el) removeElement(headlineEl);

  const entry: ParsedEntry = { ...newSection(headline), publishedAt, ...(el.attribs.id ? { id: el.attribs.id } : {}) };
  const roots = rules.body ? outermost(all(rules.body, el)) : [el];
  for (const root of roots) {
    const paragraphs = root.name === 'p' || root.name === 'li' || root.name === 'blockquote' ? [root] : outermost(all(PARAGRAPHS, root));
    for (const p of paragraphs.length > 0 ? paragraphs : [root]) {
      const text = textOf(p);
      if (text !== '') addParagraph(entry, paragraphBlock(p, text));
    }
  }
  return entry;
}

/** A paragraph in the shape generic extraction gives its blocks, so credits and markup are read alike. */
function paragraphBlock(el: Element, text: string): Block {
  return { kind: 'para', level: 0, el, nodes: el.children, text, linkChars: 0, item: el.name === 'li', quote: el.name === 'blockquote', hint: null, lead: null };
}

/** The page's title and metadata, read as generic extraction reads them. */
function pageDocument(dom: Document, entries: ParsedEntry[]) {
  const { meta, title, lang } = readMeta(dom);
  const h1 = one('h1', dom);
  return {
    title: stripSiteSuffix(meta.get('og:title') ?? title ?? (h1 ? textOf(h1) : ''), meta.get('og:site_name') ?? ''),
    language: lang,
    summary: meta.get('description') ?? meta.get('og:description') ?? null,
    publishedAt: timeValue(meta.get('article:published_time')),
    modifiedAt: timeValue(meta.get('article:modified_time')),
    entries,
  };
}

/** Matches in document order without those inside an earlier match: an entry is never read twice. */
function outermost(elements: readonly Element[]): Element[] {
  const taken = new Set<Element>();
  return elements.filter((el) => {
    for (let parent = el.parent; parent; parent = parent.parent) if (taken.has(parent as Element)) return false;
    taken.add(el);
    return true;
  });
}
