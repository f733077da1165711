import { jobId } from '@liveblog/contracts';
import { entryContentHash, shortHash } from '@liveblog/fingerprint';
import { redisKeys, type Pipeline } from '@liveblog/runtime';
import type { Store } from '@liveblog/storage';
import type { Redis } from 'ioredis';

export interface DedupDeps {
  store: Store;
  pipeline: Pipeline;
  redis: Redis;
  prefix: string;
}

/** Field of the fingerprint hash that holds the liveblog's own metadata, apart from entry keys. */
const LIVEBLOG_FIELD = '@liveblog';

export interface DedupResult {
  entries: number;
  forwarded: number;
}

/**
 * Forwards to the indexer only what differs from what was last forwarded: new entries, changed entries,
 * and changed liveblog metadata. The fingerprints are updated only after the index job is enqueued, so
 * a crash in between forwards the same set again under the same job id.
 */
export async function dedupExtraction(snapshotId: string, liveblogId: string, deps: DedupDeps): Promise<DedupResult> {
  const extraction = await deps.store.extractions.get(snapshotId);
  const key = redisKeys.liveblogFingerprints(deps.prefix, liveblogId);
  const hashes = extraction.entries.map((e) => entryContentHash(e));
  const liveblogHash = shortHash([JSON.stringify(extraction.liveblog)], 32);
  const known = await deps.redis.hmget(key, LIVEBLOG_FIELD, ...extraction.entries.map((e) => e.key));

  const changed = extraction.entries.flatMap((e, i) => (known[i + 1] === hashes[i] ? [] : [{ key: e.key, hash: hashes[i] as string }]));
  if (changed.length === 0 && known[0] === liveblogHash) return { entries: extraction.entries.length, forwarded: 0 };

  const index = { snapshotId, liveblogId, entryKeys: changed.map((c) => c.key) };
  await deps.pipeline.enqueue('index', index, jobId.index(index));
  await deps.redis.hset(key, { [LIVEBLOG_FIELD]: liveblogHash, ...Object.fromEntries(changed.map((c) => [c.key, c.hash])) });
  return { entries: extraction.entries.length, forwarded: changed.length };
}
