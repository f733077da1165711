import type { EntryDoc, EntryFilters, LiveblogDoc, Store } from '@liveblog/storage';
import type { Feed, FeedItem } from './render';

const TITLE_CHARS = 100;

/** An entry's headline, else the start of its text cut at a word, else its key. */
export function titleOf(entry: Pick<EntryDoc, 'headline' | 'text' | 'key'>): string {
  if (entry.headline?.trim()) return entry.headline.trim();
  const text = entry.text.trim().replace(/\s+/g, ' ');
  if (!text) return entry.key;
  if (text.length <= TITLE_CHARS) return text;
  const cut = text.slice(0, TITLE_CHARS);
  const atWord = cut.lastIndexOf(' ');
  return `${atWord > TITLE_CHARS / 2 ? cut.slice(0, atWord) : cut}…`;
}

export function feedItemOf(entry: EntryDoc, url: string | null): FeedItem {
  return {
    id: entry._id,
    title: titleOf(entry),
    url,
    html: entry.html,
    text: entry.text,
    published: entry.publishedAt ?? entry.firstSeenAt,
    updated: entry.seenAt,
    authors: entry.authors,
    tags: entry.agencies,
  };
}

export interface ListingFeedSpec {
  filters: EntryFilters;
  limit: number;
  id: string;
  title: string;
  selfUrl: string;
  otherUrl: string;
  /** The feed of one liveblog: its page is the feed's home, its last change counts as the feed's. */
  liveblog?: LiveblogDoc;
}

const latest = (times: readonly Date[]) => new Date(Math.max(0, ...times.map((t) => t.getTime())));

/**
 * The feed of a listing's first page: the same entries as the JSON listing with the same filters and
 * limit. Its `updated` (and the answer's Last-Modified) is the latest change among them and among the
 * deleted entries of the same span, read with includeDeleted: an entry's deletion moves its seenAt, so
 * a deletion is a change of the feed even though the entry is gone from it. (A deletion behind more
 * than `limit` newer deleted entries is missed there; the ETag still changes.)
 */
export async function listingFeed(store: Store, spec: ListingFeedSpec): Promise<Feed> {
  const [page, withDeleted] = await Promise.all([
    store.entries.search({ ...spec.filters, includeDeleted: false }, null, spec.limit),
    store.entries.search({ ...spec.filters, includeDeleted: true }, null, spec.limit),
  ]);
  const urls = await liveblogUrls(store, page.items, spec.liveblog);
  const seen = [...page.items, ...withDeleted.items].map((e) => e.seenAt);
  return {
    id: spec.id,
    title: spec.title,
    selfUrl: spec.selfUrl,
    otherUrl: spec.otherUrl,
    homeUrl: spec.liveblog?.url ?? null,
    updated: latest(spec.liveblog ? [...seen, spec.liveblog.seenAt] : seen),
    items: page.items.map((e) => feedItemOf(e, urls.get(e.liveblogId) ?? null)),
  };
}

async function liveblogUrls(store: Store, entries: readonly EntryDoc[], known?: LiveblogDoc): Promise<Map<string, string>> {
  const ids = [...new Set(entries.map((e) => e.liveblogId))].filter((id) => id !== known?._id);
  const docs = await Promise.all(ids.map((id) => store.liveblogs.get(id)));
  return new Map([...(known ? [known] : []), ...docs.filter((d): d is LiveblogDoc => d !== null)].map((d) => [d._id, d.url]));
}
