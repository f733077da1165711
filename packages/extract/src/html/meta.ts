import type { ChildNode, Document, Element } from 'domhandler';
import { isTag } from 'domhandler';
import { MAX_DEPTH, attr, collapseSpace, textOf } from './dom';
import { isFlightScript } from './flight';

/** What a page says about itself outside its body text. */
export interface PageMeta {
  /** `<html lang>` reduced to its primary subtag ("de-DE" → "de"); null when absent. */
  lang: string | null;
  /** `<title>`. */
  title: string | null;
  /** `<meta name|property=…>` by lower-case key; the first occurrence wins. */
  meta: ReadonlyMap<string, string>;
  /** The raw text of every `<script type="application/ld+json">`, in page order. */
  jsonLd: string[];
  /** Scripts that push Next.js flight data, where some pages keep their only copy of the article. */
  flight: string[];
  /** `<noscript>` elements: an app shell's copy of its text for readers without scripts, sometimes its only one. */
  noscript: Element[];
}

/** Reads `<html lang>`, `<title>`, meta tags and JSON-LD scripts in one walk over the element tree. */
export function readMeta(doc: Document): PageMeta {
  const found = { lang: null as string | null, title: null as string | null, meta: new Map<string, string>(), jsonLd: [] as string[], flight: [] as string[], noscript: [] as Element[] };
  const visit = (nodes: ChildNode[], depth: number): void => {
    if (depth > MAX_DEPTH) return;
    for (const node of nodes) {
      if (!isTag(node)) continue;
      switch (node.name) {
        case 'html': {
          const lang = attr(node, 'lang') || attr(node, 'xml:lang');
          if (lang) found.lang = lang.split(/[-_]/)[0]?.toLowerCase() || null;
          break;
        }
        case 'title':
          found.title ??= textOf(node) || null;
          continue;
        case 'meta': {
          const key = (attr(node, 'property') || attr(node, 'name') || attr(node, 'itemprop')).toLowerCase();
          const content = collapseSpace(attr(node, 'content'));
          if (key && content && !found.meta.has(key)) found.meta.set(key, content);
          continue;
        }
        case 'script':
          if (attr(node, 'type').toLowerCase().trim() === 'application/ld+json') {
            found.jsonLd.push(node.children.map((c) => ('data' in c ? c.data : '')).join(''));
          } else {
            // Judged by the first text node: joining every inline script would copy megabytes of code.
            const first = node.children[0];
            if (first && 'data' in first && isFlightScript(first.data)) found.flight.push(node.children.map((c) => ('data' in c ? c.data : '')).join(''));
          }
          continue;
        case 'noscript':
          found.noscript.push(node);
          continue;
        case 'style':
        case 'svg':
          continue;
      }
      visit(node.children, depth + 1);
    }
  };
  visit(doc.children, 0);
  return found;
}
