import { discoverLinks, MAX_LINKS_PER_INDEX } from './discover-links';

const page = 'https://news.example/index';

describe('discoverLinks', () => {
  test.each([
    [
      'RSS 2.0 item links (channel link ignored, entities decoded)',
      `<?xml version="1.0"?><rss version="2.0"><channel><link>https://news.example/</link>
        <item><title>Ticker</title><link>https://news.example/liveblog/sturm?a=1&amp;b=2</link></item>
        <item><link> /liveblog/wahl </link></item></channel></rss>`,
      null,
      ['https://news.example/liveblog/sturm?a=1&b=2', 'https://news.example/liveblog/wahl'],
    ],
    [
      'Atom entry alternate links only',
      `<feed xmlns="http://www.w3.org/2005/Atom"><link href="https://news.example/"/>
        <entry><link rel="alternate" href="https://news.example/live/1"/><link rel="enclosure" href="https://cdn.example/x.jpg"/></entry>
        <entry><link href="https://news.example/live/2"/></entry></feed>`,
      null,
      ['https://news.example/live/1', 'https://news.example/live/2'],
    ],
    [
      'news sitemap locations, filtered by the pattern',
      `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
        <url><loc>https://news.example/politik/liveblog-ukraine-123</loc><news:news><news:title>Liveblog</news:title></news:news></url>
        <url><loc>https://news.example/sport/bericht-456</loc></url></urlset>`,
      'liveblog',
      ['https://news.example/politik/liveblog-ukraine-123'],
    ],
    [
      'HTML anchors matching the pattern, relative ones resolved, fragments and repeats dropped',
      `<html><body><nav><a href="/impressum">Impressum</a></nav>
        <a href="/liveblog/ukraine-krieg-heute">++ Liveblog ++</a><a href="/liveblog/ukraine-krieg-heute#top">again</a>
        <a href="javascript:alert(1)">x</a><a href="mailto:live@news.example">liveblog</a>
        <a href="https://other.example/liveblog/x">elsewhere</a></body></html>`,
      '/liveblog/',
      ['https://news.example/liveblog/ukraine-krieg-heute', 'https://other.example/liveblog/x'],
    ],
    ['an HTML page without a pattern yields nothing', '<a href="/liveblog/1">x</a>', null, []],
  ])('%s', (_name, body, pattern, expected) => {
    expect(discoverLinks(body, page, pattern)).toEqual(expected);
  });

  test('a huge page yields at most the cap', () => {
    const items = Array.from({ length: MAX_LINKS_PER_INDEX + 50 }, (_, i) => `<item><link>https://news.example/l/${i}</link></item>`).join('');
    expect(discoverLinks(`<rss><channel>${items}</channel></rss>`, page, null)).toHaveLength(MAX_LINKS_PER_INDEX);
  });
});
