import { AdminSourceSpec, SourceControls } from '@liveblog/sources';
import { z } from 'zod';
import { FetchLogQuery, SourceListQuery } from './admin/params';
import { DeadLetterQuery, WebhookId, WebhookSpec } from './admin/webhook-routes';
import { JobRef } from './dashboard/job-retry';
import { SourceListQuery as DashboardSourceQuery } from './dashboard/source-list';
import { StreamQuery } from './event-stream';
import { ClusterId, EntryExportQuery, EntryFeedQuery, EntryId, EntrySearchQuery, ListQuery, LiveblogFeedQuery, ListWithDeletedQuery, LiveblogId, LiveblogListQuery, SourceId, WithDeletedQuery } from './params';

export type Method = 'get' | 'post' | 'patch' | 'delete';

/** Who may call an operation: the optional read API keys, or the admin token. */
export type Guard = 'apiKey' | 'admin' | 'none';

export interface Operation {
  method: Method;
  /** Express syntax (`:id`), exactly as registered on the app. */
  path: string;
  summary: string;
  guard: Guard;
  /** The schemas the handler validates with; the OpenAPI document is generated from these. */
  pathParams?: Record<string, z.ZodType>;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Status of the successful answer. */
  status: number;
  /** Answers 304 to a matching If-None-Match or If-Modified-Since. */
  conditional?: boolean;
}

const feedOf = (path: string, what: string, format: string, more: Partial<Operation>): Operation => ({
  method: 'get',
  path,
  summary: `${what} as ${format}: the first page of the listing (limit entries), one item per entry, its id the entry id; an edit moves its updated time, a deleted entry leaves the feed`,
  guard: 'apiKey',
  status: 200,
  conditional: true,
  ...more,
});
const liveblogFeed = (format: string, ext: string) => feedOf(`/v1/liveblogs/:id/feed.${ext}`, "A liveblog's entries", format, { pathParams: { id: LiveblogId }, query: LiveblogFeedQuery });
const entryFeed = (format: string, ext: string) => feedOf(`/v1/entries/feed.${ext}`, 'Entries of every liveblog, filtered as /v1/entries,', format, { query: EntryFeedQuery });
const entryExport = (format: string, ext: string): Operation => ({
  method: 'get',
  path: `/v1/entries.${ext}`,
  summary: `Every entry of the listing with the filters of /v1/entries, newest first, as ${format}, streamed: no pages, no limit`,
  guard: 'apiKey',
  query: EntryExportQuery,
  status: 200,
});

/**
 * Every route the app serves. The OpenAPI document, the 405 answers and the API-key guard are derived
 * from this list, and a test holds it equal to the routes actually registered on the app.
 */
