import { EntryEvent, ExtractRules, SourceKind } from '@liveblog/contracts';
import { z } from 'zod';
import type { presentFetch, presentSource } from './admin/present-source';
import type { presentWebhook } from './admin/webhook-routes';
import type { sourceDetail } from './dashboard/source-detail';
import { HEALTHS } from './dashboard/source-list';
import type { presentCluster, presentEntry, presentLiveblog, presentRevision } from './present';

/**
 * The response bodies as zod schemas, for the OpenAPI document (and through it the typed client). The
 * presenters build the bodies; the type checks at the end hold both to the same shape.
 */

const time = z.string().meta({ format: 'date-time', description: 'ISO 8601, UTC' });
const nullableTime = time.nullable();

export const LiveblogView = z.object({
  id: z.string(),
  url: z.string(),
  outlet: z.string().nullable().meta({ description: 'host name without www.; null for file sources' }),
  sourceId: z.string(),
  title: z.string(),
  summary: z.string().nullable(),
  language: z.string().nullable(),
  publishedAt: nullableTime,
  modifiedAt: nullableTime,
  firstSeenAt: nullableTime,
  lastSeenAt: nullableTime,
  entryCount: z.number().int(),
}).meta({ id: 'Liveblog' });

export const EntryView = z.object({
  id: z.string(),
  liveblogId: z.string(),
  key: z.string().meta({ description: "the entry's key within its liveblog" }),
  headline: z.string().nullable(),
  text: z.string(),
  html: z.string().meta({ description: 'sanitized HTML' }),
  publishedAt: nullableTime,
  modifiedAt: nullableTime,
  authors: z.array(z.string()),
  agencies: z.array(z.string()),
  pinned: z.boolean(),
  firstSeenAt: nullableTime,
  lastSeenAt: nullableTime,
  revisionCount: z.number().int(),
  deletedAt: nullableTime.meta({ description: 'set while the entry is missing from its page' }),
  duplicateOf: z.string().nullable(),
  clusterId: z.string().nullable(),
}).meta({ id: 'Entry' });

export const RevisionView = z.object({
  id: z.string(),
  entryId: z.string(),
  headline: z.string().nullable(),
  text: z.string(),
  html: z.string(),
  contentHash: z.string(),
  snapshotId: z.string(),
  seenAt: nullableTime,
}).meta({ id: 'Revision' });

const ClusterMemberView = z.object({ liveblogId: z.string(), entryId: z.string(), firstSeenAt: nullableTime });
export const ClusterView = z.object({ id: z.string(), firstSeenAt: nullableTime, first: ClusterMemberView, members: z.array(ClusterMemberView) }).meta({ id: 'Cluster' });

export const SourceView = z.object({
  id: z.string(),
  url: z.string(),
  name: z.string().nullable(),
  kind: SourceKind,
  intervalSeconds: z.number().int(),
  linkPattern: z.string().nullable(),
  liveblogIntervalSeconds: z.number().int(),
  discoveredFrom: z.string().nullable(),
  extract: ExtractRules.nullable().meta({ description: "the source's extract rules; null: generic extraction" }),
  render: z.boolean().meta({ description: 'fetched through headless Chromium' }),
  paused: z.boolean(),
  createdAt: nullableTime,
  updatedAt: nullableTime,
  status: z.object({
    lastFetchedAt: nullableTime,
    lastHttpStatus: z.number().int().nullable(),
    lastBytes: z.number().int().nullable(),
    lastChanged: z.boolean().nullable(),
    lastChangedAt: nullableTime,
    consecutiveFailures: z.number().int(),
    lastError: z.string().nullable(),
    lastErrorAt: nullableTime,
    currentIntervalSeconds: z.number().int().nullable().meta({ description: 'the adaptive interval in force; null until the first poll' }),
    rhythmSeconds: z.number().nullable().meta({ description: "the page's observed rhythm: a moving average of the seconds between its changes" }),
    nextDueAt: nullableTime,
    ended: z.boolean(),
    pollsLastHour: z.number().int().meta({ description: 'polls in the last hour, from the fetch log' }),
    lastEntryCount: z.number().int().nullable().meta({ description: 'entries the last parsed page gave' }),
    hint: z.string().nullable().meta({ description: 'what the last parse suggests: rules that matched nothing, a large page read as one entry' }),
  }),
}).meta({ id: 'Source' });

export const FetchView = z.object({
  at: nullableTime,
  result: z.enum(['changed', 'unchanged', 'not-modified', 'failed', 'disallowed']),
  httpStatus: z.number().int().nullable(),
  bytes: z.number().int().nullable(),
  snapshotId: z.string().nullable().meta({ description: 'the snapshot stored by a changed poll' }),
  error: z.string().nullable(),
}).meta({ id: 'Fetch' });

