import { redisKeys, type RedisClient } from '@liveblog/runtime';

/** A stream id as a set member whose byte order is the stream's order: both parts zero-padded. */
export function orderMember(eventId: string): string {
  const [ms = '0', seq = '0'] = eventId.split('-');
  return `${ms.padStart(15, '0')}-${seq.padStart(10, '0')}`;
}

export function eventIdOf(member: string): string {
  const [ms = '0', seq = '0'] = member.split('-');
  return `${Number(ms)}-${Number(seq)}`;
}

/** What a delivery job of an earlier event is doing; `unknown` when no such job exists (any more). */
export type PredecessorState = 'waiting' | 'active' | 'delayed' | 'prioritized' | 'waiting-children' | 'completed' | 'failed' | 'unknown';

/**
 * Deliveries to one subscriber of one liveblog's events go out in the stream's order. The dispatcher
 * records each event in a sorted set per (subscription, liveblog) before it enqueues the delivery; a
 * delivery goes out only when no earlier event is left in the set, and leaves the set when it succeeded
 * or was dead-lettered (a dead letter does not hold up the liveblog forever). A redelivered dead letter
 * is no longer in the set: it waits only for earlier events still in it, not for the later ones, which
 * have mostly gone out meanwhile.
 *
 * The set can only over-hold: a replayed dispatch re-adds an event already delivered. So an earlier
 * event whose delivery job is finished or gone is dropped from the set rather than waited for.
 * Each set is one key (hash tag per subscription and liveblog), so deliveries spread over a cluster.
 */
export class DeliveryOrder {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private key(subscriptionId: string, liveblogId: string): string {
    return redisKeys.webhookOrder(this.prefix, subscriptionId, liveblogId);
  }

  /** Called by the dispatcher before the delivery job exists; a repeat is a no-op. */
  async record(subscriptionId: string, liveblogId: string, eventId: string): Promise<void> {
    await this.redis.zadd(this.key(subscriptionId, liveblogId), 0, orderMember(eventId));
  }

  async done(subscriptionId: string, liveblogId: string, eventId: string): Promise<void> {
    await this.redis.zrem(this.key(subscriptionId, liveblogId), orderMember(eventId));
  }

  /**
   * The earlier event this delivery must wait for, or null when it may go out now. `stateOf` tells what
   * an earlier event's delivery job is doing; finished or missing ones are dropped from the set.
   */
  async predecessor(subscriptionId: string, liveblogId: string, eventId: string, stateOf: (eventId: string) => Promise<PredecessorState>): Promise<string | null> {
    const key = this.key(subscriptionId, liveblogId);
    const mine = orderMember(eventId);
    for (;;) {
      // Every member scores 0, so the set is in byte order: the first is the oldest event left.
      const [head] = await this.redis.zrange(key, '0', '0');
      if (head === undefined || head >= mine) return null;
      const state = await stateOf(eventIdOf(head));
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return eventIdOf(head);
      await this.redis.zrem(key, head);
    }
  }
}
