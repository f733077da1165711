import { parseAtomFeed, parseJsonFeed } from 'feedsmith';
import { JsonFeedView } from '../views';
import { titleOf } from './listing-feed';
import { atomEntryId, renderAtom, renderJsonFeed, type Feed, type FeedItem } from './render';

const item = (over: Partial<FeedItem>): FeedItem => ({
  id: 'en_00000000000000a1',
  title: 'Pegel steigt',
  url: 'https://news.example/live?a=1&b=2',
  html: '<p>Der Pegel &amp; die Flut</p>',
  text: 'Der Pegel & die Flut',
  published: new Date('2026-11-30T11:42:00.000Z'),
  updated: new Date('2026-11-30T11:50:00.000Z'),
  authors: ['Anna "AB" Berg'],
  tags: ['dpa', 'afp'],
  ...over,
});

const feed = (items: FeedItem[], homeUrl: string | null = 'https://news.example/live'): Feed => ({
  id: 'urn:liveblog-ingest:liveblog:lb_00000000000000b2',
  title: 'Sturm & Flut <live>',
  selfUrl: 'http://api.test/v1/liveblogs/lb_00000000000000b2/feed.atom',
  otherUrl: 'http://api.test/v1/liveblogs/lb_00000000000000b2/feed.json',
  homeUrl,
  updated: new Date('2026-11-30T11:50:00.000Z'),
  items,
});

// Each case: what the items hold, and what a feed reader must read back.
const CASES: { name: string; items: FeedItem[]; homeUrl?: null }[] = [
  { name: 'markup and entities in every field', items: [item({ title: 'A < B & "C"', html: '<p>x &lt; y</p><script>&</script>' })] },
  { name: 'characters XML does not admit are dropped', items: [item({ title: 'bell\u0007 here', text: 'nul\u0000 lone \uD800 surrogate', html: '<p>form\u000Cfeed</p>' })] },
  { name: 'no authors, no tags, no page', items: [item({ authors: [], tags: [], url: null })], homeUrl: null },
  { name: 'several items keep their order', items: [item({ id: 'en_00000000000000a2', title: 'zwei' }), item({ title: 'eins' })] },
  { name: 'no items', items: [] },
];
const XML_LESS = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF]/g, '');

describe.each(CASES)('$name', ({ items, homeUrl }) => {
  const f = feed(items, homeUrl === null ? null : undefined);

  test('Atom parses with every item as given', () => {
    const parsed = parseAtomFeed(renderAtom(f));
    expect(parsed.id).toBe(f.id);
    expect(parsed.title?.value).toBe(f.title);
    expect(parsed.updated).toBe(f.updated.toISOString());
    expect(parsed.links?.find((l) => l.rel === 'self')?.href).toBe(f.selfUrl);
    expect(parsed.links?.find((l) => l.rel === 'alternate' && l.type === 'text/html')?.href).toBe(f.homeUrl ?? undefined);
    expect((parsed.entries ?? []).map((e) => ({
      id: e.id,
      title: e.title?.value,
      url: e.links?.find((l) => l.rel === 'alternate')?.href ?? null,
      html: e.content?.value ?? '',
      published: e.published,
      updated: e.updated,
      authors: (e.authors ?? []).map((a) => a.name),
      tags: (e.categories ?? []).map((c) => c.term),
    }))).toEqual(items.map((i) => ({
      id: atomEntryId(i.id),
      title: XML_LESS(i.title),
      url: i.url,
      html: XML_LESS(i.html),
      published: i.published.toISOString(),
      updated: i.updated.toISOString(),
      authors: i.authors,
      tags: i.tags,
    })));
  });

  test('JSON Feed parses, matches its documented schema, with every item as given', () => {
    const text = renderJsonFeed(f);
    expect(JsonFeedView.safeParse(JSON.parse(text)).error?.issues ?? []).toEqual([]);
    const parsed = parseJsonFeed(text);
    expect(parsed.title).toBe(f.title);
    expect(parsed.feed_url).toBe(f.selfUrl);
    expect(parsed.home_page_url).toBe(f.homeUrl ?? undefined);
    expect((parsed.items ?? []).map((e) => ({
      id: e.id,
      title: e.title,
      url: e.url ?? null,
      html: e.content_html,
      text: e.content_text,
      published: e.date_published,
      updated: e.date_modified,
      authors: (e.authors ?? []).map((a) => a.name),
      tags: e.tags ?? [],
    }))).toEqual(items.map((i) => ({
      id: i.id,
      title: i.title,
      url: i.url,
      html: i.html,
      text: i.text,
      published: i.published.toISOString(),
      updated: i.updated.toISOString(),
      authors: i.authors,
      tags: i.tags,
    })));
  });
});

test.each([
  { headline: 'Schlagzeile', text: 'egal', key: 'k1', title: 'Schlagzeile' },
  { headline: null, text: '  Kurzer   Text\n', key: 'k2', title: 'Kurzer Text' },
  { headline: '  ', text: '', key: 'k3', title: 'k3' },
  { headline: null, text: `${'Wort '.repeat(30)}Ende`, key: 'k4', title: `${'Wort '.repeat(19)}Wort…` },
])('an item title: $title', ({ title, ...entry }) => {
  expect(titleOf(entry)).toBe(title);
});
