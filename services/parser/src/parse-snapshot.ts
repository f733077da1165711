import { type Extraction, jobId } from '@liveblog/contracts';
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
 * Extracts one snapshot and hands it to dedup. Extraction is deterministic, so a replay writes the same
 * document and re-adds the same job id. A page that cannot be parsed fails for good (retrying the same
 * bytes cannot help) and is recorded on its source so that operators see it.
 */
export async function parseSnapshot(snapshotId: string, sourceId: string, deps: ParseDeps): Promise<{ entries: number }> {
  const snapshot = await deps.store.snapshots.get(snapshotId);
  let extraction: Extraction;
  try {
    extraction = extractSnapshot(snapshot);
  } catch (err) {
    if (!(err instanceof ExtractionError)) throw err;
    const reason = `cannot parse snapshot ${snapshotId}: ${err.message}`;
    await deps.store.sources.recordParseFailure(sourceId, reason);
    throw new UnrecoverableError(reason);
  }
  const liveblogId = ids.liveblog(snapshot.url);
  await deps.store.extractions.put({
    _id: snapshotId,
    sourceId,
    liveblogId,
    url: snapshot.url,
    fetchedAt: snapshot.fetchedAt,
    extractedAt: new Date(),
    liveblog: extraction.liveblog,
    entries: extraction.entries,
  });
  const dedup = { snapshotId, liveblogId };
  await deps.pipeline.enqueue('dedup', dedup, jobId.dedup(dedup));
  return { entries: extraction.entries.length };
}
