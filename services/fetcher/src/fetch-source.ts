import { jobId } from '@liveblog/contracts';
import { contentHash, ids } from '@liveblog/fingerprint';
import type { Pipeline } from '@liveblog/runtime';
import type { Store } from '@liveblog/storage';
import { FetchError } from './errors';
import { fetchPage, type Fetching } from './fetch-page';

export type FetchResult = 'changed' | 'unchanged' | 'not-modified' | 'skipped' | 'failed';

export interface FetchDeps {
  store: Store;
  pipeline: Pipeline;
  fetching: Fetching;
  now?: () => Date;
}

/**
 * One poll of one source. Order matters for at-least-once delivery: the snapshot is stored and the
 * parse job enqueued before the source's status records the new content hash, so a crash at any point
 * makes the next poll redo the same work under the same ids.
 */
export async function fetchSource(sourceId: string, deps: FetchDeps): Promise<FetchResult> {
  const now = deps.now ?? (() => new Date());
  const source = await deps.store.sources.get(sourceId);
  if (!source || source.paused) return 'skipped';

  const fetchedAt = now();
  let response;
  try {
    response = await fetchPage(source.url, { etag: source.status.etag, lastModified: source.status.lastModified }, deps.fetching);
  } catch (err) {
    if (!(err instanceof FetchError)) throw err;
    await deps.store.sources.recordFetch(sourceId, { kind: 'failed', httpStatus: err.httpStatus, error: err.message }, fetchedAt);
    return 'failed';
  }

  if (response.kind === 'not-modified') {
    await deps.store.sources.recordFetch(sourceId, { kind: 'unchanged', httpStatus: 304, bytes: 0 }, fetchedAt);
    return 'not-modified';
  }

  const hash = contentHash(response.body);
  if (hash === source.status.lastContentHash) {
    await deps.store.sources.recordFetch(sourceId, { kind: 'unchanged', httpStatus: response.httpStatus, bytes: response.body.length }, fetchedAt);
    return 'unchanged';
  }

  const snapshotId = ids.snapshot(sourceId, source.status.lastContentHash, hash);
  await deps.store.snapshots.put({
    id: snapshotId,
    sourceId,
    url: source.url,
    contentType: response.contentType,
    contentHash: hash,
    body: response.body,
    fetchedAt,
  });
  const parse = { snapshotId, sourceId };
  await deps.pipeline.enqueue('parse', parse, jobId.parse(parse));
  await deps.store.sources.recordFetch(
    sourceId,
    {
      kind: 'changed',
      httpStatus: response.httpStatus,
      bytes: response.body.length,
      contentHash: hash,
      snapshotId,
      etag: response.validators.etag,
      lastModified: response.validators.lastModified,
    },
    fetchedAt,
  );
  return 'changed';
}
