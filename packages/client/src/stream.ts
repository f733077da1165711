import { ApiError } from './api-error';
import { authHeaders, type ClientOptions, type Entry, type LiveblogClient } from './client';
import type { components, paths } from './generated/api';
import { eachEntry } from './pages';
import { SseParser } from './sse-parser';

export type EntryEvent = components['schemas']['EntryEvent'];
export type StreamFilters = Omit<NonNullable<paths['/v1/stream']['get']['parameters']['query']>, 'lastEventId' | 'apiKey'>;

export type StreamItem =
  | { type: 'event'; id: string; event: EntryEvent }
  /**
   * Events may have been missed: the stream no longer held the position resumed from (`gap`), or a
   * connection dropped before any event gave a position (`reconnected`). `entries` lists the stream's
   * filter's entries now, deleted ones included, newest first; the events after this item follow on.
   */
  | { type: 'resync'; reason: 'gap' | 'reconnected'; entries: AsyncIterable<Entry> };

export interface StreamOptions extends Pick<ClientOptions, 'baseUrl' | 'apiKey' | 'fetch'> {
  filters?: StreamFilters;
  /** Resume after this event id (from an earlier subscription); unset: from now on. */
  lastEventId?: string;
  /** Ends the subscription. */
  signal?: AbortSignal;
  /** Wait before reconnecting after the connection ended or failed; default 1 s. */
  reconnectDelayMs?: number;
}

/**
 * GET /v1/stream as an async iterator that outlives connections: it reconnects with Last-Event-ID, and
 * turns `event: gap` into a resync item. Ends when the signal aborts or the loop breaks; a refusal that
 * retrying cannot fix (400, 401, 403, 404) is thrown as ApiError.
 */
export async function* subscribe(client: LiveblogClient, options: StreamOptions): AsyncGenerator<StreamItem> {
  const fetchImpl = options.fetch ?? ((request: Request) => fetch(request));
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const url = new URL('/v1/stream', options.baseUrl);
  for (const [name, value] of Object.entries(options.filters ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
  const resync = (reason: 'gap' | 'reconnected'): StreamItem => ({ type: 'resync', reason, entries: eachEntry(client, { ...options.filters, includeDeleted: 'true' }) });
  let lastId = options.lastEventId;
  let connections = 0;
  try {
    while (!stop.signal.aborted) {
      try {
        const headers = { ...authHeaders(options), accept: 'text/event-stream', ...(lastId === undefined ? {} : { 'last-event-id': lastId }) };
        const res = await fetchImpl(new Request(url, { headers, signal: stop.signal }));
        if (!res.ok || !res.body) {
          const error = ApiError.from(res, await res.json().catch(() => null));
          if ([400, 401, 403, 404].includes(res.status)) throw error;
        } else {
          if (connections++ > 0 && lastId === undefined) yield resync('reconnected');
          const parser = new SseParser();
          const reader = res.body.getReader();
          try {
            for (;;) {
              const { done, value } = await reader.read();
              if (done) break;
              for (const message of parser.push(value)) {
                if (message.id !== null) lastId = message.id;
                if (message.event === 'gap') yield resync('gap');
                else if (message.event.startsWith('entry.') && message.id !== null) yield { type: 'event', id: message.id, event: JSON.parse(message.data) as EntryEvent };
              }
            }
          } finally {
            reader.releaseLock();
          }
        }
      } catch (err) {
        if (err instanceof ApiError || stop.signal.aborted) throw err;
        // A dropped connection or a refused connect: retried below.
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.reconnectDelayMs ?? 1000);
        stop.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  } catch (err) {
    if (!stop.signal.aborted || err instanceof ApiError) throw err;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    stop.abort();
  }
}
