import { type Extraction, extractionId, jobId, type ParseJob } from '@liveblog/contracts';
import { ExtractionError } from '@liveblog/extract';
import { ids } from '@liveblog/fingerprint';
import type { Pipeline } from '@liveblog/runtime';
import type { Store } from '@liveblog/storage';
import { UnrecoverableError } from 'bullmq';
import { extractSnapshot } from './extract-snapshot';

export interface ParseDeps {
  store: Store;
  pipeline: Pipeline;
}

/**
 * Extracts one snapshot, with its source's rules as they are now, and hands it to dedup. Extraction is
 * deterministic, so a replay writes the same document and re-adds the same job id. A reparse stores its
 * extraction under an id of its own, so that dedup and index take it as the newest reading of the page:
 * changed entries become revisions, missing ones deletions. A page that cannot be parsed fails for good
 * (retrying the same bytes cannot help) and is recorded on its source so that operators see it.
 * A snapshot parsed as backfill (its source's first page) is deduplicated as backfill too.
 */
export async function parseSnapshot(job: ParseJob, deps: ParseDeps, backfill = false): Promise<{ entries: number }> {
  const { snapshotId, sourceId } = job;
  const [snapshot, source] = await Promise.all([deps.store.snapshots.get(snapshotId), deps.store.sources.get(sourceId)]);
  let parsed: { extraction: Extraction; hint: string | null };
  try {
    parsed = extractSnapshot(snapshot, source?.extract ?? null);
  } catch (err) {
    if (!(err instanceof ExtractionError)) throw err;
    const reason = `cannot parse snapshot ${snapshotId}: ${err.message}`;
    await deps.store.sources.recordParseFailure(sourceId, reason);
    throw new UnrecoverableError(reason);
  }
  const { extraction, hint } = parsed;
  const id = extractionId(job);
  const liveblogId = ids.liveblog(snapshot.url);
  await deps.store.extractions.put({
    _id: id,
    sourceId,
    liveblogId,
    url: snapshot.url,
    fetchedAt: snapshot.fetchedAt,
    extractedAt: new Date(),
    liveblog: extraction.liveblog,
    entries: extraction.entries,
    ...(job.reparse ? { reread: true } : {}),
  });
  const dedup = { snapshotId: id, liveblogId };
  await deps.pipeline.enqueue('dedup', dedup, jobId.dedup(dedup), { lane: { group: liveblogId, backfill } });
  if (source) await deps.store.sources.recordParse(sourceId, { entries: extraction.entries.length, hint });
  return { entries: extraction.entries.length };
}
