import type { EntryEvent } from '@liveblog/contracts';

/** A listing's answer exactly as sent: its bytes and their ETag. */
export interface CachedAnswer {
  body: Buffer;
  etag: string;
  /** Content-Type; JSON when absent. */
  type?: string;
  /** For If-Modified-Since: when what the answer shows last changed. */
  lastModified?: Date;
}

interface Held {
  answer: CachedAnswer;
  scope: string;
  /** When the fill that made it began: the store was read after this moment. */
  readSince: number;
}

interface Fill {
  answer: Promise<CachedAnswer>;
  scope: string;
  /** An event touched the scope while the store was being read: the answer may predate it. */
  spoiled: boolean;
}

/** Bytes of answers held at once; the oldest go first. A few hundred hot listings is what this is for. */
const MAX_BYTES = 32 * 1024 * 1024;

/**
 * The scopes of the hot listings: every entry, one liveblog's, one source's, one agency's entries, and the
 * liveblog list. An entry event names only its liveblog, so it touches every scope but other liveblogs'.
 */
export const listingScopes = {
  entries: 'entries',
  liveblog: (id: string) => `lb:${id}`,
  source: (id: string) => `source:${id}`,
  agency: (code: string) => `agency:${code}`,
  liveblogs: 'liveblogs',
} as const;

const touchedBy = (event: EntryEvent) => (scope: string) => !scope.startsWith('lb:') || scope === listingScopes.liveblog(event.liveblogId);

/**
 * The first pages of the listings clients poll, held in this process and dropped by the indexer's entry
 * events, which say which liveblog changed. Correct with any number of API processes: an answer is served
 * only while younger than `maxStaleMs` (counted from when its store read began), so a process that missed
 * events (its event reader stalled or cut off) is stale for at most that long. Concurrent requests for one
 * listing share one store read. A read during which an event touched its scope is answered but not kept,
 * and later requests do not join it: a client that saw an event and then asks gets the page with it.
 * `maxStaleMs` 0 turns the cache off: every request reads the store.
 */
export class ListingCache {
  private readonly held = new Map<string, Held>();
  private readonly filling = new Map<string, Fill>();
  private bytes = 0;

  constructor(
    private readonly maxStaleMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxBytes = MAX_BYTES,
  ) {}

  async answer(key: string, scope: string, fill: () => Promise<CachedAnswer>): Promise<CachedAnswer> {
    if (this.maxStaleMs <= 0) return fill();
    const held = this.held.get(key);
    if (held && this.now() - held.readSince < this.maxStaleMs) return held.answer;
    const pending = this.filling.get(key);
    if (pending) return pending.answer;
    const readSince = this.now();
    const entry: Fill = { answer: fill(), scope, spoiled: false };
    this.filling.set(key, entry);
    try {
      const answer = await entry.answer;
      if (!entry.spoiled) this.hold(key, { answer, scope, readSince });
      return answer;
    } finally {
      if (this.filling.get(key) === entry) this.filling.delete(key);
    }
  }

  /** Forgets what the event may have changed; a hub listener. */
  readonly observe = ({ event }: { event: EntryEvent }): void => {
    const touched = touchedBy(event);
    for (const [key, held] of this.held) if (touched(held.scope)) this.drop(key);
    for (const [key, fill] of this.filling) {
      if (!touched(fill.scope)) continue;
      fill.spoiled = true;
      this.filling.delete(key);
    }
  };

  private hold(key: string, held: Held): void {
    this.drop(key);
    this.held.set(key, held);
    this.bytes += held.answer.body.length;
    for (const oldest of this.held.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  private drop(key: string): void {
    this.bytes -= this.held.get(key)?.answer.body.length ?? 0;
    this.held.delete(key);
  }
}
