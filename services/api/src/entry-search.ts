import type { Store } from '@liveblog/storage';
import type { Express } from 'express';
import { EntrySearchQuery, parseList } from './params';
import { presentEntry } from './present';

/** GET /v1/entries: entries of every liveblog, newest first, filtered; see EntrySearchQuery. */
export function registerEntrySearch(app: Express, store: Store): void {
  app.get('/v1/entries', async (req, res) => {
    const { limit, cursor, includeDeleted, liveblog, source, agency, since, until, q, cluster } = parseList(req.query, EntrySearchQuery);
    const page = await store.entries.search({ liveblogId: liveblog, sourceId: source, agency, since, until, query: q, clusterId: cluster, includeDeleted }, cursor, limit);
    res.json({ items: page.items.map(presentEntry), next: page.next });
  });
}
