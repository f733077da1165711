import type { EntryEvent } from '@liveblog/contracts';
import type { Logger } from '@liveblog/runtime';
import type { EntryDoc } from '@liveblog/storage';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { StreamedEvent } from '../event-hub';

type EventType = EntryEvent['type'];

/** One minute of ingestion as the dashboard charts it. */
export interface MinuteSample {
  /** Start of the minute, epoch milliseconds. */
  at: number;
  events: Record<EventType, number>;
  /** Fetch-to-queryable seconds of the entries created in this minute. */
  freshness: { count: number; sum: number; max: number };
}

const WINDOW_MINUTES = 6 * 60;

export interface EntryLookup {
  get(id: string): Promise<EntryDoc | null>;
}

/**
 * Follows the entry events on the hub: counts them by type and measures, for each new entry, the seconds
 * from the fetch that first saw it (firstSeenAt, the snapshot's fetch time) to the indexer making it
 * queryable (the event's indexedAt). The recent minutes are kept in memory for the dashboard; they start
 * empty with each API process, which is what a live view needs and keeps Redis out of it.
 */
export class IngestTracker {
  private readonly events: Counter<'type'>;
  private readonly freshness: Histogram;
  private readonly minutes: MinuteSample[] = [];

  constructor(
    registry: Registry,
    private readonly entries: EntryLookup,
    private readonly logger: Logger,
  ) {
    this.events = new Counter({ name: 'liveblog_entry_events_total', help: 'Entry events seen on the event stream, by type.', labelNames: ['type'], registers: [registry] });
    this.freshness = new Histogram({
      name: 'liveblog_entry_freshness_seconds',
      help: 'Seconds from the fetch that first saw an entry to the moment it was queryable.',
      buckets: [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800],
      registers: [registry],
    });
  }

  readonly observe = ({ event }: StreamedEvent): void => {
    this.events.inc({ type: event.type });
    const minute = this.minute(Date.parse(event.indexedAt));
    minute.events[event.type] += 1;
    if (event.type !== 'entry.created') return;
    this.entries.get(event.entryId).then(
      (entry) => {
        if (!entry) return;
        const seconds = Math.max(0, (Date.parse(event.indexedAt) - entry.firstSeenAt.getTime()) / 1000);
        this.freshness.observe(seconds);
        minute.freshness.count += 1;
        minute.freshness.sum += seconds;
        minute.freshness.max = Math.max(minute.freshness.max, seconds);
      },
      (err: unknown) => this.logger.warn({ err: err instanceof Error ? err.message : String(err), entryId: event.entryId }, 'freshness lookup failed'),
    );
  };

  /** The minutes with activity in the last six hours, oldest first. */
  series(now = Date.now()): MinuteSample[] {
    const oldest = now - WINDOW_MINUTES * 60_000;
    return this.minutes.filter((m) => m.at >= oldest);
  }

  private minute(at: number): MinuteSample {
    const start = Math.floor(at / 60_000) * 60_000;
    const last = this.minutes[this.minutes.length - 1];
    if (last && last.at >= start) return last;
    const sample: MinuteSample = {
      at: start,
      events: { 'entry.created': 0, 'entry.updated': 0, 'entry.deleted': 0, 'entry.restored': 0 },
      freshness: { count: 0, sum: 0, max: 0 },
    };
    this.minutes.push(sample);
    if (this.minutes.length > WINDOW_MINUTES) this.minutes.shift();
    return sample;
  }
}
