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
  /** Fetch-to-queryable seconds of the entries created in this minute: the pipeline's stage time. */
  freshness: Summary;
  /** Lag as a reader feels it, of every create, edit and deletion in this minute (see `entryLagSeconds`). */
  lag: Summary;
}

interface Summary {
  count: number;
  sum: number;
  max: number;
}

const LAG_KIND: Partial<Record<EventType, 'create' | 'edit' | 'delete'>> = { 'entry.created': 'create', 'entry.updated': 'edit', 'entry.deleted': 'delete' };

/**
 * Seconds from the moment a change was visible to the moment it was queryable (`indexedAt`): a new
 * entry from its publication time when the page gives one, else from its first sight; an edit from its
 * modification time when the page gives one, else from the fetch that saw it; a deletion from the fetch
 * that first missed it.
 */
export function entryLagSeconds(type: EventType, entry: Pick<EntryDoc, 'publishedAt' | 'modifiedAt' | 'firstSeenAt' | 'seenAt' | 'deletedAt'>, indexedAt: number): number | null {
  const since =
    type === 'entry.created' ? (entry.publishedAt ?? entry.firstSeenAt)
    : type === 'entry.updated' ? (entry.modifiedAt ?? entry.seenAt)
    : type === 'entry.deleted' ? entry.deletedAt
    : null;
  return since ? Math.max(0, (indexedAt - since.getTime()) / 1000) : null;
}

const add = (s: Summary, seconds: number) => {
  s.count += 1;
  s.sum += seconds;
  s.max = Math.max(s.max, seconds);
};

const WINDOW_MINUTES = 6 * 60;

export interface EntryLookup {
  get(id: string): Promise<EntryDoc | null>;
}

/**
 * Follows the entry events on the hub: counts them by type, measures for each new entry the seconds
 * from the fetch that first saw it (firstSeenAt, the snapshot's fetch time) to the indexer making it
 * queryable (the event's indexedAt), the pipeline's stage time, and for every create, edit and deletion
 * the lag a reader feels, which starts at the page (`entryLagSeconds`) and so includes the wait for the
 * poll. The recent minutes are kept in memory for the dashboard; they start empty with each API
 * process, which is what a live view needs and keeps Redis out of it.
 */
export class IngestTracker {
  private readonly events: Counter<'type'>;
  private readonly stage: Histogram;
  private readonly lag: Histogram<'kind'>;
  private readonly minutes: MinuteSample[] = [];

  constructor(
    registry: Registry,
    private readonly entries: EntryLookup,
    private readonly logger: Logger,
  ) {
    this.events = new Counter({ name: 'liveblog_entry_events_total', help: 'Entry events seen on the event stream, by type.', labelNames: ['type'], registers: [registry] });
    const buckets = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800];
    this.stage = new Histogram({
      name: 'liveblog_entry_stage_seconds',
      help: 'Pipeline stage time: seconds from the fetch that first saw a new entry to the moment it was queryable.',
      buckets,
      registers: [registry],
    });
    this.lag = new Histogram({
      name: 'liveblog_entry_lag_seconds',
      help: "Seconds from a change on the page (an entry's publication or modification time, else its first sight; a deletion's first sight) to the moment it was queryable, by kind.",
      labelNames: ['kind'],
      buckets: [...buckets, 3600],
      registers: [registry],
    });
  }

  readonly observe = ({ event }: StreamedEvent): void => {
    this.events.inc({ type: event.type });
    const minute = this.minute(Date.parse(event.indexedAt));
    minute.events[event.type] += 1;
    const kind = LAG_KIND[event.type];
    if (!kind) return;
    const indexedAt = Date.parse(event.indexedAt);
    this.entries.get(event.entryId).then(
      (entry) => {
        if (!entry) return;
        if (event.type === 'entry.created') {
          const seconds = Math.max(0, (indexedAt - entry.firstSeenAt.getTime()) / 1000);
          this.stage.observe(seconds);
          add(minute.freshness, seconds);
        }
        const lag = entryLagSeconds(event.type, entry, indexedAt);
        if (lag === null) return;
        this.lag.observe({ kind }, lag);
        add(minute.lag, lag);
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
      lag: { count: 0, sum: 0, max: 0 },
    };
    this.minutes.push(sample);
    if (this.minutes.length > WINDOW_MINUTES) this.minutes.shift();
    return sample;
  }
}
