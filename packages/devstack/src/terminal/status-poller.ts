import { formatStatus, lagBuckets, parseMetrics, quantileBetween, sourceCounts, type Status } from './status';

export interface StatusPollerOptions {
  apiUrl: string;
  /** A read API key, when the API requires one (API_KEYS). */
  apiKey?: string;
  intervalMs?: number;
  /** The lag p95 covers this much of the recent past (default 5 minutes). */
  windowMs?: number;
  onStatus: (line: string) => void;
  /** Called once, with the first liveblog the API lists. */
  onFirstLiveblog?: (id: string) => void;
  failing?: (text: string) => string;
}

interface Page {
  items: { id: string; entryCount: number }[];
  next: string | null;
}

/** Asks the API every few seconds how things stand and hands the status line on. */
export class StatusPoller {
  private timer?: NodeJS.Timeout;
  private readonly lagHistory: { at: number; buckets: Map<number, number> }[] = [];
  private sawLiveblog = false;
  private stopped = false;

  constructor(private readonly options: StatusPollerOptions) {}

  start(): void {
    const tick = async () => {
      const status = await this.status();
      if (this.stopped) return;
      this.options.onStatus(formatStatus(status, { failing: this.options.failing ?? ((t) => t) }));
      this.timer = setTimeout(() => void tick(), this.options.intervalMs ?? 2_000);
    };
    void tick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async status(): Promise<Status> {
    const [metrics, entries] = await Promise.all([this.get('/metrics', (r) => r.text()), this.entryCount()]);
    const samples = metrics === null ? [] : parseMetrics(metrics);
    return { sources: sourceCounts(samples), entries, lagP95Seconds: metrics === null ? null : this.lagP95(lagBuckets(samples)) };
  }

  /** The p95 of the entries made queryable within the window; the API's histogram counts since its start. */
  private lagP95(now: Map<number, number>): number | null {
    const at = Date.now();
    this.lagHistory.push({ at, buckets: now });
    while (this.lagHistory.length > 1 && this.lagHistory[1]!.at <= at - (this.options.windowMs ?? 300_000)) this.lagHistory.shift();
    return quantileBetween(this.lagHistory.length > 1 ? this.lagHistory[0]!.buckets : new Map(), now, 0.95);
  }

  /** Entries in the store, summed over the liveblog listing (a local stack holds few liveblogs). */
  private async entryCount(): Promise<number | null> {
    let total = 0;
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const body: Page | null = await this.get(`/v1/liveblogs?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, (r) => r.json() as Promise<Page>);
      if (!body) return null;
      if (!this.sawLiveblog && body.items[0]) {
        this.sawLiveblog = true;
        this.options.onFirstLiveblog?.(body.items[0].id);
      }
      total += body.items.reduce((sum, l) => sum + l.entryCount, 0);
      cursor = body.next;
      if (!cursor) break;
    }
    return total;
  }

  private async get<T>(path: string, read: (response: Response) => Promise<T>): Promise<T | null> {
    try {
      const response = await fetch(new URL(path, this.options.apiUrl), {
        headers: this.options.apiKey ? { 'x-api-key': this.options.apiKey } : {},
        signal: AbortSignal.timeout(3_000),
      });
      return response.ok ? await read(response) : null;
    } catch {
      return null; // The API restarting, or busy: the line shows a dash until it answers.
    }
  }
}
