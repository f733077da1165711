import type { Entry, LiveblogClient, Liveblog, Source } from './client';
import { unwrap } from './client';
import type { paths } from './generated/api';

export interface Page<T> {
  items: T[];
  next: string | null;
}

/**
 * Every item of a listing, page after page, following `next` until it is null. A page may be short or
 * even empty while `next` is set (a filter that matched little in the range scanned): that is not the end.
 */
export async function* eachItem<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield* page.items;
    cursor = page.next ?? undefined;
  } while (cursor !== undefined);
}

type Query<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? Omit<NonNullable<Q>, 'cursor'> : never;

/** GET /v1/entries, every page. */
export const eachEntry = (client: LiveblogClient, query: Query<'/v1/entries'> = {}): AsyncGenerator<Entry> =>
  eachItem((cursor) => unwrap(client.GET('/v1/entries', { params: { query: { limit: 100, ...query, cursor } } })));

/** GET /v1/liveblogs, every page. */
export const eachLiveblog = (client: LiveblogClient, query: Query<'/v1/liveblogs'> = {}): AsyncGenerator<Liveblog> =>
  eachItem((cursor) => unwrap(client.GET('/v1/liveblogs', { params: { query: { limit: 100, ...query, cursor } } })));

/** GET /v1/liveblogs/{id}/entries, every page. */
export const eachLiveblogEntry = (client: LiveblogClient, id: string, query: Query<'/v1/liveblogs/{id}/entries'> = {}): AsyncGenerator<Entry> =>
  eachItem((cursor) => unwrap(client.GET('/v1/liveblogs/{id}/entries', { params: { path: { id }, query: { limit: 100, ...query, cursor } } })));

/** GET /v1/sources (admin), every page. */
export const eachSource = (client: LiveblogClient): AsyncGenerator<Source> =>
  eachItem((cursor) => unwrap(client.GET('/v1/sources', { params: { query: { limit: 100, cursor } } })));
