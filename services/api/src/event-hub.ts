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

  /** Events after `afterId` still kept in the stream, oldest first, and whether older ones were trimmed away. */
  async since(afterId: string, redis: RedisClient): Promise<{ events: StreamedEvent[]; gap: boolean }> {
    const [first] = await redis.xrange(this.stream, '-', '+', 'COUNT', 1);
    const gap = first !== undefined && streamIdAfter(first[0], afterId) && afterId !== '0';
    const rows = (await redis.xrange(this.stream, `(${afterId}`, '+')) as [string, string[]][];
    return { events: rows.flatMap((r) => decode(r) ?? []), gap };
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
