import type { Change } from './liveblogs';

export type Kind = Change['kind'];
export const KINDS: readonly Kind[] = ['create', 'edit', 'delete'];

/** An event as read from /v1/stream, with the time it arrived (epoch ms). */
export interface StreamEvent {
  type: string;
  key: string;
  contentHash: string;
  snapshotId: string;
  /** The event's id on the stream: the same id twice is one event received twice, not announced twice. */
  streamId: string;
  receivedAt: number;
}

/** A version announced again: the event that announced it first, and the later one. */
export interface Repeat {
  kind: Kind;
  first: StreamEvent;
  again: StreamEvent;
}

interface Tracked {
  change: Change;
  /** When the stream announced it (epoch ms). */
  seenAt?: number;
  /** The event that announced it. */
  seenIn?: StreamEvent;
  /** Replaced on the page (a newer version, or a deletion) before the stream announced it. */
  superseded?: boolean;
}

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

export interface KindTally {
  made: number;
  seen: number;
  superseded: number;
  missing: number;
  duplicates: number;
}

/**
 * Matches what the stream announced with what the pages showed. A created or updated event names the
 * version by key and content hash; versions of the same entry replaced before any fetch could see them
 * are "superseded", not missing. An event for a version already announced is a duplicate.
 */
export class Ledger {
  private readonly byKey = new Map<string, Tracked[]>();
  private readonly all: Tracked[] = [];
  readonly duplicates: Record<Kind, number> = { create: 0, edit: 0, delete: 0 };
  readonly repeats: Repeat[] = [];
  unexpected = 0;

  /** The time a change's freshness counts from: the page showing it, or its source's addition. */
  constructor(private readonly visibleFrom: (change: Change) => number) {}

  add(change: Change): void {
    const tracked: Tracked = { change };
    const versions = this.byKey.get(change.key) ?? [];
    versions.push(tracked);
    this.byKey.set(change.key, versions);
    this.all.push(tracked);
  }

  record(event: StreamEvent): void {
    const versions = this.byKey.get(event.key);
    if (!versions) {
      this.unexpected++;
      return;
    }
    const kind: Kind | undefined = event.type === 'entry.deleted' ? 'delete' : event.type === 'entry.created' ? 'create' : event.type === 'entry.updated' ? 'edit' : undefined;
    const index =
      kind === 'delete'
        ? versions.findIndex((t) => t.change.kind === 'delete')
        : kind
          ? versions.findIndex((t) => t.change.kind !== 'delete' && t.change.contentHash === event.contentHash)
          : -1;
    const target = versions[index];
    if (!target || !kind) {
      this.unexpected++;
      return;
    }
    if (target.seenAt !== undefined) {
      this.duplicates[target.change.kind]++;
      this.repeats.push({ kind: target.change.kind, first: target.seenIn!, again: event });
      return;
    }
    target.seenAt = event.receivedAt;
    target.seenIn = event;
    // Earlier versions nobody announced were replaced before a fetch saw them (or arrive in this one).
    for (const earlier of versions.slice(0, index)) if (earlier.seenAt === undefined) earlier.superseded = true;
  }

  /** Changes not announced, not superseded, and visible for longer than `graceMs`. */
  pending(now: number, graceMs: number): Change[] {
    return this.all.filter((t) => t.seenAt === undefined && !t.superseded && now - this.visibleFrom(t.change) > graceMs).map((t) => t.change);
  }

  tally(kind: Kind): KindTally {
    const mine = this.all.filter((t) => t.change.kind === kind);
    const seen = mine.filter((t) => t.seenAt !== undefined).length;
    const superseded = mine.filter((t) => t.superseded && t.seenAt === undefined).length;
    return { made: mine.length, seen, superseded, missing: mine.length - seen - superseded, duplicates: this.duplicates[kind] };
  }

  /** Seconds from visible to announced, for the announced changes that match. */
  freshness(match: (change: Change) => boolean): number[] {
    return this.all.filter((t) => t.seenAt !== undefined && match(t.change)).map((t) => (t.seenAt! - this.visibleFrom(t.change)) / 1000);
  }
}
