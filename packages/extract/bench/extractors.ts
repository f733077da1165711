import { Readability } from '@mozilla/readability';
import { findAll, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { JSDOM, VirtualConsole } from 'jsdom';
import type * as Linkedom from 'linkedom' with { 'resolution-mode': 'import' };
import { extract } from '../src/extract';

// linkedom's types are published for ESM only while its CommonJS build is what require() loads here.
const { parseHTML } = require('linkedom') as typeof Linkedom;

/** What the benchmark compares: the body text, the headlines and how many sections the page splits into. */
export interface Output {
  /** The body; for ours without the entries' headlines, which the fixtures' truth keeps apart. */
  text: string;
  /** The main text as a reader takes it in, headings in place: what WCXB and the snippets score. */
  mainText: string;
  headlines: (string | null)[];
  sections: number;
  /** Entries with a time of their own: two or more read the page as a liveblog. */
  timedEntries: number;
}

export interface Extractor {
  name: string;
  /** Takes the already decoded page, so every extractor gets the same input. */
  run(html: string, url: string): Output;
}

export const ours: Extractor = {
  name: 'liveblog-ingest extract()',
  run(html, url) {
    const { liveblog, entries } = extract({ body: html, url });
    const body = entries.map((entry) => (entry.headline === null ? entry.text : `${entry.headline}\n\n${entry.text}`));
    return {
      text: entries.map((entry) => entry.text).join('\n\n'),
      // The lead goes to the summary, apart from the entries; a page's main text has it on top.
      mainText: [...(liveblog.summary === null ? [] : [liveblog.summary]), ...body].join('\n\n'),
      headlines: entries.map((entry) => entry.headline),
      sections: entries.length,
      timedEntries: entries.filter((entry) => entry.publishedAt !== null).length,
    };
  },
};

export const readabilityJsdom: Extractor = {
  name: 'readability + jsdom',
  run(html, url) {
    // A fresh VirtualConsole has no listeners, so jsdom's CSS parse complaints stay off the report.
    const dom = new JSDOM(html, { url, virtualConsole: new VirtualConsole() });
    try {
      return readabilityOutput(new Readability(dom.window.document).parse());
    } finally {
      // Without this every page's window stays reachable, and 151 pages × several passes exhaust the heap.
      dom.window.close();
    }
  },
};

export const readabilityLinkedom: Extractor = {
  name: 'readability + linkedom',
  run(html) {
    // linkedom's Document is not typed as the DOM lib's Document, but Readability only needs the DOM core.
    const { document } = parseHTML(html);
    return readabilityOutput(new Readability(document as unknown as Document).parse());
  },
};

type Article = ReturnType<Readability['parse']>;

/** Readability returns one article, not entries; its h2/h3 are the closest thing to entry headlines. */
function readabilityOutput(article: Article): Output {
  if (article === null) return bodyOutput('', []);
  const headings = findAll((el) => el.name === 'h2' || el.name === 'h3', parseDocument(article.content ?? '').children);
  return bodyOutput(article.textContent ?? '', headings.map((heading) => textContent(heading).trim()));
}

/**
 * The output of an extractor that returns one body with headings in it: the sections are those headings
 * plus the lead text before the first one, as the ground truth counts them.
 */
export function bodyOutput(text: string, headlines: string[]): Output {
  const firstHeading = headlines[0];
  const hasLead = firstHeading === undefined ? text.trim() !== '' : text.slice(0, text.indexOf(firstHeading)).trim() !== '';
  return { text, mainText: text, headlines, sections: headlines.length + (hasLead ? 1 : 0), timedEntries: 0 };
}
