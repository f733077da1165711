import { z } from 'zod';
import { CSV_HEADER, csvRecord, ndjsonRecord } from './exports/csv';
import { renderAtom, renderJsonFeed, type Feed } from './feeds/render';
import type { Operation } from './operations';
import { JsonFeedView, ClusterView, CreatedWebhookView, DashboardSourcePageView, DeadLetterView, EntryEventView, EntryView, FetchView, SourceDetailView, HealthView, LiveblogView, pageOf, ReadinessView, RetriedJobView, RevisionView, SourceView, StatsView, WebhookView } from './views';

/** What the OpenAPI document says about an operation's answer beyond the validating schemas. */
export interface OperationDoc {
  /** The success body: a zod schema of JSON, or another media type described in words (and `schema`). */
  response: z.ZodType | { mediaType: string; description: string; schema?: z.ZodType } | null;
  /** A body as the operation answers it (JSON), or its text; checked against `response` by a test. */
  example?: unknown;
  /** Example values of path parameters, so that "try it" starts from a well-formed id. */
  pathExamples?: Record<string, string>;
}

const liveblog = {
  id: 'lb_8c1e2d3f4a5b6c7d',
  url: 'https://news.example/liveblog/sturmflut',
  outlet: 'news.example',
  sourceId: 'src_5d4c3b2a19080706',
  title: 'Sturmflut an der Nordsee: alle Entwicklungen',
  summary: 'Pegelstände, Sperrungen und Evakuierungen im Überblick.',
  language: 'de',
  publishedAt: '2026-11-30T05:00:00.000Z',
  modifiedAt: '2026-11-30T11:42:00.000Z',
  firstSeenAt: '2026-11-30T05:01:12.000Z',
  lastSeenAt: '2026-11-30T11:43:05.000Z',
  entryCount: 48,
};
const entry = {
  id: 'en_3f2a9c1d7b4e6a01',
  liveblogId: liveblog.id,
  key: 'post-1842',
  headline: 'Pegel in Husum steigt weiter',
  text: 'Der Pegel lag am Mittag bei 2,10 Metern über dem mittleren Hochwasser. (dpa)',
  html: '<p>Der Pegel lag am Mittag bei 2,10 Metern über dem mittleren Hochwasser. (dpa)</p>',
  publishedAt: '2026-11-30T11:42:00.000Z',
  modifiedAt: null,
  authors: ['Nachrichtenredaktion'],
  agencies: ['dpa'],
  pinned: false,
  firstSeenAt: '2026-11-30T11:43:05.000Z',
  lastSeenAt: '2026-11-30T11:43:05.000Z',
  revisionCount: 1,
  deletedAt: null,
  duplicateOf: null,
  clusterId: 'en_3f2a9c1d7b4e6a01',
};
const revision = {
  id: 'rv_0a1b2c3d4e5f6071',
  entryId: entry.id,
  headline: entry.headline,
  text: entry.text,
  html: entry.html,
  contentHash: '9b2e4f1c0d3a5b6e',
  snapshotId: 'sn_7e6d5c4b3a291807',
  seenAt: entry.firstSeenAt,
};
const member = { liveblogId: liveblog.id, entryId: entry.id, firstSeenAt: entry.firstSeenAt };
const source = {
  id: liveblog.sourceId,
  url: liveblog.url,
  name: 'Sturmflut-Liveblog',
  kind: 'liveblog',
  intervalSeconds: 60,
  linkPattern: null,
  liveblogIntervalSeconds: 60,
  discoveredFrom: null,
  extract: null,
  render: false,
  paused: false,
  createdAt: '2026-11-30T04:58:00.000Z',
  updatedAt: '2026-11-30T04:58:00.000Z',
  status: {
    lastFetchedAt: '2026-11-30T11:43:05.000Z',
    lastHttpStatus: 200,
    lastBytes: 184_233,
    lastChanged: true,
    lastChangedAt: '2026-11-30T11:43:05.000Z',
    consecutiveFailures: 0,
    lastError: null,
    lastErrorAt: null,
    currentIntervalSeconds: 60,
    rhythmSeconds: 140.5,
    nextDueAt: '2026-11-30T11:44:05.000Z',
    ended: false,
    pollsLastHour: 60,
    lastEntryCount: 48,
    hint: null,
  },
};
const next = 'eyJrIjoiMjAyNi0xMS0zMFQxMTo0MjowMC4wMDBaIiwiaSI6ImVuXzNmMmE5YzFkN2I0ZTZhMDEifQ';

