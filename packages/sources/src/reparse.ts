import { jobId, type ParseJob } from '@liveblog/contracts';
import { shortHash } from '@liveblog/fingerprint';
import type { SourceStore } from '@liveblog/storage';
import { SourceConflictError, UnknownSourceError } from './errors';

export interface ParseQueue {
  enqueue(name: 'parse', payload: ParseJob, jobId: string): Promise<void>;
}

/**
 * Parses a source's latest snapshot again, with today's extractor (`extractorVersion`) and the source's
 * rules as they are now; nothing is refetched. The job is named by snapshot, extractor and rules, so
 * asking again with the same code and rules adds nothing, while new rules or a new extractor make a new
 * job. Returns the job's id.
 */
export async function requestReparse(sources: SourceStore, queue: ParseQueue, id: string, extractorVersion: string): Promise<{ snapshotId: string; jobId: string }> {
  const source = await sources.get(id);
  if (!source) throw new UnknownSourceError(id);
  const snapshotId = source.status.lastSnapshotId;
  if (source.kind === 'index') throw new SourceConflictError('an index source has no snapshots to reparse');
  if (!snapshotId) throw new SourceConflictError(`source ${id} has no snapshot yet`);
  const job: ParseJob = { snapshotId, sourceId: id, reparse: shortHash([extractorVersion, JSON.stringify(source.extract)], 16) };
  const name = jobId.parse(job);
  await queue.enqueue('parse', job, name);
  return { snapshotId, jobId: name };
}
