import { jobId } from '@liveblog/contracts';
import { contentHash, ids } from '@liveblog/fingerprint';
import type { Pipeline } from '@liveblog/runtime';
import type { SourceDoc, Store } from '@liveblog/storage';
import type { Redis } from 'ioredis';
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
  redis: Redis;
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
    const result = await poll(source, deps);
    if (typeof result === 'string') await plan(source, result, deps);
    return result;
  });
}

async function poll(source: SourceDoc, deps: FetchDeps): Promise<FetchResult | Deferral> {
  const now = deps.now ?? (() => new Date());
  const fail = async (err: FetchError, result: FetchResult) => {
    await deps.store.sources.recordFetch(source._id, { kind: 'failed', httpStatus: err.httpStatus, error: err.message }, now());
    return result;
  };
  const http = !source.url.startsWith('file:');
  const host = http ? new URL(source.url).host : null;
  if (host && !(await deps.robots.allows(source.url))) return fail(new FetchError('disallowed by robots.txt'), 'disallowed');
  const slot = host ? await deps.limiter.acquire(host) : null;
  if (slot && !slot.granted) return { deferMs: slot.retryInMs };

  const fetchedAt = now();
  let response: PageResponse;
  try {
    response = await fetchPage(source.url, { etag: source.status.etag, lastModified: source.status.lastModified }, deps.fetching);
  } catch (err) {
    if (!(err instanceof FetchError)) throw err;
    if (host && err.retryAfterMs !== null) await deps.limiter.backOff(host, err.retryAfterMs);
    return fail(err, 'failed');
  } finally {
    if (slot?.granted) await slot.release();
  }

  if (response.kind === 'not-modified') {
    await deps.store.sources.recordFetch(source._id, { kind: 'unchanged', httpStatus: 304, bytes: 0 }, fetchedAt);
    return 'not-modified';
  }
  const hash = contentHash(response.body);
  if (hash === source.status.lastContentHash) {
    await deps.store.sources.recordFetch(source._id, { kind: 'unchanged', httpStatus: response.httpStatus, bytes: response.body.length }, fetchedAt);
    return 'unchanged';
  }
  const changed = { kind: 'changed' as const, httpStatus: response.httpStatus, bytes: response.body.length, contentHash: hash, etag: response.validators.etag, lastModified: response.validators.lastModified };
  if (source.kind === 'index') {
    // New liveblogs become sources of their own before this change is recorded, as with snapshots.
    const found = await deps.store.sources.addDiscovered(source, discoverLinks(response.body.toString('utf8'), source.url, source.linkPattern), fetchedAt);
    for (const liveblog of found) await deps.scheduler.schedule(liveblog._id, liveblog.intervalSeconds);
    await deps.store.sources.recordFetch(source._id, { ...changed, snapshotId: null }, fetchedAt);
    return 'changed';
  }
  const snapshotId = ids.snapshot(source._id, source.status.lastContentHash, hash);
  await deps.store.snapshots.put({ id: snapshotId, sourceId: source._id, url: source.url, contentType: response.contentType, contentHash: hash, body: response.body, fetchedAt });
  const parse = { snapshotId, sourceId: source._id };
  await deps.pipeline.enqueue('parse', parse, jobId.parse(parse));
  await deps.store.sources.recordFetch(source._id, { ...changed, snapshotId }, fetchedAt);
  return 'changed';
}

/** Adapts the source's interval to what this poll saw, and stops polling a liveblog that has ended. */
async function plan(before: SourceDoc, result: FetchResult, deps: FetchDeps): Promise<void> {
  if (result === 'skipped' || result === 'busy') return;
  const now = (deps.now ?? (() => new Date()))();
  const after = await deps.store.sources.get(before._id);
  // Paused or removed while this poll ran: its scheduler is gone on purpose and must stay gone.
  if (!after || after.paused) return;
  const current = before.status.intervalSeconds ?? before.intervalSeconds;
  if (hasEnded({ lastChangedAt: after.status.lastChangedAt, now, quietHoursToEnd: deps.polling.quietHoursToEnd })) {
    await deps.scheduler.stop(before._id);
    await deps.store.sources.recordSchedule(before._id, { intervalSeconds: current, nextDueAt: null, ended: true });
    return;
  }
  const next = nextIntervalSeconds(
    { baseSeconds: before.intervalSeconds, currentSeconds: current, changed: result === 'changed', failures: after.status.consecutiveFailures },
    deps.polling,
  );
  if (next !== before.status.intervalSeconds) await deps.scheduler.schedule(before._id, next);
  await deps.store.sources.recordSchedule(before._id, { intervalSeconds: next, nextDueAt: new Date(now.getTime() + jitteredMs(next, before._id)), ended: false });
}
