import { decodeCursor, type Cursor, type Store } from '@liveblog/storage';
import { presentSource } from '../admin/present-source';
import { iso } from '../present';
import { healthOf, outletOf } from './source-list';

const HOURS = 24;
/** Bounds the walk over a very busy source's day; the answer says when it was cut. */
const MAX_ENTRIES = 2_000;
const SNAPSHOTS = 12;
/** Liveblogs shown with their feeds, at most: an index source may bring many in a day. */
const LIVEBLOGS = 20;

/**
 * What the dashboard's page of one source shows beyond the source itself: entries per hour of the last
 * day (by their sort time, as listed) and the entries each recent snapshot's extraction held. Recent
 * snapshots are those the fetch log of the last day names, the last fetched, and those that first
 * brought the day's entries. The liveblogs of the day's entries are listed for their feeds.
 */
export async function sourceDetail(store: Pick<Store, 'sources' | 'entries' | 'extractions' | 'fetchLog' | 'liveblogs'>, id: string, now = new Date()) {
  const doc = await store.sources.get(id);
  if (!doc) return null;
  const since = new Date(now.getTime() - HOURS * 3_600_000);
  const perHour = new Map<number, number>();
  const polls = await store.fetchLog.recent(id, HOURS, now.getTime());
  const snapshotIds = new Set<string>([doc.status.lastSnapshotId, ...polls.map((p) => p.snapshotId)].filter((s): s is string => s !== null));
  const liveblogIds = new Set<string>();
  let seen = 0;
  let cursor: Cursor | null = null;
  do {
    const page = await store.entries.search({ sourceId: id, since }, cursor, 100);
    for (const e of page.items) {
      const hour = Math.floor(e.sortKey.getTime() / 3_600_000) * 3_600_000;
      perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
      snapshotIds.add(e.firstSnapshotId);
      liveblogIds.add(e.liveblogId);
    }
    seen += page.items.length;
    cursor = page.next ? decodeCursor(page.next) : null;
  } while (cursor && seen < MAX_ENTRIES);
  const counts = await store.extractions.entryCounts([...snapshotIds]);
  const liveblogs = (await Promise.all([...liveblogIds].slice(0, LIVEBLOGS).map((lb) => store.liveblogs.get(lb)))).flatMap((lb) => (lb ? [{ id: lb._id, title: lb.title, url: lb.url }] : []));
  const snapshots = [...counts]
    .map(([snapshotId, c]) => ({ snapshotId, fetchedAt: c.fetchedAt, entryCount: c.entries }))
    .sort((a, b) => b.fetchedAt.getTime() - a.fetchedAt.getTime())
    .slice(0, SNAPSHOTS)
    .map((s) => ({ ...s, fetchedAt: iso(s.fetchedAt) }));
  const firstHour = Math.floor(since.getTime() / 3_600_000) * 3_600_000;
  const entriesPerHour = Array.from({ length: HOURS + 1 }, (_, i) => firstHour + i * 3_600_000).map((at) => ({ hour: new Date(at).toISOString(), count: perHour.get(at) ?? 0 }));
  return {
    source: presentSource(doc, polls.filter((p) => p.at.getTime() > now.getTime() - 3_600_000).length),
    health: healthOf(doc, now),
    outlet: outletOf(doc.url),
    entriesPerHour,
    entriesCounted: seen,
    entriesTruncated: cursor !== null,
    snapshots,
    liveblogs,
  };
}
