/**
 * Recently read values keyed by the hash of their content, least recently used dropped first past
 * `maxBytes`. Such a value never changes under its key, so a hit is always right, whatever other replicas
 * wrote or retention deleted since: the parser reading a page's next snapshot finds its unchanged chunks
 * (and the dedup and index stages its unchanged entries) here, and asks the database only for what changed.
 */
export class ContentCache<T> {
  private readonly values = new Map<string, { value: T; bytes: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): T | undefined {
    const hit = this.values.get(key);
    if (!hit) return undefined;
    this.values.delete(key);
    this.values.set(key, hit);
    return hit.value;
  }

  set(key: string, value: T, bytes: number): void {
    if (bytes > this.maxBytes || this.values.has(key)) return;
    this.values.set(key, { value, bytes });
    this.bytes += bytes;
    for (const [oldest, { bytes: b }] of this.values) {
      if (this.bytes <= this.maxBytes) break;
      this.values.delete(oldest);
      this.bytes -= b;
    }
  }
}
