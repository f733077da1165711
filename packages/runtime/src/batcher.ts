export interface BatcherOptions<T, R> {
  /** Writes items together; returns one result per item, in order. */
  write: (items: T[]) => Promise<R[]>;
  /** Items in one write, at most. */
  maxBatch: number;
  /** Items with the same key never share a write: a later one waits for the next. */
  keyOf: (item: T) => string;
}

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: one write at a time, and the calls that arrive during it go together into the next.
 * A lone call is written at once; under a backlog each write carries more items, so writes that cost
 * about the same for one item as for many (rewriting shared documents) are paid once per batch
 * instead of once per item.
 *
 * A failed batch of several is written again one item at a time, so an item that cannot be written
 * fails alone and the others succeed.
 */
export class Batcher<T, R> {
  private readonly pending: Pending<T, R>[] = [];
  private writing = false;

  constructor(private readonly o: BatcherOptions<T, R>) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.pending.length > 0) await this.writeBatch(this.take());
    } finally {
      this.writing = false;
    }
  }

  /** The oldest pending items with distinct keys, up to maxBatch; the rest stay in order. */
  private take(): Pending<T, R>[] {
    const keys = new Set<string>();
    const batch: Pending<T, R>[] = [];
    for (let i = 0; i < this.pending.length && batch.length < this.o.maxBatch; ) {
      const key = this.o.keyOf(this.pending[i]!.item);
      if (keys.has(key)) {
        i++;
        continue;
      }
      keys.add(key);
      batch.push(...this.pending.splice(i, 1));
    }
    return batch;
  }

  private async writeBatch(batch: Pending<T, R>[]): Promise<void> {
    try {
      const results = await this.o.write(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i]!));
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      for (const p of batch) await this.writeBatch([p]);
    }
  }
}