const idExample = { id: entry.id };
const webhook = {
  id: 'wh_4b1f0e9d8c7a6b5c',
  url: 'https://receiver.example/hooks/liveblog',
  events: ['created', 'updated', 'deleted'],
  filters: { agency: 'dpa' },
  createdAt: '2026-11-30T09:00:00.000Z',
};
const deadLetter = {
  id: `deliver.${webhook.id}.1764503000000-0`,
  subscriptionId: webhook.id,
  eventId: '1764503000000-0',
  type: 'entry.created',
  entryId: entry.id,
  failedReason: 'HTTP 503',
  attemptsMade: 12,
  failedAt: '2026-11-30T14:12:40.000Z',
};

const exampleFeed = (ext: 'atom' | 'json', other: 'atom' | 'json'): Feed => ({
  id: `urn:liveblog-ingest:liveblog:${liveblog.id}`,
  title: liveblog.title,
  selfUrl: `http://localhost:8080/v1/liveblogs/${liveblog.id}/feed.${ext}`,
  otherUrl: `http://localhost:8080/v1/liveblogs/${liveblog.id}/feed.${other}`,
  homeUrl: liveblog.url,
  updated: new Date(liveblog.lastSeenAt),
  items: [
    {
      id: entry.id,
      title: entry.headline,
      url: liveblog.url,
      html: entry.html,
      text: entry.text,
      published: new Date(entry.publishedAt),
      updated: new Date(entry.lastSeenAt),
      authors: entry.authors,
      tags: entry.agencies,
    },
  ],
});
const atomFeed = {
  response: { mediaType: 'application/atom+xml', description: 'an Atom 1.0 feed (RFC 4287); entry ids are urn:liveblog-ingest:entry:<entry id>' },
  example: renderAtom(exampleFeed('atom', 'json')),
};
const jsonFeed = {
  response: { mediaType: 'application/feed+json', description: 'a JSON Feed 1.1', schema: JsonFeedView },
  example: JSON.parse(renderJsonFeed(exampleFeed('json', 'atom'))) as unknown,
};
const feedPath = { id: liveblog.id };

