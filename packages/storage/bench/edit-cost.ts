import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, startFerretDB } from '@liveblog/devstack';
import { Store, toEntryDoc, type EntryDoc, type ExtractionDoc } from '../src';
import { entry, extraction } from '../src/testdata/extractions';

/**
 * What one edit and one deletion cost the indexer's write path (EntryStore.index, markDeleted and the
 * liveblog's upsert) in a small and a large store, and, beside them, one lookup with the old version
 * guard in the filter ({_id, seenAt}), which FerretDB answers by scanning.
 * BENCH_SMALL / BENCH_LARGE: entries in the store (default 10,000 and 100,000); BENCH_ROUNDS: edits
 * measured at each size (default 20).
 */
const SIZES = [Number(process.env.BENCH_SMALL ?? 10_000), Number(process.env.BENCH_LARGE ?? 100_000)];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
/** Entries of the liveblog that is edited; the rest of the store belongs to other liveblogs. */
const LIVEBLOG_ENTRIES = 200;
const FILL_BATCH = 1_000;

interface Cost {
  entries: number;
  editMs: number;
  deleteMs: number;
  guardedLookupMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Other liveblogs' entries, written straight into the collection: the bulk a store grows by. */
async function fill(store: Store, count: number): Promise<void> {
  const at = new Date(Date.UTC(2025, 0, 1));
  for (let start = 0; start < count; start += FILL_BATCH) {
    const docs: EntryDoc[] = [];
    for (let i = start; i < Math.min(count, start + FILL_BATCH); i++) {
      const lb = Math.floor(i / 500);
      const x: ExtractionDoc = extraction(`lb_fill_${lb}`, at, []);
      docs.push(toEntryDoc(x, entry(i), i % 500, at));
    }
    await store.database.collections.entries.insertMany(docs);
    if ((start / FILL_BATCH) % 20 === 19) process.stderr.write(`  ${Math.min(count, start + FILL_BATCH)} of ${count}\n`);
  }
}

async function measure(url: string, size: number): Promise<Cost> {
  const store = await Store.open(url, `bench_edit_${size}`);
  try {
    process.stderr.write(`store of ${size} entries: filling…\n`);
    await fill(store, size - LIVEBLOG_ENTRIES);
    const liveblogId = 'lb_edited';
    const minute = (m: number) => new Date(Date.UTC(2025, 1, 1, 0, m));
    let page = Array.from({ length: LIVEBLOG_ENTRIES }, (_, i) => entry(i));
    const first = extraction(liveblogId, minute(0), page);
    await store.liveblogs.index(first);
    await store.entries.index(first, page.map((e) => e.key));

    const edits: number[] = [];
    const deletes: number[] = [];
    const lookups: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Each round edits one entry and deletes another, as one snapshot of the page.
      const edited = round * 3;
      const gone = `k${round * 3 + 1}`;
      page = page.filter((e) => e.key !== gone).map((e, i) => (i === edited ? entry(edited, `Fassung ${round}.`) : e));
      const x = extraction(liveblogId, minute(round), page);
      const t0 = performance.now();
      await store.liveblogs.index(x);
      await store.entries.index(x, [`k${edited}`]);
      const t1 = performance.now();
      await store.entries.markDeleted(x, [gone]);
      const t2 = performance.now();
      await store.database.collections.entries.findOne({ _id: toEntryDoc(x, entry(edited), edited, x.fetchedAt)._id, seenAt: { $lte: x.fetchedAt } });
      lookups.push(performance.now() - t2);
      edits.push(t1 - t0);
      deletes.push(t2 - t1);
    }
    return { entries: await store.database.collections.entries.estimatedDocumentCount(), editMs: median(edits), deleteMs: median(deletes), guardedLookupMs: median(lookups) };
  } finally {
    await store.database.db.dropDatabase();
    await store.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lbi-bench-edit-'));
  const ferret = await startFerretDB({ port: await freePort(), dir });
  try {
    const costs: Cost[] = [];
    for (const size of SIZES) costs.push(await measure(ferret.url, size));
    const [small, large] = costs as [Cost, Cost];
    const f = (ms: number) => ms.toFixed(1);
    console.log(`\nedit cost (median of ${ROUNDS}), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
    console.log('| entries in store | edit (ms) | deletion (ms) | one {_id, seenAt} lookup, the old guard (ms) |');
    console.log('|---:|---:|---:|---:|');
    for (const c of costs) console.log(`| ${c.entries.toLocaleString('en')} | ${f(c.editMs)} | ${f(c.deleteMs)} | ${f(c.guardedLookupMs)} |`);
    console.log(`| ratio large/small | ${(large.editMs / small.editMs).toFixed(2)} | ${(large.deleteMs / small.deleteMs).toFixed(2)} | ${(large.guardedLookupMs / small.guardedLookupMs).toFixed(2)} |`);
  } finally {
    await ferret.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
