import { jobId, type FetchJob } from '@liveblog/contracts';
import { contentHash, ids } from '@liveblog/fingerprint';
import type { Pipeline, SourceLock } from '@liveblog/runtime';
import type { FetchLogRow, FetchOutcome, PollResult, SourceDoc, Store } from '@liveblog/storage';
import { discoverLinks } from './discover-links';
import { FetchError } from './errors';
import { fetchPage, type Fetching, type PageResponse } from './fetch-page';
import type { HostLimiter } from './host-limiter';
import { dueAfter, hasEnded, nextCadence, pageHints, type CadenceBounds, type PageHints } from '@liveblog/sources';
import type { RobotsPolicy } from './robots-policy';
import type { PollRecorder } from './poll-recorder';
import type { SourceScheduler } from './schedule';

/** skipped: the source is paused, ended or gone; stale: the job belongs to a plan that was replaced. */
export type FetchResult = PollResult | 'skipped' | 'stale';
/** The host is at its limit or asked us to wait: run this poll again later. */
export type Deferral = { deferMs: number };

export interface FetchDeps {
  store: Store;
  pipeline: Pipeline;
  fetching: Fetching;
  limiter: HostLimiter;
  robots: RobotsPolicy;
  scheduler: SourceScheduler;
  /** Held for the whole poll: operators' changes to the source wait for it. */
  lock: SourceLock;
  /** Writes each poll's record, together with the other polls in flight. */
  recorder: PollRecorder;
  polling: CadenceBounds & { quietHoursToEnd: number };
  now?: () => Date;
}

/** How long a poll waits when another replica holds its source: the holder is finishing or has crashed. */
const BUSY_RETRY_MS = 2_000;

/**
 * The poll planned for `dueAt`, by at most one holder of the source's lock at a time. Only the job of
 * the source's recorded plan polls; a job of a replaced plan (an operator moved it, or this is a replay
 * whose poll was already recorded) only makes sure the plan's own job is queued. Order matters for
 * at-least-once delivery: the snapshot is stored and the parse job enqueued before the source's status
 * records the new content hash and the next plan, and the next poll is queued before this job completes,
 * so a crash at any point makes the replayed job redo the same work under the same ids or find it done.
 */
export async function fetchSource({ sourceId, dueAt }: FetchJob, deps: FetchDeps): Promise<FetchResult | Deferral> {
  const result = await deps.lock.tryWith(sourceId, async (): Promise<FetchResult | Deferral> => {
    const source = await deps.store.sources.get(sourceId);
    if (!source || source.paused || source.status.ended) return 'skipped';
    if (source.status.nextDueAt?.getTime() !== dueAt) {
      await deps.scheduler.ensure(source);
      return 'stale';
    }
    const polled = await poll(source, deps);
    if ('deferMs' in polled) return polled;
    await record(source, polled, deps);
    return polled.result;
  });
  return result === 'busy' ? { deferMs: BUSY_RETRY_MS } : result;
}

/** What one poll saw, before it is recorded together with the polling plan it leads to. */
interface Polled {
  result: PollResult;
  outcome: FetchOutcome;
  at: Date;
  /** What a page that was read says about polling it; null when none was read (304, failure). */
  hints: PageHints | null;
}