/** Keyed `method path`, as in the operations catalogue; a test holds the two to the same keys. */
export const operationDocs: Record<string, OperationDoc> = {
  'get /healthz': { response: HealthView, example: { status: 'ok' } },
  'get /readyz': { response: ReadinessView, example: { ready: true, checks: { redis: 'ok', mongodb: 'ok' } } },
  'get /openapi.json': { response: { mediaType: 'application/json', description: 'an OpenAPI 3.1 document' } },
  'get /docs': { response: { mediaType: 'text/html', description: 'the API reference' } },
  'get /v1/liveblogs': { response: pageOf(LiveblogView), example: { items: [liveblog], next } },
  'get /v1/liveblogs/:id': { response: LiveblogView, example: liveblog, pathExamples: { id: liveblog.id } },
  'get /v1/liveblogs/:id/entries': { response: pageOf(EntryView), example: { items: [entry], next }, pathExamples: { id: liveblog.id } },
  'get /v1/entries': { response: pageOf(EntryView), example: { items: [entry], next: null } },
  'get /v1/liveblogs/:id/feed.atom': { ...atomFeed, pathExamples: feedPath },
  'get /v1/liveblogs/:id/feed.json': { ...jsonFeed, pathExamples: feedPath },
  'get /v1/entries/feed.atom': atomFeed,
  'get /v1/entries/feed.json': jsonFeed,
  'get /v1/entries.ndjson': {
    response: { mediaType: 'application/x-ndjson', description: 'one Entry (as /v1/entries/{id} answers it) a line' },
    example: ndjsonRecord(entry),
  },
  'get /v1/entries.csv': {
    response: {
      mediaType: 'text/csv',
      description:
        'RFC 4180 with a header line and CRLF line ends; the columns of Entry but html, in a fixed order. Strings are quoted; null is an empty unquoted field; times are ISO 8601 in UTC, revisionCount an integer, pinned true or false, all bare. authors are joined with "; ", agencies with spaces.',
    },
    example: CSV_HEADER + csvRecord(entry),
  },
  'get /v1/stream': {
    response: {
      mediaType: 'text/event-stream',
      description:
        'Server-Sent Events. Each event: `id` (resume with Last-Event-ID), `event` (entry.created, entry.updated, entry.deleted, entry.restored) and `data`, the JSON object described here. `event: gap` means events after your Last-Event-ID were lost: resync from /v1/entries.',
      schema: EntryEventView,
    },
    example: `id: 1764503000000-0\nevent: entry.created\ndata: {"type":"entry.created","entryId":"${entry.id}","liveblogId":"${liveblog.id}","key":"post-1842","contentHash":"9b2e4f1c0d3a5b6e","snapshotId":"sn_7e6d5c4b3a291807","indexedAt":"2026-11-30T11:43:06.120Z"}\n\n`,
  },
  'get /v1/entries/:id': { response: EntryView, example: entry, pathExamples: idExample },
  'get /v1/entries/:id/revisions': { response: pageOf(RevisionView), example: { items: [revision], next: null }, pathExamples: idExample },
  'get /v1/clusters/:id': { response: ClusterView, example: { id: entry.id, firstSeenAt: entry.firstSeenAt, first: member, members: [member] }, pathExamples: idExample },
  'post /v1/sources': { response: SourceView, example: source },
  'get /v1/sources': { response: pageOf(SourceView), example: { items: [source], next: null } },
  'get /v1/sources/:id': { response: SourceView, example: source, pathExamples: { id: source.id } },
  'get /v1/sources/:id/fetches': {
    response: z.object({ items: z.array(FetchView) }),
    example: {
      items: [
        { at: '2026-11-30T11:43:05.000Z', result: 'changed', httpStatus: 200, bytes: 184_233, snapshotId: 'sn_7e6d5c4b3a291807', error: null },
        { at: '2026-11-30T11:42:05.000Z', result: 'not-modified', httpStatus: 304, bytes: 0, snapshotId: null, error: null },
      ],
    },
    pathExamples: { id: source.id },
  },
  'patch /v1/sources/:id': { response: SourceView, example: { ...source, paused: true }, pathExamples: { id: source.id } },
  'post /v1/sources/:id/reparse': {
    response: z.object({ snapshotId: z.string(), jobId: z.string() }),
    example: { snapshotId: 'sn_7e6d5c4b3a291807', jobId: 'parse.sn_7e6d5c4b3a291807.0f1e2d3c4b5a6978' },
    pathExamples: { id: source.id },
  },
  'delete /v1/sources/:id': { response: null, pathExamples: { id: source.id } },
  'post /v1/webhooks': { response: CreatedWebhookView, example: { ...webhook, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } },
  'get /v1/webhooks': { response: z.object({ items: z.array(WebhookView) }), example: { items: [webhook] } },
  'get /v1/webhooks/dead-letters': { response: z.object({ items: z.array(DeadLetterView) }), example: { items: [deadLetter] } },
  'post /v1/webhooks/dead-letters/:id/redeliver': { response: RetriedJobView, example: { queue: 'deliver', id: deadLetter.id, state: 'waiting' }, pathExamples: { id: deadLetter.id } },
  'get /v1/webhooks/:id': { response: WebhookView, example: webhook, pathExamples: { id: webhook.id } },
  'delete /v1/webhooks/:id': { response: null, pathExamples: { id: webhook.id } },
  'get /metrics': {
    response: { mediaType: 'text/plain', description: 'Prometheus text exposition format' },
    example: '# HELP liveblog_entry_events_total Entry events seen on the event stream, by type.\n# TYPE liveblog_entry_events_total counter\nliveblog_entry_events_total{type="entry.created"} 48\n',
  },
  'get /dashboard': { response: { mediaType: 'text/html', description: 'the operator dashboard' } },
  'get /admin/sources': {
    response: DashboardSourcePageView,
    example: { items: [{ ...source, health: 'ok', outlet: 'news.example' }], total: 1, page: 1, pageSize: 50, facets: { health: { ok: 1 }, kind: { liveblog: 1 }, outlet: { 'news.example': 1 } } },
  },
  'get /admin/sources/:id': {
    response: SourceDetailView,
    example: {
      source,
      health: 'ok',
      outlet: 'news.example',
      entriesPerHour: [{ hour: '2026-11-30T11:00:00.000Z', count: 4 }],
      entriesCounted: 4,
      entriesTruncated: false,
      snapshots: [{ snapshotId: 'sn_7e6d5c4b3a291807', fetchedAt: '2026-11-30T11:43:05.000Z', entryCount: 48 }],
      liveblogs: [{ id: liveblog.id, title: liveblog.title, url: liveblog.url }],
    },
    pathExamples: { id: source.id },
  },
  'get /admin/stats': {
    response: StatsView,
    example: {
      queues: { fetch: { waiting: 0, active: 1, failed: 0, delayed: 54 } },
      failures: [],
      series: [{ at: 1764503040000, events: { 'entry.created': 3, 'entry.updated': 1, 'entry.deleted': 0, 'entry.restored': 0 }, freshness: { count: 3, sum: 7.5, max: 3.1 }, lag: { count: 4, sum: 190.2, max: 71.3 } }],
    },
  },
  'post /admin/jobs/:queue/:id/retry': { response: RetriedJobView, example: { queue: 'parse', id: 'parse:sn_7e6d5c4b3a291807', state: 'waiting' }, pathExamples: { queue: 'parse', id: 'parse:sn_7e6d5c4b3a291807' } },
};

export const docKey = (op: Pick<Operation, 'method' | 'path'>) => `${op.method} ${op.path}`;
