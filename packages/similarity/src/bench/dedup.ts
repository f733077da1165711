import os from 'node:os';
import { MINHASH_CHOSEN } from '../config';
import { DEFAULT_EXPECTED_ENTRIES } from '../minhash-index';
import { fingerprintRows } from './fingerprint-throughput';
import { MAX_PER_BUCKET, measureLookups, type LookupRow } from './lookup-cost';
import { startPrivateRedis } from './redis-server';

/**
 * Entries in the window, each optionally with the index's expectedEntries after a colon (default
 * 10^6, as deployed): 100000:100000 shows what sizing the shards for the window saves.
 * BENCH_SIZES=1000,100000 for a quicker run.
 */
const SIZES = (process.env.BENCH_SIZES ?? '1000,100000,100000:100000,1000000').split(',').map((spec) => {
  const [size, expected] = spec.split(':').map(Number);
  return { size: size as number, expectedEntries: expected ?? DEFAULT_EXPECTED_ENTRIES };
});
const QUERIES = 1000;
/** A naive scan of 10^6 sets takes about a second per lookup, so it gets fewer lookups at every size. */
const NAIVE_SAMPLE = Number(process.env.BENCH_NAIVE_SAMPLE ?? 20);

function lookupHeader(): string[] {
  const c = MINHASH_CHOSEN;
  return [
    `MinHash lookups, k=${c.shingleSize}, ${c.bands} bands × ${c.rows} rows, containment ≥ ${c.minContainment}, at most ${MAX_PER_BUCKET} members read per bucket; ` +
      `${QUERIES} sequential lookups per size (half near copies keeping 65% of an entry's 70 shingles, half random sets); ` +
      `naive = exact containment with every set of the window, in process, on the first ${NAIVE_SAMPLE} near copies. Same run, same window.`,
    '',
    '| entries in window | shards sized for | fill (s) | Redis bytes per entry | Redis MB | keys | shards as listpack | index lookup mean / p50 / p99 (ms) | naive scan mean / p99 (ms) | naive ÷ index (means) | near copies found (index / naive) | false matches per random lookup |',
    '|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|',
  ];
}

/** One row, printed as soon as its size is done: a run at 10^6 takes a while. */
function lookupRow(r: LookupRow): string {
  return (
    `| ${r.size.toLocaleString('en')} | ${r.expectedEntries.toLocaleString('en')} | ${r.fillSeconds.toFixed(1)} | ${Math.round(r.redisBytesPerEntry).toLocaleString('en')} | ` +
    `${r.redisMegabytes.toFixed(0)} | ${r.keys.toLocaleString('en')} | ${(r.listpackShare * 100).toFixed(1)}% | ` +
    `${r.lookupMs.mean.toFixed(3)} / ${r.lookupMs.p50.toFixed(3)} / ${r.lookupMs.p99.toFixed(3)} | ` +
    `${r.naiveMs.mean.toFixed(2)} / ${r.naiveMs.p99.toFixed(2)} | ${(r.naiveMs.mean / r.lookupMs.mean).toFixed(1)}× | ${r.nearFound} / ${r.nearTotal} | ${r.falseMatchesPerLookup.toFixed(3)} |`
  );
}

async function main(): Promise<void> {
  console.log(`# bench:dedup — ${new Date().toISOString()}, ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg()[0]?.toFixed(2)}\n`);
  console.log(fingerprintRows().join('\n'));
  console.log('');
  const server = await startPrivateRedis();
  try {
    console.log(lookupHeader().join('\n'));
    for (const { size, expectedEntries } of SIZES) {
      console.log(lookupRow(await measureLookups(server.redis, size, expectedEntries, QUERIES, NAIVE_SAMPLE)));
      console.error(`bench:dedup: ${size} entries done, load ${os.loadavg()[0]?.toFixed(2)}`);
    }
  } finally {
    await server.stop();
  }
  console.log(`\nload at the end ${os.loadavg()[0]?.toFixed(2)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