export const operations: readonly Operation[] = [
  { method: 'get', path: '/healthz', summary: 'Liveness', guard: 'none', status: 200 },
  { method: 'get', path: '/readyz', summary: 'Readiness: Redis and MongoDB reachable', guard: 'none', status: 200 },
  { method: 'get', path: '/openapi.json', summary: 'This OpenAPI document', guard: 'none', status: 200 },
  { method: 'get', path: '/docs', summary: 'Human-readable rendering of this document', guard: 'none', status: 200 },
  {
    method: 'get',
    path: '/v1/liveblogs',
    summary: 'Liveblogs, newest first by their last change, each with entryCount; filtered by outlet, active (still followed) and since',
    guard: 'apiKey',
    query: LiveblogListQuery,
    status: 200,
  },
  { method: 'get', path: '/v1/liveblogs/:id', summary: 'One liveblog', guard: 'apiKey', pathParams: { id: LiveblogId }, query: WithDeletedQuery, status: 200 },
  {
    method: 'get',
    path: '/v1/liveblogs/:id/entries',
    summary: "A liveblog's entries, newest first",
    guard: 'apiKey',
    pathParams: { id: LiveblogId },
    query: ListWithDeletedQuery,
    status: 200,
  },
  { method: 'get', path: '/v1/entries', summary: 'Entries of every liveblog, filtered, newest first. A page may hold fewer than limit entries, even none, while next is set: follow next to the end', guard: 'apiKey', query: EntrySearchQuery, status: 200 },
  liveblogFeed('Atom 1.0', 'atom'),
  liveblogFeed('JSON Feed 1.1', 'json'),
  entryFeed('Atom 1.0', 'atom'),
  entryFeed('JSON Feed 1.1', 'json'),
  entryExport('NDJSON (one Entry a line)', 'ndjson'),
  entryExport('CSV (RFC 4180, typed columns)', 'csv'),
  { method: 'get', path: '/v1/stream', summary: 'Server-Sent Events of entry changes, resumable with Last-Event-ID', guard: 'apiKey', query: StreamQuery, status: 200 },
  { method: 'get', path: '/v1/entries/:id', summary: 'One entry, its latest version', guard: 'apiKey', pathParams: { id: EntryId }, status: 200 },
  {
    method: 'get',
    path: '/v1/entries/:id/revisions',
    summary: 'Every version of an entry, newest first',
    guard: 'apiKey',
    pathParams: { id: EntryId },
    query: ListQuery,
    status: 200,
  },
  {
    method: 'get',
    path: '/v1/clusters/:id',
    summary: 'A story cluster across outlets: its members and the outlet that had it first',
    guard: 'apiKey',
    pathParams: { id: ClusterId },
    status: 200,
  },
  { method: 'post', path: '/v1/sources', summary: 'Add a source (201), or return the existing one (200)', guard: 'admin', body: AdminSourceSpec, status: 201 },
  { method: 'get', path: '/v1/sources', summary: 'Sources in id order', guard: 'admin', query: SourceListQuery, status: 200 },
  { method: 'get', path: '/v1/sources/:id', summary: 'One source with its polling status', guard: 'admin', pathParams: { id: SourceId }, status: 200 },
  { method: 'get', path: '/v1/sources/:id/fetches', summary: "The source's polls of the last hours, newest first", guard: 'admin', pathParams: { id: SourceId }, query: FetchLogQuery, status: 200 },
  { method: 'patch', path: '/v1/sources/:id', summary: 'Pause, resume, change the interval, the extract rules or render', guard: 'admin', pathParams: { id: SourceId }, body: SourceControls, status: 200 },
  { method: 'post', path: '/v1/sources/:id/reparse', summary: 'Parse the latest snapshot again with today\'s extractor and rules; nothing is refetched', guard: 'admin', pathParams: { id: SourceId }, status: 202 },
  { method: 'delete', path: '/v1/sources/:id', summary: 'Remove a source; its liveblogs and entries stay', guard: 'admin', pathParams: { id: SourceId }, status: 204 },
  {
    method: 'post',
    path: '/v1/webhooks',
    summary: 'Subscribe a URL to entry events, filtered as the entry listing; the answer holds the signing secret, shown this once',
    guard: 'admin',
    body: WebhookSpec,
    status: 201,
  },
  { method: 'get', path: '/v1/webhooks', summary: 'Webhook subscriptions, oldest first (without their secrets)', guard: 'admin', status: 200 },
  { method: 'get', path: '/v1/webhooks/dead-letters', summary: 'Deliveries whose last attempt failed, newest first', guard: 'admin', query: DeadLetterQuery, status: 200 },
  {
    method: 'post',
    path: '/v1/webhooks/dead-letters/:id/redeliver',
    summary: 'Deliver a dead letter again, its attempts reset; it is out of order, as later events of its liveblog went out meanwhile',
    guard: 'admin',
    pathParams: { id: z.string().min(1).max(300) },
    status: 202,
  },
  { method: 'get', path: '/v1/webhooks/:id', summary: 'One webhook subscription', guard: 'admin', pathParams: { id: WebhookId }, status: 200 },
  { method: 'delete', path: '/v1/webhooks/:id', summary: 'Unsubscribe; deliveries still queued for it are dropped', guard: 'admin', pathParams: { id: WebhookId }, status: 204 },
  // Operator side: Prometheus, the dashboard and its data. The bull-board UI under /admin/queues is not listed: it is bull-board's, not ours.
  { method: 'get', path: '/metrics', summary: 'Prometheus metrics: queue depths, entry events, freshness, sources by HTTP status', guard: 'none', status: 200 },
  { method: 'get', path: '/dashboard', summary: 'Operator dashboard (HTML); the admin token also as cookie, set once by ?token=', guard: 'admin', status: 200 },
  { method: 'get', path: '/admin/sources', summary: 'Sources for the dashboard: problems first (failing, stale, ended), filtered by health, kind and outlet, a page at a time', guard: 'admin', query: DashboardSourceQuery, status: 200 },
  { method: 'get', path: '/admin/sources/:id', summary: "One source for the dashboard: its status, entries per hour of the last day, its recent snapshots' entry counts", guard: 'admin', pathParams: { id: SourceId }, status: 200 },
  { method: 'get', path: '/admin/stats', summary: 'Queue depths, recent failures and per-minute ingestion of the last hours', guard: 'admin', status: 200 },
  { method: 'post', path: '/admin/jobs/:queue/:id/retry', summary: 'Retry a failed job', guard: 'admin', pathParams: JobRef, status: 202 },
];
