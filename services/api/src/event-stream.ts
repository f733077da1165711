import type { RedisClient } from '@liveblog/runtime';
import { entryPredicate, mayMatch, type Store } from '@liveblog/storage';
import { once } from 'node:events';
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

/** A stream id, or its time part alone (`0` asks for everything retained). */
const STREAM_ID = /^\d{1,20}(-\d{1,20})?$/;
const HEARTBEAT_MS = 15_000;
/** Events read from the stream at once while replaying. */
const REPLAY_PAGE = 500;

/**
 * GET /v1/stream: Server-Sent Events of entry.created/updated/deleted/restored, filtered like
 * /v1/entries, resumable with Last-Event-ID for as long as the Redis stream keeps the events; `0` (or
 * `0-0`) replays everything kept. A client that resumes from a position already trimmed away gets an
 * `event: gap` first and should resync.
 */
export function registerEventStream(app: Express, hub: EventHub, store: Store, redis: RedisClient): void {
  app.get('/v1/stream', async (req: Request, res: Response) => {
    const query = parseOrThrow(StreamQuery, req.query, 'query');
    const given = req.get('last-event-id') ?? query.lastEventId;
    if (given !== undefined && !STREAM_ID.test(given)) throw badRequest('Last-Event-ID: not an id this stream issued');
    const resumeFrom = given === undefined || given.includes('-') ? given : `${given}-0`;
    const matches = eventFilter(query, store);

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    let closed = false;
    // A replay of a whole day can outrun the client: wait for its socket to take more.
    const write = async (chunk: string) => {
      if (!res.write(chunk) && !closed) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    };
    let lastSent = resumeFrom ?? '0-0';
    const deliver = async (e: StreamedEvent) => {
      if (closed || !streamIdAfter(e.id, lastSent) || !(await matches(e))) return;
      lastSent = e.id;
      await write(`id: ${e.id}\nevent: ${e.event.type}\ndata: ${JSON.stringify(e.event)}\n\n`);
    };
    // Serialised per client: events go out in stream order even when a filter has to look an entry up.
    let queue = Promise.resolve();
    const send = (e: StreamedEvent) => {
      queue = queue.then(() => deliver(e));
    };
    // Live events are taken from the moment of connecting and held back while the replay below sends
    // what came before, so that none is overtaken and dropped as already sent.
    const arrivedDuringReplay: StreamedEvent[] = [];
    let replaying = resumeFrom !== undefined;
    const unsubscribe = hub.subscribe((e) => (replaying ? arrivedDuringReplay.push(e) : send(e)));
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      closed = true;
      unsubscribe();
      clearInterval(heartbeat);
    });
    for (let after = resumeFrom ?? null; after !== null && !closed; ) {
      const page = await hub.since(after, redis, REPLAY_PAGE);
      if (page.gap) await write(`event: gap\ndata: ${JSON.stringify({ message: 'events after your Last-Event-ID were trimmed; resync from /v1/entries' })}\n\n`);
      for (const e of page.events) await deliver(e);
      after = page.next;
    }
    replaying = false;
    for (const e of arrivedDuringReplay.splice(0)) send(e);
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
