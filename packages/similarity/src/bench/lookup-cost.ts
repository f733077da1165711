import { randomFillSync } from 'node:crypto';
import type { Redis } from 'ioredis';
import { bandValues } from '../bands';
import { CHOSEN, DEFAULT_WINDOW_MS } from '../config';
import { SimilarityIndex } from '../lsh-index';
import { hammingDistance, type SimHash } from '../simhash';

/**
 * Random 32-bit words from the OS generator. A fast PRNG will not do here: xorshift's consecutive
 * outputs are linearly related, so (hi, lo) pairs built from them sit in a subspace of the 64-bit
 * hashes and their distances are not those of independent texts.
 */
export function random(): () => number {
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

interface Window {
  hi: Uint32Array;
  lo: Uint32Array;
}

function randomWindow(size: number, next: () => number): Window {
  const window = { hi: new Uint32Array(size), lo: new Uint32Array(size) };
  for (let i = 0; i < size; i++) {
    window.hi[i] = next();
    window.lo[i] = next();
  }
  return window;
}

/** Every entry of the window within the threshold: what the index is meant to save us from. */
function naiveScan(window: Window, query: SimHash, threshold: number): number {
  let found = 0;
  for (let i = 0; i < window.hi.length; i++) {
    if (hammingDistance({ hi: window.hi[i] as number, lo: window.lo[i] as number }, query) <= threshold) found++;
  }
  return found;
}

/** A copy of entry `i` with `bits` distinct random bits flipped. */
function nearCopy(window: Window, i: number, bits: number, next: () => number): SimHash {
  let hi = window.hi[i] as number;
  let lo = window.lo[i] as number;
  const flipped = new Set<number>();
  while (flipped.size < bits) flipped.add(next() % 64);
  for (const bit of flipped) {
    if (bit < 32) lo = (lo ^ (1 << bit)) >>> 0;
    else hi = (hi ^ (1 << (bit - 32))) >>> 0;
  }
  return { hi, lo };
}

export const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;

export const MAX_PER_BUCKET = 1000;

export interface LookupRow {
  bands: number;
  size: number;
  fillSeconds: number;
  redisMegabytes: number;
  lookupMs: { mean: number; p50: number; p99: number };
  membersRead: number;
  naiveMs: number;
  naiveSample: number;
  /** Near copies (0..threshold bits flipped) the index returned, over those the naive scan found. */
  nearFound: number;
  nearTotal: number;
  /** Candidates within the threshold returned for random queries: false matches. */
  falseMatchesPerLookup: number;
}

/**
 * Fills a private Redis with `size` random SimHashes spread over the window, then times lookups of
 * near copies and of random hashes against the index and against a naive scan of the same window.
 */
export async function measureLookups(
  redis: Redis,
  bands: number,
  size: number,
  queries: number,
  naiveSample: number,
): Promise<LookupRow> {
  await redis.flushall();
  const next = random();
  const window = randomWindow(size, next);
  const now = Date.now();
  const index = new SimilarityIndex({ redis, prefix: 'bench', bands, threshold: CHOSEN.threshold, maxPerBucket: MAX_PER_BUCKET });
  const fillStart = performance.now();
  const batch = 5000;
  for (let start = 0; start < size; start += batch) {
    const entries = [];
    for (let i = start; i < Math.min(size, start + batch); i++) {
      const at = now - (next() % (DEFAULT_WINDOW_MS - 3_600_000));
      entries.push({ id: `e${i}`, simhash: { hi: window.hi[i] as number, lo: window.lo[i] as number }, at });
    }
    await index.insertMany(entries);
  }
  const fillSeconds = (performance.now() - fillStart) / 1000;
  const memory = await redis.info('memory');
  const redisMegabytes = Number(/used_memory:(\d+)/.exec(memory)?.[1] ?? 0) / 2 ** 20;

  const near = Array.from({ length: queries / 2 }, () => nearCopy(window, next() % size, next() % (CHOSEN.threshold + 1), next));
  const strangers = Array.from({ length: queries / 2 }, () => ({ hi: next(), lo: next() }));
  const timings: number[] = [];
  let nearFound = 0;
  let nearTotal = 0;
  let falseMatches = 0;
  for (const [i, query] of [...near, ...strangers].entries()) {
    const start = performance.now();
    const found = await index.candidates(query, now);
    timings.push(performance.now() - start);
    if (i < near.length) {
      nearFound += found.length;
      nearTotal += naiveScan(window, query, CHOSEN.threshold);
    } else {
      falseMatches += found.length;
    }
  }
  timings.sort((a, b) => a - b);

  let membersRead = 0;
  for (const query of strangers.slice(0, 50)) {
    const cards = await Promise.all(bandValues(query, bands).map((value, band) => redis.zcard(index.bucketKey(band, value))));
    membersRead += cards.reduce((sum, card) => sum + Math.min(card, MAX_PER_BUCKET), 0) / 50;
  }

  const sample = [...near, ...strangers].slice(0, naiveSample);
  const naiveStart = performance.now();
  for (const query of sample) naiveScan(window, query, CHOSEN.threshold);
  const naiveMs = (performance.now() - naiveStart) / sample.length;

  return {
    bands,
    size,
    fillSeconds,
    redisMegabytes,
    lookupMs: { mean: timings.reduce((sum, t) => sum + t, 0) / timings.length, p50: quantile(timings, 0.5), p99: quantile(timings, 0.99) },
    membersRead,
    naiveMs,
    naiveSample: sample.length,
    nearFound,
    nearTotal,
    falseMatchesPerLookup: falseMatches / strangers.length,
  };
}
