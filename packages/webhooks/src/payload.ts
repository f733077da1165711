import type { EntryEvent } from '@liveblog/contracts';

/**
 * The body of a delivery, in the Standard Webhooks shape: `type`, `timestamp` (when the entry was
 * indexed) and `data`, the event as the stream announces it plus its stream id, so that a receiver can
 * resume from /v1/stream or fetch the entry from /v1/entries/:id.
 */
export function deliveryBody(eventId: string, event: EntryEvent): string {
  return JSON.stringify({ type: event.type, timestamp: event.indexedAt, data: { eventId, ...event } });
}