const Health = z.enum(HEALTHS);
export const DashboardSourcePageView = z.object({
  items: z.array(SourceView.extend({ health: Health, outlet: z.string().nullable() })),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  facets: z.object({ health: z.record(z.string(), z.number().int()), kind: z.record(z.string(), z.number().int()), outlet: z.record(z.string(), z.number().int()) }),
});
export const SourceDetailView = z.object({
  source: SourceView,
  health: Health,
  outlet: z.string().nullable(),
  entriesPerHour: z.array(z.object({ hour: time, count: z.number().int() })),
  entriesCounted: z.number().int(),
  entriesTruncated: z.boolean(),
  snapshots: z.array(z.object({ snapshotId: z.string(), fetchedAt: nullableTime, entryCount: z.number().int() })),
  liveblogs: z.array(z.object({ id: z.string(), title: z.string(), url: z.string() })).meta({ description: "the liveblogs of the day's entries (at most 20), whose feeds the page links" }),
}).meta({ id: 'SourceDetail' });

const url = z.string().meta({ format: 'uri' });
const feedAuthor = z.object({ name: z.string() });
/** JSON Feed 1.1 (jsonfeed.org/version/1.1), as the feeds fill it in. */
export const JsonFeedView = z.object({
  version: z.literal('https://jsonfeed.org/version/1.1'),
  title: z.string(),
  home_page_url: url.optional().meta({ description: "the liveblog's page (liveblog feeds)" }),
  feed_url: url,
  authors: z.array(feedAuthor),
  items: z.array(
    z.object({
      id: z.string().meta({ description: 'the entry id' }),
      url: url.optional().meta({ description: "the entry's liveblog page" }),
      title: z.string().meta({ description: 'the headline, else the start of the text' }),
      content_html: z.string(),
      content_text: z.string(),
      date_published: z.string().meta({ format: 'date-time', description: 'publishedAt, else firstSeenAt' }),
      date_modified: z.string().meta({ format: 'date-time', description: 'when this version was seen (lastSeenAt): an edit moves it' }),
      authors: z.array(feedAuthor).optional(),
      tags: z.array(z.string()).optional().meta({ description: 'the agencies the entry credits' }),
    }),
  ),
}).meta({ id: 'JsonFeed' });

/** A list page: follow `next` (as `cursor`) until it is null; a page may be short, even empty, before that. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next: z.string().nullable().meta({ description: 'cursor of the next page; null on the last' }) });

/** The data of each event of /v1/stream. */
export const EntryEventView = EntryEvent.meta({ id: 'EntryEvent' });

export const ErrorView = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export const HealthView = z.object({ status: z.literal('ok') });
export const ReadinessView = z.object({ ready: z.boolean(), checks: z.record(z.string(), z.string().meta({ description: '"ok", or what failed' })) });

const queueCounts = z.object({ waiting: z.number().int(), active: z.number().int(), failed: z.number().int(), delayed: z.number().int() });
export const StatsView = z.object({
  queues: z.record(z.string(), queueCounts),
  failures: z.array(z.object({ queue: z.string(), id: z.string(), failedReason: z.string(), attemptsMade: z.number().int(), failedAt: nullableTime })),
  series: z.array(
    z.object({
      at: z.number().meta({ description: 'start of the minute, epoch milliseconds' }),
      events: z.record(z.string(), z.number().int()),
      freshness: z.object({ count: z.number().int(), sum: z.number(), max: z.number() }).meta({ description: 'stage time: fetch to queryable, of new entries' }),
      lag: z.object({ count: z.number().int(), sum: z.number(), max: z.number() }).meta({ description: 'lag from the page to queryable, of creates, edits and deletions' }),
    }),
  ),
}).meta({ id: 'Stats' });
export const WebhookView = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(['created', 'updated', 'deleted'])),
  filters: z.record(z.string(), z.string()).meta({ description: 'the listing filters given at creation, by their query parameter names' }),
  createdAt: z.string(),
}).meta({ id: 'Webhook' });
export const CreatedWebhookView = WebhookView.extend({ secret: z.string().meta({ description: 'whsec_<base64>: the key of the webhook-signature HMAC; shown only here' }) });
export const DeadLetterView = z.object({
  id: z.string().meta({ description: 'also the webhook-id header the receiver saw' }),
  subscriptionId: z.string(),
  eventId: z.string(),
  type: z.string(),
  entryId: z.string(),
  failedReason: z.string(),
  attemptsMade: z.number().int(),
  failedAt: nullableTime,
});
export const RetriedJobView = z.object({ queue: z.string(), id: z.string(), state: z.literal('waiting') });

// Both directions: a field added to a presenter but not here (or the reverse) fails the typecheck.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type ViewsMatchPresenters = [
  Holds<Same<z.infer<typeof LiveblogView>, ReturnType<typeof presentLiveblog>>>,
  Holds<Same<z.infer<typeof EntryView>, ReturnType<typeof presentEntry>>>,
  Holds<Same<z.infer<typeof RevisionView>, ReturnType<typeof presentRevision>>>,
  Holds<Same<z.infer<typeof ClusterView>, ReturnType<typeof presentCluster>>>,
  Holds<Same<z.infer<typeof SourceView>, ReturnType<typeof presentSource>>>,
  Holds<Same<z.infer<typeof FetchView>, ReturnType<typeof presentFetch>>>,
  Holds<Same<z.infer<typeof WebhookView>, ReturnType<typeof presentWebhook>>>,
  Holds<Same<z.infer<typeof SourceDetailView>, NonNullable<Awaited<ReturnType<typeof sourceDetail>>>>>,
];
