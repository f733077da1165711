import type { Store } from '@liveblog/storage';
import type { Express, Request } from 'express';
import { entryFiltersOf, hotScope } from '../entry-search';
import { notFound } from '../http-error';
import { answerOf, sendAnswer } from '../json-answer';
import { listingScopes, type CachedAnswer, type ListingCache } from '../listing-cache';
import { EntryFeedQuery, LiveblogFeedQuery, LiveblogId, parseOrThrow } from '../params';
import { listingFeed, type ListingFeedSpec } from './listing-feed';
import { ATOM_TYPE, JSON_FEED_TYPE, renderAtom, renderJsonFeed } from './render';

const FORMATS = {
  atom: { render: renderAtom, type: ATOM_TYPE, other: 'json' },
  json: { render: renderJsonFeed, type: JSON_FEED_TYPE, other: 'atom' },
} as const;
type Format = keyof typeof FORMATS;

/** Where this feed is, and the same feed in the other format. */
function feedUrls(req: Request, format: Format): Pick<ListingFeedSpec, 'selfUrl' | 'otherUrl'> {
  const origin = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  return { selfUrl: origin + req.originalUrl, otherUrl: origin + req.originalUrl.replace(`/feed.${format}`, `/feed.${FORMATS[format].other}`) };
}

async function feedAnswer(req: Request, store: Store, format: Format, spec: ListingFeedSpec): Promise<CachedAnswer> {
  const feed = await listingFeed(store, spec);
  return answerOf(req, FORMATS[format].render(feed), FORMATS[format].type, feed.updated);
}

/**
 * Atom 1.0 and JSON Feed 1.1 of one liveblog and of the entry listing with its filters: the listing's
 * first page, from the listing cache when it is one clients poll (keyed by the feed's own URL, which
 * the feed holds), with ETag and Last-Modified.
 */
export function registerFeeds(app: Express, store: Store, cache: ListingCache): void {
  for (const format of Object.keys(FORMATS) as Format[]) {
    app.get(`/v1/liveblogs/:id/feed.${format}`, async (req, res) => {
      const id = parseOrThrow(LiveblogId, req.params.id, 'id');
      const { limit } = parseOrThrow(LiveblogFeedQuery, req.query, 'query');
      const urls = feedUrls(req, format);
      const answer = async () => {
        const liveblog = await store.liveblogs.get(id);
        if (!liveblog) throw notFound(`liveblog ${id} not found`);
        return feedAnswer(req, store, format, { filters: { liveblogId: id }, limit, id: `urn:liveblog-ingest:liveblog:${id}`, title: liveblog.title || `liveblog ${liveblog.url}`, ...urls, liveblog });
      };
      const scope = listingScopes.liveblog(id);
      sendAnswer(res, await cache.answer(`feed|${scope}|${urls.selfUrl}`, scope, answer));
    });

    app.get(`/v1/entries/feed.${format}`, async (req, res) => {
      const { limit, ...query } = parseOrThrow(EntryFeedQuery, req.query, 'query');
      // The query was validated whole, so its strings name the feed: sorted, a stable id.
      const filters = Object.entries(req.query as Record<string, string>)
        .filter(([name]) => name !== 'limit')
        .sort(([a], [b]) => (a < b ? -1 : 1));
      const urls = feedUrls(req, format);
      const answer = () =>
        feedAnswer(req, store, format, {
          filters: entryFiltersOf(query),
          limit,
          id: `urn:liveblog-ingest:entries${filters.length ? `?${new URLSearchParams(filters)}` : ''}`,
          title: `liveblog-ingest: entries${filters.length ? ` (${filters.map(([name, value]) => `${name} ${value}`).join(', ')})` : ''}`,
          ...urls,
        });
      const scope = hotScope(query);
      sendAnswer(res, scope ? await cache.answer(`feed|${scope}|${urls.selfUrl}`, scope, answer) : await answer());
    });
  }
}
