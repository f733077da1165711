import type { Collections } from './database';
import type { FetchLogDoc, FetchLogRow, PollResult } from './documents';
import { findByIds } from './by-id';

/** How long a source's fetch log is kept: enough for the dashboard's view of the last two days. */
export const FETCH_LOG_HOURS = 48;

const HOUR_MS = 3_600_000;
const hourStart = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
/** `2026-12-01T07`: the hour a row belongs to, in UTC. */
const hourOf = (ms: number) => new Date(hourStart(ms)).toISOString().slice(0, 13);
const bucketId = (sourceId: string, ms: number) => `${sourceId}:${hourOf(ms)}`;

type EncodedPoll = [PollResult, number | null, number | null, string | null, string | null];
const encodePoll = (row: FetchLogRow): string => JSON.stringify([row.result, row.httpStatus, row.bytes, row.snapshotId, row.error] satisfies EncodedPoll);
function decodePoll(key: string, encoded: string): FetchLogRow {
  const [result, httpStatus, bytes, snapshotId, error] = JSON.parse(encoded) as EncodedPoll;
  return { at: new Date(Number(key.slice(1))), result, httpStatus, bytes, snapshotId, error };
}
const rowsOf = (doc: FetchLogDoc): FetchLogRow[] => [
  ...Object.entries(doc.polls ?? {}).map(([key, encoded]) => decodePoll(key, encoded)),
  ...(doc.rows ?? []),
];

/**
 * Every poll's outcome, per source: one document per source and hour (`<sourceId>:<hour>`), read and
 * written by `_id` alone, so it costs the same on FerretDB at any size. A poll is a string keyed by its
 * time: writing the same poll twice (a replayed write) keeps one. Strings, not objects: FerretDB stores
 * an embedded object with its own key list and types and rewrites the whole document on every poll
 * (measured: object rows made a 10 s source's hour document 60 KB, and at 200 sources the fetch log
 * alone slowed the database through the hour). Hours older than FETCH_LOG_HOURS are deleted by the
 * first write of each new hour, back to the source's previous poll.
 */
export class FetchLogStore {
  constructor(private readonly c: Collections) {}

  /** `previousAt`: the source's poll before this one, so the hours it left behind can be pruned. */
  async append(sourceId: string, row: FetchLogRow, previousAt: Date | null): Promise<void> {
    const at = row.at.getTime();
    const result = await this.c.fetchLog.updateOne(
      { _id: bucketId(sourceId, at) },
      { $set: { [`polls.t${at}`]: encodePoll(row) }, $setOnInsert: { sourceId, hour: hourOf(at) } },
      { upsert: true },
    );
    if (result.upsertedCount === 1) await this.prune(sourceId, at, previousAt?.getTime() ?? at - HOUR_MS);
  }

  /** The rows of the last `hours` hours (the current one included), newest first. */
  async recent(sourceId: string, hours: number, now = Date.now()): Promise<FetchLogRow[]> {
    const since = now - hours * HOUR_MS;
    const ids = Array.from({ length: hours + 1 }, (_, i) => bucketId(sourceId, now - i * HOUR_MS));
    const docs = await findByIds(this.c.fetchLog, ids);
    return [...docs.values()]
      .flatMap(rowsOf)
      .filter((r) => r.at.getTime() > since)
      .sort((a, b) => b.at.getTime() - a.at.getTime());
  }

  /** Deletes the hours that fell out of the window since the previous poll's pruning; a long gap is capped. */
  private async prune(sourceId: string, at: number, previousAt: number): Promise<void> {
    const window = FETCH_LOG_HOURS * HOUR_MS;
    const cutoff = hourStart(at) - window;
    for (let t = Math.max(hourStart(previousAt) - window, cutoff - window); t < cutoff; t += HOUR_MS) {
      await this.c.fetchLog.deleteOne({ _id: bucketId(sourceId, t) });
    }
  }
}
