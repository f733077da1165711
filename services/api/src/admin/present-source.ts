import { iso } from '../present';
import type { FetchLogRow, SourceDoc } from '@liveblog/storage';

/** A source with its polling status; validators and content hashes stay internal. */
export function presentSource(doc: SourceDoc, pollsLastHour: number) {
  const s = doc.status;
  return {
    id: doc._id,
    url: doc.url,
    name: doc.name,
    kind: doc.kind,
    intervalSeconds: doc.intervalSeconds,
    linkPattern: doc.linkPattern,
    liveblogIntervalSeconds: doc.liveblogIntervalSeconds,
    discoveredFrom: doc.discoveredFrom,
    paused: doc.paused,
    createdAt: iso(doc.createdAt),
    updatedAt: iso(doc.updatedAt),
    status: {
      lastFetchedAt: iso(s.lastFetchedAt),
      lastHttpStatus: s.lastHttpStatus,
      lastBytes: s.lastBytes,
      lastChanged: s.lastChanged,
      lastChangedAt: iso(s.lastChangedAt),
      consecutiveFailures: s.consecutiveFailures,
      lastError: s.lastError,
      lastErrorAt: iso(s.lastErrorAt),
      /** The adaptive interval in force; null until the first poll. */
      currentIntervalSeconds: s.intervalSeconds,
      /** The page's observed rhythm: a moving average of the seconds between its changes. */
      rhythmSeconds: s.rhythmSeconds,
      nextDueAt: iso(s.nextDueAt),
      ended: s.ended,
      /** Polls in the last hour, from the fetch log. */
      pollsLastHour,
    },
  };
}

/** One poll of the fetch log. */
export function presentFetch(row: FetchLogRow) {
  return { at: iso(row.at), result: row.result, httpStatus: row.httpStatus, bytes: row.bytes, snapshotId: row.snapshotId, error: row.error };
}
