import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { withScratchFerretDB } from '@liveblog/devstack';
import type { ExtractedEntry } from '@liveblog/contracts';
import { Store, WriteMeter, type FetchLogRow } from '../src';
import { entry, extraction } from '../src/testdata/extractions';

/**
 * Whether a write grows with the store or with the minute: the document bytes written (WriteMeter: what
 * FerretDB rewrites) by the same small job early and late in a store's life.
 * - an indexer job adding one entry to a liveblog of few entries, then of many (BENCH_LENGTHS, default
 *   10,1000,10000), the liveblog grown in snapshots of GROW_BATCH new entries;
 * - an indexer job of one of many liveblogs writing into the same minute: the minute's first liveblogs,
 *   then its last (BENCH_MINUTE_LIVEBLOGS, default 200), each adding ENTRIES_PER_JOB entries;
 * - a 304 poll's fetch log row, early and late in the document it is written to (a source polled every 10 s
 *   for an hour).
 * Each figure is the mean over SAMPLES jobs.
 */
const LENGTHS = (process.env.BENCH_LENGTHS ?? '10,1000,10000').split(',').map(Number);
const MINUTE_LIVEBLOGS = Number(process.env.BENCH_MINUTE_LIVEBLOGS ?? 200);
const GROW_BATCH = 500;
const ENTRIES_PER_JOB = 3;
const SAMPLES = 5;
const POLLS = 360;

interface Sample {
  label: string;
  bytes: number;
  byCollection: Record<string, number>;
  statements: number;
  ms: number;
}

/** Runs `job` SAMPLES times (with the sample's number), metered. */
async function sample(meter: WriteMeter, label: string, job: (n: number) => Promise<unknown>): Promise<Sample> {
  let bytes = 0;
  const byCollection: Record<string, number> = {};
  let statements = 0;
  let ms = 0;
  for (let n = 0; n < SAMPLES; n++) {
    await meter.take();
    const t0 = performance.now();
    await job(n);
    ms += performance.now() - t0;
    const cost = await meter.take();
    bytes += cost.documentBytes;
    for (const [name, b] of Object.entries(cost.byCollection)) byCollection[name] = (byCollection[name] ?? 0) + b / SAMPLES;
    statements += cost.writeStatements;
  }
  return { label, bytes: bytes / SAMPLES, byCollection, statements: statements / SAMPLES, ms: ms / SAMPLES };
}

const minute = (m: number) => new Date(Date.UTC(2025, 1, 1, 0, m));

/** Index jobs that add one entry each to a liveblog grown to `length` entries, one minute apart. */
async function liveblogOf(store: Store, meter: WriteMeter, length: number): Promise<Sample> {
  const liveblogId = `lb_long_${length}`;
  let page: ExtractedEntry[] = [];
  let m = 0;
  for (let start = 0; start < length; start += GROW_BATCH) {
    const fresh = Array.from({ length: Math.min(GROW_BATCH, length - start) }, (_, i) => entry(start + i)).reverse();
    page = [...fresh, ...page];
    await store.entries.index(extraction(liveblogId, minute(m++), page), fresh.map((e) => e.key));
  }
  return sample(meter, `indexer job adding 1 entry to a liveblog of ${length.toLocaleString('en')} entries`, async (n) => {
    const added = entry(length + n);
    page = [added, ...page];
    await store.entries.index(extraction(liveblogId, minute(m++), page), [added.key]);
  });
}

/** Index jobs of MINUTE_LIVEBLOGS liveblogs in one minute: the first SAMPLES, then the last. */
async function oneMinute(store: Store, meter: WriteMeter): Promise<[Sample, Sample]> {
  const at = minute(600);
  const job = (lb: number) => {
    const entries = Array.from({ length: ENTRIES_PER_JOB }, (_, i) => entry(lb * ENTRIES_PER_JOB + i, `Meldung ${lb}-${i} aus der Stadt ${lb % 17}, mit Worten.`));
    return store.entries.index(extraction(`lb_minute_${lb}`, at, entries), entries.map((e) => e.key));
  };
  const first = await sample(meter, `indexer job of ${ENTRIES_PER_JOB} entries, a minute's first liveblogs`, (n) => job(n));
  for (let lb = SAMPLES; lb < MINUTE_LIVEBLOGS - SAMPLES; lb++) await job(lb);
  const last = await sample(meter, `the same, the minute's liveblogs ${MINUTE_LIVEBLOGS - SAMPLES + 1} to ${MINUTE_LIVEBLOGS}`, (n) => job(MINUTE_LIVEBLOGS - SAMPLES + n));
  return [first, last];
}

/** A source polled every 10 s for an hour: its first polls' rows, then its last. */
async function pollsOfAnHour(store: Store, meter: WriteMeter): Promise<[Sample, Sample]> {
  const hour = Date.UTC(2025, 1, 2, 7);
  let previous: Date | null = null;
  const poll = async (i: number) => {
    const row: FetchLogRow = { at: new Date(hour + i * 10_000), result: 'not-modified', httpStatus: 304, bytes: 0, snapshotId: null, error: null };
    await store.fetchLog.append('src_polled', row, previous);
    previous = row.at;
  };
  const first = await sample(meter, 'fetch log row of a 304 poll, the hour\'s first polls', (n) => poll(n + 1));
  for (let i = SAMPLES + 1; i < POLLS - SAMPLES; i++) await poll(i);
  const last = await sample(meter, `the same, the hour's polls ${POLLS - SAMPLES + 1} to ${POLLS}`, (n) => poll(POLLS - SAMPLES + n));
  return [first, last];
}

async function main(): Promise<void> {
  const samples = await withScratchFerretDB('bench-growth', async (url) => {
    const store = await Store.open(url, 'bench_growth', { monitorCommands: true });
    const meter = new WriteMeter(store);
    try {
      const found: Sample[] = [];
      for (const length of LENGTHS) {
        found.push(await liveblogOf(store, meter, length));
        process.stderr.write(`  ${found[found.length - 1]!.label}: ${found[found.length - 1]!.bytes.toFixed(0)} B\n`);
      }
      found.push(...(await oneMinute(store, meter)));
      found.push(...(await pollsOfAnHour(store, meter)));
      return found;
    } finally {
      meter.stop();
      await store.close();
    }
  });
  console.log(`\nwrite growth: document bytes written per job (what FerretDB rewrites), mean of ${SAMPLES} jobs; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  console.log('| job | document bytes written | largest shares (collection: bytes) | write statements | ms |');
  console.log('|---|---:|---|---:|---:|');
  for (const s of samples) {
    const shares = Object.entries(s.byCollection).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name, b]) => `${name}: ${b.toFixed(0)}`).join(', ');
    console.log(`| ${s.label} | ${s.bytes.toFixed(0)} | ${shares} | ${s.statements.toFixed(1)} | ${s.ms.toFixed(1)} |`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
