import type { Store } from '@liveblog/storage';
import type { Express } from 'express';
import { jsonAnswer, sendAnswer } from './json-answer';
import { listingScopes, type ListingCache } from './listing-cache';
import { entryFilters, EntrySearchQuery, parseList } from './params';
import { presentEntry } from './present';

/**
 * GET /v1/entries: entries of every liveblog, newest first, filtered; see EntrySearchQuery. The first
 * page of all entries, or of one liveblog's, source's or agency's, is what clients poll: it comes from
 * the listing cache.
 */
export function registerEntrySearch(app: Express, store: Store, cache: ListingCache): void {
  app.get('/v1/entries', async (req, res) => {
    const { limit, cursor, includeDeleted, since, until, ...filters } = parseList(req.query, EntrySearchQuery);
    const { liveblog, source, agency, q, cluster } = filters;
    const answer = async () => {
      const page = await store.entries.search({ ...entryFilters(filters), since, until, includeDeleted }, cursor, limit);
      return jsonAnswer(req, { items: page.items.map(presentEntry), next: page.next });
    };
    const narrowedBy = [liveblog, source, agency].filter((f) => f !== undefined).length;
    if (cursor || since || until || q !== undefined || cluster || narrowedBy > 1) {
      sendAnswer(res, await answer());
      return;
    }
    const scope = liveblog ? listingScopes.liveblog(liveblog) : source ? listingScopes.source(source) : agency ? listingScopes.agency(agency) : listingScopes.entries;
    sendAnswer(res, await cache.answer(`entries|${scope}|${limit}|${includeDeleted}`, scope, answer));
  });
}
