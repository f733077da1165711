import type { EntryEvent } from '@liveblog/contracts';
import { entryPredicate, mayMatch, type EntryDoc, type EntryFacts, type WebhookDoc, type WebhookEventKind } from '@liveblog/storage';

/** An entry back on its page after a deletion is news again to a subscriber: it counts as created. */
const KIND: Record<EntryEvent['type'], WebhookEventKind> = {
  'entry.created': 'created',
  'entry.restored': 'created',
  'entry.updated': 'updated',
  'entry.deleted': 'deleted',
};

export type Subscription = Pick<WebhookDoc, '_id' | 'filters' | 'events' | 'createdAt'>;

/** Whether a subscription needs the entry itself to decide: it filters on more than the liveblog. */
export const needsEntry = (sub: Subscription): boolean => Object.keys(sub.filters).some((f) => f !== 'liveblogId');

export function factsOf(entry: EntryDoc): EntryFacts {
  return { liveblogId: entry.liveblogId, sourceId: entry.sourceId, agencies: entry.agencies, terms: entry.terms, sortKey: entry.sortKey, deletedAt: entry.deletedAt, clusterId: entry.clusterId };
}

/**
 * Whether a subscription is told of an event: its kind is subscribed to, the event is not older than
 * the subscription (by the stream id's time), and the entry passes the listing's filters. A deleted entry
 * passes too (a subscriber is told of the deletion). Without the entry's facts (it is gone from the
 * store), only the liveblog is checked, so the filters over-select rather than miss.
 */
export function wants(sub: Subscription, eventId: string, event: EntryEvent, entry: EntryFacts | null): boolean {
  if (!sub.events.includes(KIND[event.type])) return false;
  if (Number(eventId.split('-')[0]) < sub.createdAt.getTime()) return false;
  const facts = entry ?? { liveblogId: event.liveblogId, sortKey: new Date(event.indexedAt) };
  return mayMatch(facts, entryPredicate({ ...sub.filters, includeDeleted: true }));
}
