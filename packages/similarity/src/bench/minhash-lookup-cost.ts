import type { Redis } from 'ioredis';
import { DEFAULT_WINDOW_MS, MINHASH_CHOSEN } from '../config';
import { containment, type ShingleSet } from '../minhash';
import { MinHashIndex } from '../minhash-index';
import { MAX_PER_BUCKET, quantile, random } from './lookup-cost';

/** Distinct bigrams of a typical 600-character entry after stopwords are dropped. */
const SHINGLES_PER_ENTRY = 70;
/** Near copies keep this share of the original's shingles: the containment of an agency rewrite. */
const KEPT = 0.65;

function randomSet(next: () => number, size: number, keep: ShingleSet | null = null): ShingleSet {
  const values = new Set<number>();
  if (keep) for (const value of keep) if (values.size < size * KEPT) values.add(value);
  while (values.size < size) values.add(next());
  return Uint32Array.from(values).sort();
}

export interface MinHashLookupRow {
  size: number;
  fillSeconds: number;
  redisMegabytes: number;
  lookupMs: { mean: number; p50: number; p99: number };
  naiveMs: number;
  naiveSample: number;
  nearFound: number;
  nearTotal: number;
  falseMatchesPerLookup: number;
}

/**
 * Fills a private Redis with `size` random shingle sets spread over the window, then times lookups of
 * near copies (65% of the shingles kept) and of random sets, against the index and a naive scan that
 * computes containment with every entry of the window.
 */
export async function measureMinHashLookups(redis: Redis, size: number, queries: number, naiveSample: number): Promise<MinHashLookupRow> {
  await redis.flushall();
  const next = random();
  const sets = Array.from({ length: size }, () => randomSet(next, SHINGLES_PER_ENTRY));
  const now = Date.now();
  const index = new MinHashIndex({ redis, prefix: 'bench', maxPerBucket: MAX_PER_BUCKET });
  const fillStart = performance.now();
  const batch = 500;
  for (let start = 0; start < size; start += batch) {
    await index.insert(
      sets.slice(start, start + batch).map((set, i) => ({ id: `e${start + i}`, set, at: now - (next() % (DEFAULT_WINDOW_MS - 3_600_000)), label: '' })),
    );
  }
  const fillSeconds = (performance.now() - fillStart) / 1000;
  const memory = await redis.info('memory');
  const redisMegabytes = Number(/used_memory:(\d+)/.exec(memory)?.[1] ?? 0) / 2 ** 20;

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
  let nearTotal = 0;
  const naiveStart = performance.now();
  for (const query of sample) for (const set of sets) if (containment(query, set) >= MINHASH_CHOSEN.minContainment) nearTotal++;
  const naiveMs = (performance.now() - naiveStart) / sample.length;

  return {
    size,
    fillSeconds,
    redisMegabytes,
    lookupMs: { mean: timings.reduce((sum, t) => sum + t, 0) / timings.length, p50: quantile(timings, 0.5), p99: quantile(timings, 0.99) },
    naiveMs,
    naiveSample: sample.length,
    // Over the naive scan's sample only, so both count the same queries.
    nearFound: foundPerNear.slice(0, sample.length).reduce((sum, n) => sum + n, 0),
    nearTotal,
    falseMatchesPerLookup: falseMatches / strangers.length,
  };
}
