import type { StreamEvent } from './ledger';

/**
 * Follows /v1/stream for as long as it runs, reconnecting with Last-Event-ID when the API or Redis goes
 * away, so that nothing announced meanwhile is lost (the stream keeps events for hours).
 */
export class StreamWatcher {
  private lastId: string | null = null;
  private controller = new AbortController();
  private stopped = false;
  reconnects = 0;
  gaps = 0;
  private readonly running: Promise<void>;

  constructor(
    private readonly url: string,
    private readonly onEvent: (event: StreamEvent) => void,
  ) {
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.controller.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.follow();
      } catch {
        // The API restarting, or Redis: try again shortly.
      }
      if (this.stopped) return;
      this.reconnects++;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }

  private async follow(): Promise<void> {
    this.controller = new AbortController();
    const res = await fetch(this.url, { headers: this.lastId ? { 'last-event-id': this.lastId } : {}, signal: this.controller.signal });
    if (res.status !== 200 || !res.body) throw new Error(`stream answered ${res.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        this.block(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  private block(block: string): void {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
    }
    const id = fields.get('id');
    if (id) this.lastId = id;
    const type = fields.get('event') ?? 'message';
    if (type === 'gap') this.gaps++;
    const data = fields.get('data');
    if (!type.startsWith('entry.') || !data) return;
    const event = JSON.parse(data) as { key: string; contentHash: string; snapshotId: string };
    this.onEvent({ type, key: event.key, contentHash: event.contentHash, snapshotId: event.snapshotId, streamId: id ?? '', receivedAt: Date.now() });
  }
}
