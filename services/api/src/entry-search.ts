import type { EntryFilters, Store } from '@liveblog/storage';
import type { Express } from 'express';
import type { z } from 'zod';
import { jsonAnswer, sendAnswer } from './json-answer';
import { listingScopes, type ListingCache } from './listing-cache';
import { entryFilters, EntrySearchQuery, EntryExportQuery, parseList } from './params';
import { presentEntry } from './present';

/** The filters of an entry listing as its query gives them: the JSON listing's, its feeds' and exports'. */
export type EntryListingQuery = Omit<z.infer<typeof EntryExportQuery>, 'includeDeleted'> & { includeDeleted?: boolean };

export const entryFiltersOf = ({ includeDeleted, since, until, ...filters }: EntryListingQuery): EntryFilters => ({
  ...entryFilters(filters),
  since,
  until,
  includeDeleted,
});

/**
 * The listing-cache scope of a listing's first page when it is one clients poll: all entries, or one
 * liveblog's, source's or agency's; null for a narrower or searched listing, which reads the store.
 */
export function hotScope({ liveblog, source, agency, since, until, q, cluster }: EntryListingQuery): string | null {
  const narrowedBy = [liveblog, source, agency].filter((f) => f !== undefined).length;
  if (since || until || q !== undefined || cluster || narrowedBy > 1) return null;
  return liveblog ? listingScopes.liveblog(liveblog) : source ? listingScopes.source(source) : agency ? listingScopes.agency(agency) : listingScopes.entries;
}

/**
 * GET /v1/entries: entries of every liveblog, newest first, filtered; see EntrySearchQuery. The first
 * page of all entries, or of one liveblog's, source's or agency's, is what clients poll: it comes from
 * the listing cache.
 */
export function registerEntrySearch(app: Express, store: Store, cache: ListingCache): void {
  app.get('/v1/entries', async (req, res) => {
    const { limit, cursor, ...query } = parseList(req.query, EntrySearchQuery);
    const answer = async () => {
      const page = await store.entries.search(entryFiltersOf(query), cursor, limit);
      return jsonAnswer(req, { items: page.items.map(presentEntry), next: page.next });
    };
    const scope = cursor ? null : hotScope(query);
    sendAnswer(res, scope ? await cache.answer(`entries|${scope}|${limit}|${query.includeDeleted}`, scope, answer) : await answer());
  });
}