async function poll(source: SourceDoc, deps: FetchDeps): Promise<Polled | Deferral> {
  const now = deps.now ?? (() => new Date());
  const failed = (err: FetchError, result: PollResult): Polled => ({
    result,
    outcome: { kind: 'failed', httpStatus: err.httpStatus, error: err.message },
    at: now(),
    hints: null,
  });
  const http = !source.url.startsWith('file:');
  const host = http ? new URL(source.url).host : null;
  if (host && !(await deps.robots.allows(source.url))) return failed(new FetchError('disallowed by robots.txt'), 'disallowed');
  const slot = host ? await deps.limiter.acquire(host) : null;
  if (slot && !slot.granted) return { deferMs: slot.retryInMs };

  const at = now();
  let response: PageResponse;
  try {
    response = await fetchPage(source.url, { etag: source.status.etag, lastModified: source.status.lastModified }, deps.fetching, source.render);
  } catch (err) {
    if (!(err instanceof FetchError)) throw err;
    if (host && err.retryAfterMs !== null) await deps.limiter.backOff(host, err.retryAfterMs);
    return failed(err, 'failed');
  } finally {
    if (slot?.granted) await slot.release();
  }

  if (response.kind === 'not-modified') return { result: 'not-modified', outcome: { kind: 'unchanged', httpStatus: 304, bytes: 0 }, at, hints: null };
  const text = response.body.toString('utf8');
  const hints = pageHints(response.caching, text, at);
  const hash = contentHash(response.body);
  if (hash === source.status.lastContentHash) {
    return { result: 'unchanged', outcome: { kind: 'unchanged', httpStatus: response.httpStatus, bytes: response.body.length }, at, hints };
  }
  const changed = { kind: 'changed' as const, httpStatus: response.httpStatus, bytes: response.body.length, contentHash: hash, etag: response.validators.etag, lastModified: response.validators.lastModified };
  if (source.kind === 'index') {
    // New liveblogs become sources of their own before this change is recorded, as with snapshots.
    const found = await deps.store.sources.addDiscovered(source, discoverLinks(text, source.url, source.linkPattern), at);
    for (const liveblog of found) await deps.scheduler.ensure(liveblog);
    return { result: 'changed', outcome: { ...changed, snapshotId: null }, at, hints };
  }
  const snapshotId = ids.snapshot(source._id, source.status.lastContentHash, hash);
  await deps.store.snapshots.put({ id: snapshotId, sourceId: source._id, url: source.url, contentType: response.contentType, contentHash: hash, body: response.body, fetchedAt: at, previousId: source.status.lastSnapshotId });
  const parse = { snapshotId, sourceId: source._id };
  // A source's first page (all its entries at once) is backfill: it must not hold back others' changes.
  await deps.pipeline.enqueue('parse', parse, jobId.parse(parse), { lane: { group: source._id, backfill: source.status.lastContentHash === null } });
  return { result: 'changed', outcome: { ...changed, snapshotId }, at, hints };
}

/**
 * Records the poll, its row in the fetch log and its source's status with the plan it leads to, then
 * queues the planned poll: the interval follows the page's rhythm (`nextCadence`), and a liveblog quiet
 * for long enough, or whose page says its coverage ended, has ended and plans none. The next poll is due
 * one interval after this one started, whatever the fetch took.
 */
async function record(before: SourceDoc, polled: Polled, deps: FetchDeps): Promise<void> {
  const { outcome, at, hints } = polled;
  const now = (deps.now ?? (() => new Date()))();
  const s = before.status;
  const changed = outcome.kind === 'changed';
  const floorSeconds = hints ? hints.floorSeconds : s.floorSeconds;
  const cadence = nextCadence(
    {
      now: at,
      configuredSeconds: before.intervalSeconds,
      changed,
      failures: outcome.kind === 'failed' ? s.consecutiveFailures + 1 : 0,
      lastChangedAt: s.lastChangedAt,
      rhythmSeconds: s.rhythmSeconds,
      floorSeconds,
    },
    deps.polling,
  );
  const plan = { intervalSeconds: cadence.intervalSeconds, rhythmSeconds: cadence.rhythmSeconds, floorSeconds };
  const lastChangedAt = changed ? at : s.lastChangedAt;
  const ended = hints?.ended || hasEnded({ lastChangedAt, now, quietHoursToEnd: deps.polling.quietHoursToEnd });
  const due = ended ? null : dueAfter(at, cadence.intervalSeconds, before._id);
  await deps.recorder.submit({ sourceId: before._id, row: logRow(polled), previousAt: s.lastFetchedAt, outcome, schedule: { ...plan, nextDueAt: due, ended } });
  if (due) await deps.scheduler.enqueue(before._id, due);
}

function logRow({ result, outcome, at }: Polled): FetchLogRow {
  return {
    at,
    result,
    httpStatus: outcome.httpStatus,
    bytes: outcome.kind === 'failed' ? null : outcome.bytes,
    snapshotId: outcome.kind === 'changed' ? outcome.snapshotId : null,
    error: outcome.kind === 'failed' ? outcome.error : null,
  };
}
