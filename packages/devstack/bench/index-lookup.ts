import { mkdtempSync, rmSync } from 'node:fs';
import { randomFillSync } from 'node:crypto';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRedis, type RedisClient } from '@liveblog/runtime';
import { MinHashIndex, SIMILARITY_PARTITIONS, type ShingleSet } from '@liveblog/similarity';
import { freePort, startRedis, startRedisCluster } from '../src/index';

/**
 * Near-duplicate lookup cost with the index in one slot (partitions: 1, the layout before 2026-12-01)
 * and spread over SIMILARITY_PARTITIONS hash tags, on one Redis and on a 3-master cluster, alternated in
 * one run so that both layouts see the same machine. The sets are random, as in the similarity bench:
 * half of the lookups are near copies (65% of an entry's 70 shingles kept), half strangers.
 */

const ENTRIES = Number(process.env.BENCH_LOOKUP_ENTRIES ?? 20_000);
const LOOKUPS = 400;
const ROUNDS = 2;

function randomWords(): () => number {
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

function randomSet(next: () => number, keep: ShingleSet | null = null): ShingleSet {
  const values = new Set<number>();
  if (keep) for (const value of keep) if (values.size < 45) values.add(value);
  while (values.size < 70) values.add(next());
  return Uint32Array.from(values).sort();
}

interface Row {
  where: string;
  partitions: number;
  fillSeconds: number;
  p50: number;
  mean: number;
  p99: number;
  found: number;
}

async function measure(redis: RedisClient, where: string, partitions: number, round: number): Promise<Row> {
  const next = randomWords();
  const index = new MinHashIndex({ redis, prefix: `lookup${round}p${partitions}`, expectedEntries: ENTRIES, partitions });
  const now = Date.now();
  const sets: ShingleSet[] = [];
  const fillStart = performance.now();
  for (let start = 0; start < ENTRIES; start += 1000) {
    const batch = Array.from({ length: 1000 }, (_, i) => {
      const set = randomSet(next);
      sets.push(set);
      return { id: `en_${round}_${start + i}`, set, at: now - (next() % (70 * 3_600_000)), label: '{}' };
    });
    await index.insert(batch);
  }
  const fillSeconds = (performance.now() - fillStart) / 1000;
  const timings: number[] = [];
  let found = 0;
  for (let q = 0; q < LOOKUPS; q++) {
    const query = q % 2 === 0 ? randomSet(next, sets[next() % ENTRIES] as ShingleSet) : randomSet(next);
    const start = performance.now();
    found += (await index.candidates(query, now)).length;
    timings.push(performance.now() - start);
  }
  timings.sort((a, b) => a - b);
  const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))] as number;
  return { where, partitions, fillSeconds, p50: at(0.5), mean: timings.reduce((n, t) => n + t, 0) / timings.length, p99: at(0.99), found };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'bench-lookup-'));
  const single = await startRedis({ port: await freePort(), dir: join(dir, 'single'), appendOnly: false });
  const cluster = await startRedisCluster({ dir: join(dir, 'cluster'), appendOnly: false });
  try {
    for (const [where, url] of [['one Redis', single.url], ['3-master cluster', cluster.url]] as const) {
      const redis = createRedis(url);
      for (let round = 0; round < ROUNDS; round++) {
        for (const partitions of [1, SIMILARITY_PARTITIONS]) rows.push(await measure(redis, where, partitions, round));
      }
      redis.disconnect();
    }
  } finally {
    await cluster.stop();
    await single.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`index lookups — ${ENTRIES} entries, ${LOOKUPS} sequential lookups per row (half near copies), ${ROUNDS} rounds alternating; load avg ${loadavg()[0]?.toFixed(1)} at end`);
  console.log('| where | partitions | fill (s) | lookup p50 / mean / p99 (ms) | candidates found |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.where} | ${r.partitions} | ${r.fillSeconds.toFixed(1)} | ${r.p50.toFixed(2)} / ${r.mean.toFixed(2)} / ${r.p99.toFixed(1)} | ${r.found} |`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
