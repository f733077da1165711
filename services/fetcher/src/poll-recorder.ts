import { Batcher } from '@liveblog/runtime';
import type { FetchLogRow, FetchOutcome, Schedule, Store } from '@liveblog/storage';

/** What one poll leaves behind: its row in the fetch log, and its source's status with the plan it led to. */
export interface PollRecord {
  sourceId: string;
  row: FetchLogRow;
  /** The source's poll before this one, for the fetch log's pruning. */
  previousAt: Date | null;
  outcome: FetchOutcome;
  schedule: Schedule;
}

export type PollRecorder = Batcher<PollRecord, void>;

/**
 * Records the polls in flight together, one command per collection for all of them. Most polls are
 * answered 304 within milliseconds and then wait for these two writes; on the embedded database, which
 * takes one write at a time, a write per poll and collection was a fifth of all its write time at 200
 * pages polled every 10 s (issue 22). A poll still completes only once its own record is written.
 */
export function pollRecorder(store: Store, maxBatch = 32): PollRecorder {
  return new Batcher<PollRecord, void>({
    maxBatch,
    keyOf: (poll) => poll.sourceId,
    write: async (polls) => {
      await store.fetchLog.appendMany(polls);
      await store.sources.recordFetches(polls.map(({ sourceId, row, outcome, schedule }) => ({ id: sourceId, outcome, at: row.at, schedule })));
      return polls.map(() => undefined);
    },
  });
}
