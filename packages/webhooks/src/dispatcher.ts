import { EntryEvent, jobId, type DeliverJob } from '@liveblog/contracts';
import { KeyLocks, LockError, redisKeys, type Logger, type RedisClient } from '@liveblog/runtime';
import type { EntryFacts, EntryStore, WebhookStore } from '@liveblog/storage';
import type { DeliveryOrder } from './delivery-order';
import { factsOf, needsEntry, wants, type Subscription } from './matching';

export interface DispatcherOptions {
  redis: RedisClient;
  /** A connection of its own: XREAD BLOCK holds it. */
  reader: RedisClient;
  prefix: string;
  subscriptions: Pick<WebhookStore, 'list'>;
  entries: Pick<EntryStore, 'get'>;
  order: DeliveryOrder;
  enqueue: (job: DeliverJob, id: string) => Promise<void>;
  logger: Logger;
  /** Events read and dispatched per round; the cursor moves after each round. */
  batch: number;
  /** How long the leader's lock outlives a crashed leader. */
  lockMs: number;
}

/** `[id, [field, value, …]]` rows as XREAD returns them. */
type StreamRow = [string, string[]];

/**
 * Turns entry events into delivery jobs, one per subscription that wants the event. One deliverer replica
 * at a time leads (a lock renewed while it works); it reads the entry event stream after its cursor, in
 * stream order, and moves the cursor only after a round's jobs are enqueued. A crash replays the round
 * from the cursor: the job ids are deterministic (event id and subscription id), so nothing is enqueued
 * twice, and the order set's re-added members are dropped once seen finished (see DeliveryOrder).
 */
export class WebhookDispatcher {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly locks: KeyLocks;
  private readonly stream: string;
  private readonly cursorKey: string;

  constructor(private readonly o: DispatcherOptions) {
    this.locks = new KeyLocks({ redis: o.redis, ttlMs: o.lockMs, waitMs: o.lockMs });
    this.stream = redisKeys.entryEvents(o.prefix);
    this.cursorKey = redisKeys.webhookCursor(o.prefix);
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.o.reader.disconnect();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.locks.holding([[redisKeys.webhookDispatchLock(this.o.prefix)]], (confirm) => this.lead(confirm));
      } catch (err) {
        if (!this.running) return;
        // Another replica leads: wait for it to die. Anything else: Redis or MongoDB trouble, try again.
        if (!(err instanceof LockError)) this.o.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'webhook dispatch failed; retrying');
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  private async lead(confirm: () => Promise<void>): Promise<void> {
    let cursor = await this.o.redis.get(this.cursorKey);
    if (cursor === null) {
      // The first leader ever starts at the stream's end: subscriptions are told of events from now on.
      const [last] = (await this.o.redis.xrevrange(this.stream, '+', '-', 'COUNT', 1)) as StreamRow[];
      cursor = last?.[0] ?? '0-0';
      await this.o.redis.set(this.cursorKey, cursor);
    }
    this.o.logger.info({ cursor }, 'dispatching webhook deliveries');
    while (this.running) {
      const result = (await this.o.reader.xread('COUNT', this.o.batch, 'BLOCK', 1_000, 'STREAMS', this.stream, cursor)) as [string, StreamRow[]][] | null;
      const rows = result?.[0]?.[1] ?? [];
      if (rows.length > 0) {
        const subscriptions = await this.o.subscriptions.list();
        for (const row of rows) await this.dispatch(row, subscriptions);
        cursor = rows[rows.length - 1]![0];
      }
      await confirm();
      if (rows.length > 0) await this.o.redis.set(this.cursorKey, cursor);
    }
  }

  private async dispatch([eventId, fields]: StreamRow, subscriptions: readonly Subscription[]): Promise<void> {
    const parsed = EntryEvent.safeParse(JSON.parse(fields[1] ?? 'null'));
    if (!parsed.success || subscriptions.length === 0) return;
    const event = parsed.data;
    let facts: EntryFacts | null = null;
    if (subscriptions.some(needsEntry)) {
      const entry = await this.o.entries.get(event.entryId);
      facts = entry ? factsOf(entry) : null;
    }
    for (const sub of subscriptions) {
      if (!wants(sub, eventId, event, facts)) continue;
      const job = { subscriptionId: sub._id, eventId, event };
      // Recorded before the job exists, so that no later event's delivery can pass this one.
      await this.o.order.record(sub._id, event.liveblogId, eventId);
      await this.o.enqueue(job, jobId.deliver(job));
    }
  }
}
