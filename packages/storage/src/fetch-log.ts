import type { AnyBulkWriteOperation } from 'mongodb';
import { orderedBulkWrite } from './bulk';
import type { Collections } from './database';
import type { FetchLogDoc, FetchLogRow, PollResult } from './documents';
import { findByIds } from './by-id';

/** How long a source's fetch log is kept: enough for the dashboard's view of the last two days. */
export const FETCH_LOG_HOURS = 48;

const HOUR_MS = 3_600_000;
/**
 * A source's polls are kept in documents of this many minutes: a poll rewrites its whole document on
 * FerretDB, so the document a 10 s source writes to holds at most 60 polls (about 3 KB) rather than an
 * hour's 360 (about 18 KB, rewritten at every poll).
 */
const SLOT_MINUTES = 10;
const SLOT_MS = SLOT_MINUTES * 60_000;
const slotStart = (ms: number) => Math.floor(ms / SLOT_MS) * SLOT_MS;
/** `2026-12-01T07`: the hour a row belongs to, in UTC. */
const hourOf = (ms: number) => new Date(ms).toISOString().slice(0, 13);
/**
 * `<sourceId>:2026-12-01T07` for an hour's first slot (the id hour documents had before slots: such a
 * document is read as that slot, its later polls filtered by time like any), `<sourceId>:2026-12-01T07:10` after.
 */
function bucketId(sourceId: string, ms: number): string {
  const minute = new Date(slotStart(ms)).getUTCMinutes();
  return minute === 0 ? `${sourceId}:${hourOf(ms)}` : `${sourceId}:${hourOf(ms)}:${String(minute).padStart(2, '0')}`;
}

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

/** The slots that fell out of the window since the previous poll's pruning; a long gap is capped. */
function leftBehind(sourceId: string, at: number, previousAt: number): string[] {
  const window = FETCH_LOG_HOURS * HOUR_MS;
  const cutoff = slotStart(at) - window;
  const ids: string[] = [];
  for (let t = Math.max(slotStart(previousAt) - window, cutoff - window); t < cutoff; t += SLOT_MS) ids.push(bucketId(sourceId, t));
  return ids;
}

/**
 * Every poll's outcome, per source: one document per source and SLOT_MINUTES (see bucketId), read and
 * written by `_id` alone, so it costs the same on FerretDB at any size. A poll is a string keyed by its
 * time: writing the same poll twice (a replayed write) keeps one. Strings, not objects: FerretDB stores
 * an embedded object with its own key list and types and rewrites the whole document on every poll
 * (measured: object rows made a 10 s source's hour document 60 KB, and at 200 sources the fetch log
 * alone slowed the database through the hour). Slots older than FETCH_LOG_HOURS are deleted by the
 * first poll of each new slot, back to the source's previous poll.
 */
export class FetchLogStore {
  constructor(private readonly c: Collections) {}

  /** `previousAt`: the source's poll before this one, so the slots it left behind can be pruned. */
  async append(sourceId: string, row: FetchLogRow, previousAt: Date | null): Promise<void> {
    await this.appendMany([{ sourceId, row, previousAt }]);
  }

  /**
   * Polls of several sources in one command (the fetcher records the polls in flight together), with
   * the deletion of the slots each left behind: a poll that opens a new slot prunes back to its
   * source's previous poll, one in the same slot as the previous prunes nothing.
   */
  async appendMany(polls: readonly { sourceId: string; row: FetchLogRow; previousAt: Date | null }[]): Promise<void> {
    const appends = polls.map(({ sourceId, row }): AnyBulkWriteOperation<FetchLogDoc> => {
      const at = row.at.getTime();
      return {
        updateOne: {
          filter: { _id: bucketId(sourceId, at) },
          update: { $set: { [`polls.t${at}`]: encodePoll(row) }, $setOnInsert: { sourceId, hour: hourOf(at) } },
          upsert: true,
        },
      };
    });
    // After the appends, in a command of their own: a slot left behind is never the slot written to.
    const deletions = polls.flatMap(({ sourceId, row, previousAt }) =>
      leftBehind(sourceId, row.at.getTime(), previousAt?.getTime() ?? row.at.getTime() - SLOT_MS).map((_id): AnyBulkWriteOperation<FetchLogDoc> => ({ deleteOne: { filter: { _id } } })),
    );
    await orderedBulkWrite(this.c.fetchLog, appends);
    await orderedBulkWrite(this.c.fetchLog, deletions);
  }

  /** The rows of the last `hours` hours (the current one included), newest first. */
  async recent(sourceId: string, hours: number, now = Date.now()): Promise<FetchLogRow[]> {
    const since = now - hours * HOUR_MS;
    const slots = Array.from({ length: (hours * HOUR_MS) / SLOT_MS + 1 }, (_, i) => bucketId(sourceId, now - i * SLOT_MS));
    // And the first slot's id of the window's first hour: an hour document written before slots holds the whole hour.
    const ids = [...slots, bucketId(sourceId, Math.floor(since / HOUR_MS) * HOUR_MS)];
    const docs = await findByIds(this.c.fetchLog, ids);
    return [...docs.values()]
      .flatMap(rowsOf)
      .filter((r) => r.at.getTime() > since)
      .sort((a, b) => b.at.getTime() - a.at.getTime());
  }
}
