/** A feed as both formats show it; built from a listing's entries (see feed.ts). */
export interface Feed {
  /** Stable across hosts and time: readers key their state on it. */
  id: string;
  title: string;
  /** Where this feed is fetched from. */
  selfUrl: string;
  /** The same feed in the other format. */
  otherUrl: string;
  /** The page the feed follows, when there is one (a liveblog's). */
  homeUrl: string | null;
  updated: Date;
  items: FeedItem[];
}

export interface FeedItem {
  /** The entry id (an IRI in Atom: `urn:liveblog-ingest:entry:<id>`). */
  id: string;
  title: string;
  /** The liveblog page the entry is on. */
  url: string | null;
  html: string;
  text: string;
  published: Date;
  /** When this version of the entry was seen: an edit moves it. */
  updated: Date;
  authors: readonly string[];
  /** The news agencies the entry credits. */
  tags: readonly string[];
}

export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';
export const JSON_FEED_TYPE = 'application/feed+json; charset=utf-8';

// XML 1.0 admits neither most control characters nor lone surrogates; pages do contain them.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const xml = (text: string) => text.replace(NOT_XML, '').replace(/[&<>"]/g, (c) => XML_ESCAPES[c]!);

export const atomEntryId = (entryId: string) => `urn:liveblog-ingest:entry:${entryId}`;

function atomEntry(item: FeedItem): string {
  return [
    '<entry>',
    `<id>${xml(atomEntryId(item.id))}</id>`,
    `<title type="text">${xml(item.title)}</title>`,
    `<published>${item.published.toISOString()}</published>`,
    `<updated>${item.updated.toISOString()}</updated>`,
    ...item.authors.map((name) => `<author><name>${xml(name)}</name></author>`),
    ...(item.url ? [`<link rel="alternate" type="text/html" href="${xml(item.url)}"/>`] : []),
    ...item.tags.map((tag) => `<category term="${xml(tag)}"/>`),
    `<content type="html">${xml(item.html)}</content>`,
    '</entry>',
  ].join('\n');
}

/** Atom 1.0 (RFC 4287). Entries without authors take the feed's. */
export function renderAtom(feed: Feed): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<id>${xml(feed.id)}</id>`,
    `<title type="text">${xml(feed.title)}</title>`,
    `<updated>${feed.updated.toISOString()}</updated>`,
    '<author><name>liveblog-ingest</name></author>',
    '<generator>liveblog-ingest</generator>',
    `<link rel="self" type="application/atom+xml" href="${xml(feed.selfUrl)}"/>`,
    `<link rel="alternate" type="application/feed+json" href="${xml(feed.otherUrl)}"/>`,
    ...(feed.homeUrl ? [`<link rel="alternate" type="text/html" href="${xml(feed.homeUrl)}"/>`] : []),
    ...feed.items.map(atomEntry),
    '</feed>',
    '',
  ].join('\n');
}

/** JSON Feed 1.1. */
export function renderJsonFeed(feed: Feed): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    ...(feed.homeUrl ? { home_page_url: feed.homeUrl } : {}),
    feed_url: feed.selfUrl,
    authors: [{ name: 'liveblog-ingest' }],
    items: feed.items.map((item) => ({
      id: item.id,
      ...(item.url ? { url: item.url } : {}),
      title: item.title,
      content_html: item.html,
      content_text: item.text,
      date_published: item.published.toISOString(),
      date_modified: item.updated.toISOString(),
      ...(item.authors.length ? { authors: item.authors.map((name) => ({ name })) } : {}),
      ...(item.tags.length ? { tags: item.tags } : {}),
    })),
  });
}
