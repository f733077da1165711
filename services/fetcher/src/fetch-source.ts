import { jobId } from '@liveblog/contracts';
import { contentHash, ids } from '@liveblog/fingerprint';
import type { Pipeline, RedisClient } from '@liveblog/runtime';
import type { FetchOutcome, SourceDoc, Store } from '@liveblog/storage';
import { discoverLinks } from './discover-links';
import { FetchError } from './errors';
import { fetchPage, type Fetching, type PageResponse } from './fetch-page';
import type { HostLimiter } from './host-limiter';
import { jitteredMs } from '@liveblog/sources';
import { hasEnded, nextIntervalSeconds, type IntervalBounds } from './interval';
import type { RobotsPolicy } from './robots-policy';
import type { SourceScheduler } from './schedule';
import { withSourceLock } from './source-lock';

export type FetchResult = 'changed' | 'unchanged' | 'not-modified' | 'failed' | 'disallowed' | 'skipped' | 'busy';
/** The host is at its limit or asked us to wait: run this poll again later. */
export type Deferral = { deferMs: number };

export interface FetchDeps {
  store: Store;
  pipeline: Pipeline;
  fetching: Fetching;
  limiter: HostLimiter;
  robots: RobotsPolicy;
  scheduler: SourceScheduler;
  redis: RedisClient;
  prefix: string;
  polling: IntervalBounds & { quietHoursToEnd: number; lockMs: number };
  now?: () => Date;
}

/**
 * One poll of one source, by at most one replica at a time. Order matters for at-least-once delivery:
 * the snapshot is stored and the parse job enqueued before the source's status records the new content
 * hash, so a crash at any point makes the next poll redo the same work under the same ids.
 */
export async function fetchSource(sourceId: string, deps: FetchDeps): Promise<FetchResult | Deferral> {
  const source = await deps.store.sources.get(sourceId);
  if (!source || source.paused || source.status.ended) return 'skipped';
  return withSourceLock(deps.redis, deps.prefix, sourceId, deps.polling.lockMs, async () => {
    const polled = await poll(source, deps);
    if ('deferMs' in polled) return polled;
    await record(source, polled, deps);
    return polled.result;
  });
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
    for (const liveblog of found) await deps.scheduler.schedule(liveblog._id, liveblog.intervalSeconds);
    return { result: 'changed', outcome: { ...changed, snapshotId: null }, at };
  }
  const snapshotId = ids.snapshot(source._id, source.status.lastContentHash, hash);
  await deps.store.snapshots.put({ id: snapshotId, sourceId: source._id, url: source.url, contentType: response.contentType, contentHash: hash, body: response.body, fetchedAt: at });
  const parse = { snapshotId, sourceId: source._id };
  await deps.pipeline.enqueue('parse', parse, jobId.parse(parse));
  return { result: 'changed', outcome: { ...changed, snapshotId }, at };
}

/**
 * Records the poll together with the polling plan it leads to, in one write: the interval adapts to
 * what the poll saw, and a liveblog quiet for long enough has ended and is no longer scheduled.
 */
async function record(before: SourceDoc, polled: Polled, deps: FetchDeps): Promise<void> {
  const { outcome, at } = polled;
  const now = (deps.now ?? (() => new Date()))();
  const current = before.status.intervalSeconds ?? before.intervalSeconds;
  const lastChangedAt = outcome.kind === 'changed' ? at : before.status.lastChangedAt;
  const failures = outcome.kind === 'failed' ? before.status.consecutiveFailures + 1 : 0;
  const after = await deps.store.sources.get(before._id);
  // Paused or removed while this poll ran: its scheduler is gone on purpose and must stay gone.
  if (!after || after.paused) return deps.store.sources.recordFetch(before._id, outcome, at);
  if (hasEnded({ lastChangedAt, now, quietHoursToEnd: deps.polling.quietHoursToEnd })) {
    await deps.scheduler.stop(before._id);
    return deps.store.sources.recordFetch(before._id, outcome, at, { intervalSeconds: current, nextDueAt: null, ended: true });
  }
  const next = nextIntervalSeconds({ baseSeconds: before.intervalSeconds, currentSeconds: current, changed: outcome.kind === 'changed', failures }, deps.polling);
  if (next !== before.status.intervalSeconds) await deps.scheduler.schedule(before._id, next);
  await deps.store.sources.recordFetch(before._id, outcome, at, { intervalSeconds: next, nextDueAt: new Date(now.getTime() + jitteredMs(next, before._id)), ended: false });
}
