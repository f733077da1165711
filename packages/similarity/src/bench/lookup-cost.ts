import { randomFillSync } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DEFAULT_WINDOW_MS, MINHASH_CHOSEN } from '../config';
import { containment, type ShingleSet } from '../minhash';
import { MinHashIndex } from '../minhash-index';

/** Distinct bigrams of a typical 600-character entry after stopwords are dropped. */
const SHINGLES_PER_ENTRY = 70;
/** Near copies keep this share of the original's shingles: the containment of an agency rewrite. */
const KEPT = 0.65;
export const MAX_PER_BUCKET = 1000;
/** Entries per insert call while filling: the deduplicator inserts a job's entries, the bench many at once. */
const FILL_BATCH = 1000;

/** Random 32-bit words from the OS generator: shingle hashes are uniform, and so must these be. */
function random(): () => number {
  const pool = new Uint32Array(4096);
  let used = pool.length;
  return () => {
    if (used === pool.length) {
      randomFillSync(pool);
      used = 0;
    }
    return pool[used++] as number;
  };
}

function randomSet(next: () => number, size: number, keep: ShingleSet | null = null): ShingleSet {
  const values = new Set<number>();
  if (keep) for (const value of keep) if (values.size < size * KEPT) values.add(value);
  while (values.size < size) values.add(next());
  return Uint32Array.from(values).sort();
}

const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;

/** An id and a label shaped like the deduplicator's (`en_` + 16 hex, its JSON cluster label), so bytes per entry are real. */
function entryId(i: number): string {
  return `en_${(0x1000000000000 + i * 7919).toString(16).padStart(16, '0')}`;
}
function clusterLabel(id: string, at: number): string {
  return JSON.stringify({ clusterId: id, clusterFirstSeenAt: at, outlet: 'lb_0123456789abcdef' });
}

async function usedMemory(redis: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
}

/** How many of a sample of bucket shards are still listpacks: the compact encoding the layout is sized for. */
async function listpackShare(redis: Redis, sample: number): Promise<number> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', 'bench:{sim}:mh:b:*', 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0' && keys.length < sample);
  const encodings = await Promise.all(keys.slice(0, sample).map((key) => redis.object('ENCODING', key)));
  return encodings.filter((encoding) => encoding === 'listpack').length / Math.max(1, encodings.length);
}

export interface LookupRow {
  size: number;
  /** The index's expectedEntries (shard sizing). */
  expectedEntries: number;
  fillSeconds: number;
  redisBytesPerEntry: number;
  redisMegabytes: number;
  keys: number;
  listpackShare: number;
  lookupMs: { mean: number; p50: number; p99: number };
  naiveMs: { mean: number; p99: number };
  naiveSample: number;
  /** Near copies the index returned, over those the naive scan found, on the naive scan's sample. */
  nearFound: number;
  nearTotal: number;
  falseMatchesPerLookup: number;
}

/**
 * Fills a private Redis with `size` random shingle sets first seen across the window, then times
 * lookups of near copies (65% of the shingles kept) and of random sets against the index, and near
 * copies against a naive scan computing containment with every set of the window, in the same run.
 */
export async function measureLookups(
  redis: Redis,
  size: number,
  expectedEntries: number,
  queries: number,
  naiveSample: number,
): Promise<LookupRow> {
  await redis.flushall();
  const before = await usedMemory(redis);
  const next = random();
  const sets = Array.from({ length: size }, () => randomSet(next, SHINGLES_PER_ENTRY));
  const now = Date.now();
  const index = new MinHashIndex({ redis, prefix: 'bench', maxPerBucket: MAX_PER_BUCKET, expectedEntries });
  const fillStart = performance.now();
  for (let start = 0; start < size; start += FILL_BATCH) {
    await index.insert(
      sets.slice(start, start + FILL_BATCH).map((set, i) => {
        const id = entryId(start + i);
        const at = now - (next() % (DEFAULT_WINDOW_MS - 3_600_000));
        return { id, set, at, label: clusterLabel(id, at) };
      }),
    );
  }
  const fillSeconds = (performance.now() - fillStart) / 1000;
  const used = (await usedMemory(redis)) - before;

  const near = Array.from({ length: queries / 2 }, () => randomSet(next, SHINGLES_PER_ENTRY, sets[next() % size] as ShingleSet));
  const strangers = Array.from({ length: queries / 2 }, () => randomSet(next, SHINGLES_PER_ENTRY));
  const timings: number[] = [];
  const foundPerNear: number[] = [];
  let falseMatches = 0;
  for (const [i, query] of [...near, ...strangers].entries()) {
    const start = performance.now();
    const found = await index.candidates(query, now);
    timings.push(performance.now() - start);
    if (i < near.length) foundPerNear.push(found.length);
    else falseMatches += found.length;
  }
  timings.sort((a, b) => a - b);

  const sample = near.slice(0, naiveSample);
  const naiveTimings: number[] = [];
  let nearTotal = 0;
  for (const query of sample) {
    const start = performance.now();
    for (const set of sets) if (containment(query, set) >= MINHASH_CHOSEN.minContainment) nearTotal++;
    naiveTimings.push(performance.now() - start);
  }
  naiveTimings.sort((a, b) => a - b);
  const mean = (values: readonly number[]): number => values.reduce((sum, t) => sum + t, 0) / values.length;

  return {
    size,
    expectedEntries,
    fillSeconds,
    redisBytesPerEntry: used / size,
    redisMegabytes: used / 2 ** 20,
    keys: await redis.dbsize(),
    listpackShare: await listpackShare(redis, 2000),
    lookupMs: { mean: mean(timings), p50: quantile(timings, 0.5), p99: quantile(timings, 0.99) },
    naiveMs: { mean: mean(naiveTimings), p99: quantile(naiveTimings, 0.99) },
    naiveSample: sample.length,
    // Over the naive scan's sample only, so both count the same queries.
    nearFound: foundPerNear.slice(0, sample.length).reduce((sum, n) => sum + n, 0),
    nearTotal,
    falseMatchesPerLookup: falseMatches / strangers.length,
  };
}
