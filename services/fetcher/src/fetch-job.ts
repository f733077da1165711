import type { FetchJob } from '@liveblog/contracts';
import { DelayedError, type Job } from 'bullmq';
import { fetchSource, type FetchDeps, type FetchResult } from './fetch-source';

/**
 * The fetch queue's handler. A poll the host cannot take yet waits in the delayed set under the same job
 * id, not in a worker slot.
 */
export async function runFetchJob(payload: FetchJob, job: Job, token: string | undefined, deps: FetchDeps): Promise<FetchResult> {
  const result = await fetchSource(payload, deps);
  if (typeof result === 'object') {
    await job.moveToDelayed(Date.now() + result.deferMs, token);
    throw new DelayedError();
  }
  return result;
}
