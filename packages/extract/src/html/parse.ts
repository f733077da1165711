import type { Element } from 'domhandler';
import { getInnerHTML, textContent } from 'domutils';
import type { ParsedDocument } from '../document';
import { articleMeta } from '../jsonld/article';
import { liveblogUpdates } from '../jsonld/liveblog';
import { parseJsonLd } from '../jsonld/parse';
import { timeValue } from '../jsonld/values';
import { pageZone, toUtc } from '../time/zone';
import { collectBlocks } from './blocks';
import { pageClock } from './clock';
import { dropMisnamedHints, findContentRoot, isWithin } from './content';
import { densityReading } from './density';
import { parseDom } from './dom';
import { flightArticleHtml } from './flight';
import { leadAbove, takeLead } from './lead';
import { mergeUpdates } from './merge';
import { microdataEntries } from './microdata';
import { readMeta } from './meta';
import { PageText, type Reading, type ReadingChoice, chooseReading } from './readings';
import { articleBody } from './sections';
import { tickerEntries } from './ticker';
import { stripSiteSuffix } from './title';

/**
 * Parses an HTML page. The entries are read several ways (a schema.org LiveBlogPosting completed from
 * the visible page, time-stamped blocks, the article container, the page's text density) and the
 * reading is chosen by checking them against the page (see readings.ts). Metadata comes from JSON-LD,
 * then meta tags, then the visible page.
 */
export function parseHtml(html: string): ParsedDocument {
  return readHtml(html).doc;
}

/** The parse with how its entries were chosen, for `liveblog parse --explain`. */
export function readHtml(html: string): { doc: ParsedDocument; reading: ReadingChoice } {
  const { doc, flight, noscript, reading } = parseMarkup(html);
  if (doc.entries.length > 0) return { doc, reading };
  // Nothing in the markup: the article may exist only in the page's Next.js flight data, or in the copy
  // an app shell keeps for readers without scripts.
  const article = flightArticleHtml(flight);
  const copy = article === null ? noscriptCopy(noscript) : null;
  const fallback = article !== null ? { html: `<article>${article}</article>`, where: "the page's flight data" } : copy !== null ? { html: copy, where: 'the page\'s <noscript> copy' } : null;
  if (fallback === null) return { doc, reading };
  const read = parseMarkup(`<html><body>${fallback.html}</body></html>`);
  return { doc: { ...doc, entries: read.doc.entries }, reading: { ...read.reading, reason: `${read.reading.reason} (in ${fallback.where})` } };
}

/** A `<noscript>` with less text than this holds a tracking pixel or a "please enable JavaScript" line. */
const MIN_NOSCRIPT_CHARS = 200;

/** The markup of the page's `<noscript>` elements that hold text, or null when none does. */
function noscriptCopy(noscript: readonly Element[]): string | null {
  const holding = noscript.filter((el) => textContent(el).trim().length >= MIN_NOSCRIPT_CHARS);
  return holding.length === 0 ? null : holding.map((el) => getInnerHTML(el)).join('\n');
}

function parseMarkup(html: string): { doc: ParsedDocument; flight: readonly string[]; noscript: readonly Element[]; reading: ReadingChoice } {
  const dom = parseDom(html);
  const meta = readMeta(dom);
  const nodes = parseJsonLd(meta.jsonLd);
  const story = articleMeta(nodes);
  const blocks = collectBlocks(dom);
  const root = findContentRoot(blocks);
  const inRoot = root ? dropMisnamedHints(blocks.filter((b) => isWithin(b.el, root))) : [];
  const body = root ? articleBody(inRoot, root) : { sections: [], lead: null };

  const descriptions = [meta.meta.get('description'), meta.meta.get('og:description'), meta.meta.get('twitter:description'), story?.description]
    .filter((d): d is string => typeof d === 'string');
  const lead = body.lead ?? takeLead(body.sections, descriptions);
  const publishedAt = story?.publishedAt ?? timeValue(meta.meta.get('article:published_time'));
  const modifiedAt = story?.modifiedAt ?? timeValue(meta.meta.get('article:modified_time'));

  const updates = liveblogUpdates(nodes);
  // What the visible page shows as entries: its own markup of them, its time-stamped boxes, or its sections.
  // A cheap look at the text before walking the tree for microdata or RDFa liveblog markup.
  const marked = html.includes('LiveBlogPosting') || html.includes('liveBlogUpdate') ? microdataEntries(blocks) : null;
  const updated = modifiedAt ?? publishedAt;
  const zone = pageZone(meta.lang, [
    meta.meta.get('article:modified_time'),
    meta.meta.get('article:published_time'),
    ...nodes.flatMap((node) => [node.dateModified, node.datePublished].filter((t): t is string => typeof t === 'string')),
  ]);
  const anchor = pageClock(blocks, updated, zone);
  // Relative stamps ("vor 5 Min.") count back from the page's update time, printed or machine-readable.
  const printed = anchor ? toUtc({ ...anchor.date, hour: Math.floor(anchor.minutes / 60), minute: anchor.minutes % 60 }, zone) : null;
  const clock = { anchor, now: printed?.getTime() ?? (updated === null ? null : Date.parse(updated)), zone };
  const ticker = marked || !root ? null : tickerEntries(inRoot, root, clock);
  const visible = marked ?? ticker?.entries ?? body.sections;
  const offered: Reading[] = [];
  if (updates || marked) offered.push({ kind: 'structured', entries: updates ? mergeUpdates(updates, visible) : visible, root: null });
  if (ticker) offered.push({ kind: 'timed-blocks', entries: ticker.entries, root });
  offered.push({ kind: 'container', entries: body.sections, root });
  const reading = chooseReading(new PageText(blocks), offered, () => densityReading(blocks));
  const timed = reading.chosen.kind === 'density' ? null : ticker;
  const doc: ParsedDocument = {
    title: stripSiteSuffix(
      meta.meta.get('og:title') ?? story?.headline ?? meta.title ?? blocks.find((b) => b.kind === 'heading' && b.level === 1)?.text ?? '',
      meta.meta.get('og:site_name') ?? meta.meta.get('application-name') ?? '',
    ),
    language: meta.lang,
    summary: (timed && root ? (timed.opening ?? leadAbove(blocks, root)) : null) ?? lead ?? longest(descriptions),
    publishedAt,
    modifiedAt,
    entries: reading.chosen.entries,
  };
  return { doc, flight: meta.flight, noscript: meta.noscript, reading };
}


/** The fullest of the page's descriptions: some are cut short, some broken by bad quoting. */
function longest(texts: readonly string[]): string | null {
  return texts.reduce<string | null>((best, text) => (best === null || text.length > best.length ? text : best), null);
}
