import type { RedisClient } from '@liveblog/runtime';
import { entryPredicate, mayMatch, type Store } from '@liveblog/storage';
import type { Express, Request, Response } from 'express';
import { z } from 'zod';
import { streamIdAfter, type EventHub, type StreamedEvent } from './event-hub';
import { badRequest } from './http-error';
import { AgencyCode } from '@liveblog/contracts';
import { ClusterId, LiveblogId, parseOrThrow, SourceId } from './params';

export const StreamQuery = z
  .object({
    liveblog: LiveblogId.optional(),
    source: SourceId.optional(),
    agency: AgencyCode.optional(),
    cluster: ClusterId.optional(),
    q: z.string().trim().min(1).max(200).optional(),
    /** For clients that cannot set headers (EventSource can only on reconnect). */
    lastEventId: z.string().optional(),
    /** The read API key, for EventSource, which cannot send X-API-Key; checked by ApiKeys. */
    apiKey: z.string().max(200).optional(),
  })
  .strict();

const STREAM_ID = /^\d{1,20}-\d{1,20}$/;
const HEARTBEAT_MS = 15_000;

/**
 * GET /v1/stream: Server-Sent Events of entry.created/updated/deleted/restored, filtered like
 * /v1/entries, resumable with Last-Event-ID for as long as the Redis stream keeps the events. A client
 * that resumes from a position already trimmed away gets an `event: gap` first and should resync.
 */
export function registerEventStream(app: Express, hub: EventHub, store: Store, redis: RedisClient): void {
  app.get('/v1/stream', async (req: Request, res: Response) => {
    const query = parseOrThrow(StreamQuery, req.query, 'query');
    const resumeFrom = req.get('last-event-id') ?? query.lastEventId;
    if (resumeFrom !== undefined && !STREAM_ID.test(resumeFrom)) throw badRequest('Last-Event-ID: not an id this stream issued');
    const matches = eventFilter(query, store);

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    let lastSent = resumeFrom ?? '0';
    // Serialised per client: events go out in stream order even when a filter has to look an entry up.
    let queue = Promise.resolve();
    const send = (e: StreamedEvent) => {
      queue = queue.then(async () => {
        if (!streamIdAfter(e.id, lastSent) || !(await matches(e))) return;
        lastSent = e.id;
        res.write(`id: ${e.id}\nevent: ${e.event.type}\ndata: ${JSON.stringify(e.event)}\n\n`);
      });
    };
    // Live events are taken from the moment of connecting; the replay below fills in what came before.
    const unsubscribe = hub.subscribe(send);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      unsubscribe();
      clearInterval(heartbeat);
    });
    if (resumeFrom !== undefined) {
      const { events, gap } = await hub.since(resumeFrom, redis);
      if (gap) res.write(`event: gap\ndata: ${JSON.stringify({ message: 'events after your Last-Event-ID were trimmed; resync from /v1/entries' })}\n\n`);
      for (const e of events) send(e);
    }
  });
}

/** The /v1/entries filters applied to one event; all but the liveblog look at the entry itself. */
function eventFilter(query: z.infer<typeof StreamQuery>, store: Store): (e: StreamedEvent) => Promise<boolean> {
  const { liveblog, source, agency, q, cluster } = query;
  // Deletions are events too: a deleted entry still matches.
  const predicate = entryPredicate({ liveblogId: liveblog, sourceId: source, agency, query: q, clusterId: cluster, includeDeleted: true });
  return async ({ event }) => {
    if (liveblog && event.liveblogId !== liveblog) return false;
    if (!source && !agency && q === undefined && !cluster) return true;
    const entry = await store.entries.get(event.entryId);
    return entry !== null && mayMatch(entry, predicate);
  };
}
