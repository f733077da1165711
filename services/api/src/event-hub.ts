import { EntryEvent } from '@liveblog/contracts';
import type { Logger, RedisClient } from '@liveblog/runtime';

export interface StreamedEvent {
  /** The Redis stream id: what clients send back as Last-Event-ID. */
  id: string;
  event: EntryEvent;
}

type Listener = (e: StreamedEvent) => void;

/** Redis stream ids compare as (milliseconds, sequence). */
export function streamIdAfter(a: string, b: string): boolean {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am > bm || (am === bm && as > bs);
}

/** What XINFO STREAM says about what the stream has dropped. */
export interface StreamState {
  length: number;
  /** Every event ever appended, trimmed and deleted ones included. */
  entriesAdded: number;
  /** The id of the oldest event kept; null when none is. */
  firstEntryId: string | null;
  lastGeneratedId: string;
  /** The highest id removed by XDEL (trimming does not count here); 0-0 if none. */
  maxDeletedEntryId: string;
}

export function streamState(reply: readonly unknown[]): StreamState {
  const fields = new Map<string, unknown>();
  for (let i = 0; i + 1 < reply.length; i += 2) fields.set(String(reply[i]), reply[i + 1]);
  const first = fields.get('first-entry') as [string, string[]] | null | undefined;
  return {
    length: Number(fields.get('length')),
    entriesAdded: Number(fields.get('entries-added')),
    firstEntryId: first ? first[0] : null,
    lastGeneratedId: String(fields.get('last-generated-id')),
    maxDeletedEntryId: String(fields.get('max-deleted-entry-id')),
  };
}

/**
 * Whether events after `afterId` may have been removed from the stream. Nothing removed: never. Trimming
 * removes the oldest events; which ids it took is not recorded, so a position older than the oldest event
 * kept counts as a gap once anything was trimmed (the events between it and the oldest kept are gone if
 * they existed). Deletions by XDEL are recorded up to their highest id.
 */
export function lostAfter(state: StreamState, afterId: string): boolean {
  if (state.entriesAdded <= state.length) return false;
  if (streamIdAfter(state.maxDeletedEntryId, afterId)) return true;
  return state.firstEntryId === null ? streamIdAfter(state.lastGeneratedId, afterId) : streamIdAfter(state.firstEntryId, afterId);
}

function decode([id, fields]: [string, string[]]): StreamedEvent | null {
  const parsed = EntryEvent.safeParse(JSON.parse(fields[1] ?? 'null'));
  return parsed.success ? { id, event: parsed.data } : null;
}

/**
 * One blocking reader of the entry event stream per API process, fanned out to every connected client,
 * so that a thousand open streams cost one Redis connection, not a thousand.
 */
export class EventHub {
  private readonly listeners = new Set<Listener>();
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    /** A connection of its own: XREAD BLOCK holds it. */
    private readonly reader: RedisClient,
    private readonly stream: string,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.read();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.reader.disconnect();
    await this.loop;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Up to `count` events after `afterId` still kept in the stream, oldest first; `next` is where the
   * following page starts, null at the end. `gap` says events after `afterId` are gone (see lostAfter).
   * The stream's state and the page are read in one transaction, so a trim cannot fall in between.
   */
  async since(afterId: string, redis: RedisClient, count: number): Promise<{ events: StreamedEvent[]; gap: boolean; next: string | null }> {
    const [info, range] = (await redis.multi().xinfo('STREAM', this.stream).xrange(this.stream, `(${afterId}`, '+', 'COUNT', count).exec()) ?? [];
    // XINFO fails only when the stream does not exist: nothing was ever announced, so nothing is lost.
    const state = info?.[0] ? null : streamState(info?.[1] as unknown[]);
    if (range?.[0]) throw range[0];
    const rows = range?.[1] as [string, string[]][];
    return {
      events: rows.flatMap((r) => decode(r) ?? []),
      gap: state !== null && lostAfter(state, afterId),
      next: rows.length === count ? rows[rows.length - 1]![0] : null,
    };
  }

  private async read(): Promise<void> {
    let last = '$';
    while (this.running) {
      try {
        const result = (await this.reader.xread('BLOCK', 5_000, 'STREAMS', this.stream, last)) as [string, [string, string[]][]][] | null;
        for (const row of result?.[0]?.[1] ?? []) {
          last = row[0];
          const decoded = decode(row);
          if (decoded) for (const listener of this.listeners) listener(decoded);
        }
      } catch (err) {
        if (!this.running) return;
        this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'event stream read failed; retrying');
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }
}
