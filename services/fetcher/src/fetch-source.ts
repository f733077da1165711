import { jobId, type FetchJob } from '@liveblog/contracts';
import { contentHash, ids } from '@liveblog/fingerprint';
import type { Pipeline } from '@liveblog/runtime';
import type { FetchOutcome, SourceDoc, Store } from '@liveblog/storage';
import type { Redis } from 'ioredis';
import { discoverLinks } from './discover-links';
import { FetchError } from './errors';
import { fetchPage, type Fetching, type PageResponse } from './fetch-page';
import type { HostLimiter } from './host-limiter';
import { dueAfter } from '@liveblog/sources';
import { hasEnded, nextIntervalSeconds, type IntervalBounds } from './interval';
import type { RobotsPolicy } from './robots-policy';
import type { SourceScheduler } from './schedule';
import { withSourceLock } from './source-lock';

/** skipped: the source is paused, ended or gone; stale: the job belongs to a plan that was replaced. */
export type FetchResult = 'changed' | 'unchanged' | 'not-modified' | 'failed' | 'disallowed' | 'skipped' | 'stale';
/** The host is at its limit or asked us to wait: run this poll again later. */
export type Deferral = { deferMs: number };

export interface FetchDeps {
  store: Store;
  pipeline: Pipeline;
  fetching: Fetching;
  limiter: HostLimiter;
  robots: RobotsPolicy;
  scheduler: SourceScheduler;
  redis: Redis;
  prefix: string;
  polling: IntervalBounds & { quietHoursToEnd: number; lockMs: number };
  now?: () => Date;
}

/** How long a poll waits when another replica holds its source: the holder is finishing or has crashed. */
const BUSY_RETRY_MS = 2_000;

/**
 * The poll planned for `dueAt`, by at most one replica at a time. Only the job of the source's recorded
 * plan polls; a job of a replaced plan (an operator moved it, or this is a replay whose poll was already
 * recorded) only makes sure the plan's own job is queued. Order matters for at-least-once delivery: the
 * snapshot is stored and the parse job enqueued before the source's status records the new content hash
 * and the next plan, and the next poll is queued before this job completes, so a crash at any point
 * makes the replayed job redo the same work under the same ids or find it done.
 */
export async function fetchSource({ sourceId, dueAt }: FetchJob, deps: FetchDeps): Promise<FetchResult | Deferral> {
  const source = await deps.store.sources.get(sourceId);
  if (!source || source.paused || source.status.ended) return 'skipped';
  if (source.status.nextDueAt?.getTime() !== dueAt) {
    await deps.scheduler.ensure(source);
    return 'stale';
  }
  const result = await withSourceLock(deps.redis, deps.prefix, sourceId, deps.polling.lockMs, async () => {
    const polled = await poll(source, deps);
    if ('deferMs' in polled) return polled;
    await record(source, polled, deps);
    return polled.result;
  });
  return result === 'busy' ? { deferMs: BUSY_RETRY_MS } : result;
}

/** What one poll saw, before it is recorded together with the polling plan it leads to. */
interface Polled {
  result: FetchResult;
  outcome: FetchOutcome;
  at: Date;
}

async function poll(source: SourceDoc, deps: FetchDeps): Promise<Polled | Deferral> {
  const now = deps.now ?? (() => new Date());
  const failed = (err: FetchError, result: FetchResult): Polled => ({
    result,
    outcome: { kind: 'failed', httpStatus: err.httpStatus, error: err.message },
    at: now(),
  });
  const http = !source.url.startsWith('file:');
  const host = http ? new URL(source.url).host : null;
  if (host && !(await deps.robots.allows(source.url))) return failed(new FetchError('disallowed by robots.txt'), 'disallowed');
  const slot = host ? await deps.limiter.acquire(host) : null;
  if (slot && !slot.granted) return { deferMs: slot.retryInMs };

  const at = now();
  let response: PageResponse;
  try {
    response = await fetchPage(source.url, { etag: source.status.etag, lastModified: source.status.lastModified }, deps.fetching);
  } catch (err) {
    if (!(err instanceof FetchError)) throw err;
    if (host && err.retryAfterMs !== null) await deps.limiter.backOff(host, err.retryAfterMs);
    return failed(err, 'failed');
  } finally {
    if (slot?.granted) await slot.release();
  }

  if (response.kind === 'not-modified') return { result: 'not-modified', outcome: { kind: 'unchanged', httpStatus: 304, bytes: 0 }, at };
  const hash = contentHash(response.body);
  if (hash === source.status.lastContentHash) {
    return { result: 'unchanged', outcome: { kind: 'unchanged', httpStatus: response.httpStatus, bytes: response.body.length }, at };
  }
  const changed = { kind: 'changed' as const, httpStatus: response.httpStatus, bytes: response.body.length, contentHash: hash, etag: response.validators.etag, lastModified: response.validators.lastModified };
  if (source.kind === 'index') {
    // New liveblogs become sources of their own before this change is recorded, as with snapshots.
    const found = await deps.store.sources.addDiscovered(source, discoverLinks(response.body.toString('utf8'), source.url, source.linkPattern), at);
    for (const liveblog of found) await deps.scheduler.ensure(liveblog);
    return { result: 'changed', outcome: { ...changed, snapshotId: null }, at };
  }
  const snapshotId = ids.snapshot(source._id, source.status.lastContentHash, hash);
  await deps.store.snapshots.put({ id: snapshotId, sourceId: source._id, url: source.url, contentType: response.contentType, contentHash: hash, body: response.body, fetchedAt: at });
  const parse = { snapshotId, sourceId: source._id };
  await deps.pipeline.enqueue('parse', parse, jobId.parse(parse));
  return { result: 'changed', outcome: { ...changed, snapshotId }, at };
}

/**
 * Records the poll together with the plan it leads to, in one write, then queues the planned poll: the
 * interval adapts to what the poll saw, and a liveblog quiet for long enough has ended and plans none.
 * The next poll is due one interval after this one started, whatever the fetch took.
 */
async function record(before: SourceDoc, polled: Polled, deps: FetchDeps): Promise<void> {
  const { outcome, at } = polled;
  const now = (deps.now ?? (() => new Date()))();
  // Read again: an operator may have changed the interval, paused or removed the source meanwhile.
  const after = await deps.store.sources.get(before._id);
  if (!after) return;
  const current = after.status.intervalSeconds ?? after.intervalSeconds;
  const lastChangedAt = outcome.kind === 'changed' ? at : before.status.lastChangedAt;
  if (hasEnded({ lastChangedAt, now, quietHoursToEnd: deps.polling.quietHoursToEnd })) {
    return deps.store.sources.recordFetch(before._id, outcome, at, { intervalSeconds: current, nextDueAt: null, ended: true });
  }
  const failures = outcome.kind === 'failed' ? before.status.consecutiveFailures + 1 : 0;
  const next = nextIntervalSeconds({ baseSeconds: after.intervalSeconds, currentSeconds: current, changed: outcome.kind === 'changed', failures }, deps.polling);
  const due = dueAfter(at, next, before._id);
  await deps.store.sources.recordFetch(before._id, outcome, at, { intervalSeconds: next, nextDueAt: due, ended: false });
  // A paused source keeps its plan, queued again by `ensure` when it is resumed.
  if (!after.paused) await deps.scheduler.enqueue(before._id, due);
}
