import os from 'node:os';
import { CHOSEN, MINHASH_CHOSEN } from '../config';
import { fingerprintRows } from './fingerprint-throughput';
import { MAX_PER_BUCKET, measureLookups, type LookupRow } from './lookup-cost';
import { measureMinHashLookups, type MinHashLookupRow } from './minhash-lookup-cost';
import { startPrivateRedis } from './redis-server';

/** BENCH_SIZES=1000,100000 for a quicker run. */
const SIZES = (process.env.BENCH_SIZES ?? '1000,100000,1000000').split(',').map(Number);
/** The chosen band count first, then the cheaper one recommended for windows of 10^6 (see the docs). */
const BANDS = (process.env.BENCH_BANDS ?? `${CHOSEN.bands},4`).split(',').map(Number);
const QUERIES = 1000;
const NAIVE_SAMPLE = 100;
/**
 * The MinHash index (the one the deduplicator uses) writes one bucket key per band and entry: 64 keys
 * an entry. MINHASH_SIZES=1000,100000 by default, because 10^6 needs more memory than our machines have.
 */
const MINHASH_SIZES = (process.env.MINHASH_SIZES ?? '1000,100000').split(',').map(Number);
/** A naive containment scan of 10^5 sets takes a while per lookup. */
const MINHASH_NAIVE_SAMPLE = 20;

function lookupTable(rows: readonly LookupRow[]): string[] {
  return [
    `Lookups, threshold ${CHOSEN.threshold}, at most ${MAX_PER_BUCKET} members read per bucket; ${QUERIES} sequential lookups per size ` +
      `(half near copies with 0–${CHOSEN.threshold} bits flipped, half random); naive = in-process scan of the same window (${NAIVE_SAMPLE} lookups).`,
    '',
    '| bands | entries in window | fill (s) | Redis MB | index lookup mean / p50 / p99 (ms) | members read per lookup | naive scan per lookup (ms) | naive / index | near copies found (index / naive) | false matches per random lookup |',
    '|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.bands} | ${r.size.toLocaleString('en')} | ${r.fillSeconds.toFixed(1)} | ${r.redisMegabytes.toFixed(0)} | ` +
        `${r.lookupMs.mean.toFixed(3)} / ${r.lookupMs.p50.toFixed(3)} / ${r.lookupMs.p99.toFixed(3)} | ${Math.round(r.membersRead)} | ` +
        `${r.naiveMs.toFixed(3)} | ${(r.naiveMs / r.lookupMs.mean).toFixed(1)}× | ${r.nearFound} / ${r.nearTotal} | ${r.falseMatchesPerLookup.toFixed(3)} |`,
    ),
  ];
}

function minhashTable(rows: readonly MinHashLookupRow[]): string[] {
  const c = MINHASH_CHOSEN;
  return [
    `MinHash lookups, k=${c.shingleSize}, ${c.bands} bands × ${c.rows} rows, containment ≥ ${c.minContainment}, at most ${MAX_PER_BUCKET} members read per bucket; ` +
      `${QUERIES} sequential lookups per size (half near copies keeping 65% of the shingles, half random); naive = containment with every set of the window (${MINHASH_NAIVE_SAMPLE} lookups).`,
    '',
    '| entries in window | fill (s) | Redis MB | index lookup mean / p50 / p99 (ms) | naive scan per lookup (ms) | naive / index | near copies found (index / naive) | false matches per random lookup |',
    '|---:|---:|---:|---|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.size.toLocaleString('en')} | ${r.fillSeconds.toFixed(1)} | ${r.redisMegabytes.toFixed(0)} | ` +
        `${r.lookupMs.mean.toFixed(3)} / ${r.lookupMs.p50.toFixed(3)} / ${r.lookupMs.p99.toFixed(3)} | ` +
        `${r.naiveMs.toFixed(3)} | ${(r.naiveMs / r.lookupMs.mean).toFixed(1)}× | ${r.nearFound} / ${r.nearTotal} | ${r.falseMatchesPerLookup.toFixed(3)} |`,
    ),
  ];
}

async function main(): Promise<void> {
  console.log(`# bench:dedup — ${new Date().toISOString()}, ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg()[0]?.toFixed(2)}\n`);
  console.log(fingerprintRows(CHOSEN.shingleSize).join('\n'));
  console.log('');
  const server = await startPrivateRedis();
  try {
    const rows: LookupRow[] = [];
    for (const bands of BANDS) {
      for (const size of SIZES) rows.push(await measureLookups(server.redis, bands, size, QUERIES, NAIVE_SAMPLE));
    }
    console.log(lookupTable(rows).join('\n'));
    console.log('');
    const minhashRows: MinHashLookupRow[] = [];
    for (const size of MINHASH_SIZES) minhashRows.push(await measureMinHashLookups(server.redis, size, QUERIES, MINHASH_NAIVE_SAMPLE));
    console.log(minhashTable(minhashRows).join('\n'));
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
