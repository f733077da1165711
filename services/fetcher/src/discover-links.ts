import { Parser } from 'htmlparser2';

/** More links than this from one index page are not liveblogs but a crawl; the rest are ignored. */
export const MAX_LINKS_PER_INDEX = 1_000;

type IndexFormat = 'rss' | 'atom' | 'sitemap' | 'html';

function formatOf(head: string): IndexFormat {
  if (/<rss[\s>]/i.test(head)) return 'rss';
  if (/<feed[\s>]/i.test(head)) return 'atom';
  if (/<urlset[\s>]/i.test(head)) return 'sitemap';
  return 'html';
}

/**
 * The liveblog URLs an index page links to, absolute, in page order, without repeats: RSS 2.0 item
 * links, Atom entry links, sitemap (and news sitemap) locations, or the anchors of an HTML page. Feeds
 * and sitemaps list their items; an HTML page links to everything, so it needs a pattern.
 */
export function discoverLinks(body: string, pageUrl: string, linkPattern: string | null): string[] {
  const format = formatOf(body.slice(0, 2_048));
  const pattern = linkPattern ? new RegExp(linkPattern) : null;
  if (format === 'html' && !pattern) return [];

  const found = new Set<string>();
  const add = (raw: string) => {
    if (found.size >= MAX_LINKS_PER_INDEX) return;
    let url: URL;
    try {
      url = new URL(raw.trim(), pageUrl);
    } catch {
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    url.hash = '';
    if (!pattern || pattern.test(url.href)) found.add(url.href);
  };

  // Element names that hold an item's URL as text, and the element that must enclose them.
  const textLink = format === 'rss' ? { tag: 'link', within: 'item' } : format === 'sitemap' ? { tag: 'loc', within: 'url' } : null;
  const open: string[] = [];
  let text = '';
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        open.push(name);
        if (textLink && name === textLink.tag) text = '';
        if (format === 'atom' && name === 'link' && open.includes('entry') && (attrs.rel ?? 'alternate') === 'alternate' && attrs.href) add(attrs.href);
        if (format === 'html' && name === 'a' && attrs.href) add(attrs.href);
      },
      ontext(chunk) {
        if (textLink && open[open.length - 1] === textLink.tag) text += chunk;
      },
      onclosetag(name) {
        if (textLink && name === textLink.tag && open.includes(textLink.within)) add(text);
        open.pop();
      },
    },
    { xmlMode: format !== 'html', decodeEntities: true },
  );
  parser.end(body);
  return [...found];
}
