import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { withScratchFerretDB } from '@liveblog/devstack';
import type { ExtractedEntry } from '@liveblog/contracts';
import { Store, toEntryDoc, type EntryDoc, type ExtractionDoc } from '../src';
import { entry, extraction } from '../src/testdata/extractions';

/**
 * What one new entry, one edit and one deletion cost the indexer's write path (EntryStore.index,
 * markDeleted and the liveblog's upsert) in a small and a large store, and, beside them, one lookup with
 * the old version guard in the filter ({_id, seenAt}), which FerretDB answers by scanning; then the same
 * in the small store for liveblogs that have run long (a liveblog keeps one versions document).
 * BENCH_SMALL / BENCH_LARGE: entries in the store (default 10,000 and 100,000); BENCH_LENGTHS: entries
 * of the long-running liveblogs (default 2,000 and 20,000); BENCH_ROUNDS: rounds measured (default 20).
 */
const SIZES = [Number(process.env.BENCH_SMALL ?? 10_000), Number(process.env.BENCH_LARGE ?? 100_000)];
const LENGTHS = (process.env.BENCH_LENGTHS ?? '2000,20000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
/** Entries of the liveblog measured in the two store sizes; the rest of the store belongs to other liveblogs. */
const LIVEBLOG_ENTRIES = 200;
const FILL_BATCH = 1_000;
/** A long liveblog is indexed as snapshots of this many new entries each, as an indexer would catch up. */
const GROW_BATCH = 500;

interface Cost {
  entries: number;
  liveblogEntries: number;
  createMs: number;
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

/** `oldGuard`: also time one lookup with the old guard's filter, which scans (seconds at 100,000 entries). */
async function measure(url: string, size: number, liveblogEntries: number, oldGuard: boolean): Promise<Cost> {
  const store = await Store.open(url, `bench_edit_${size}_${liveblogEntries}`);
  try {
    process.stderr.write(`store of ${size} entries, liveblog of ${liveblogEntries}: filling…\n`);
    await fill(store, size - liveblogEntries);
    const liveblogId = 'lb_edited';
    const minute = (m: number) => new Date(Date.UTC(2025, 1, 1, 0, m));
    // Newest first, as pages list them; grown a batch at a time, each batch one snapshot.
    let page: ExtractedEntry[] = [];
    for (let start = 0; start < liveblogEntries; start += GROW_BATCH) {
      const fresh = Array.from({ length: Math.min(GROW_BATCH, liveblogEntries - start) }, (_, i) => entry(start + i)).reverse();
      page = [...fresh, ...page];
      const x = extraction(liveblogId, minute(start), page);
      await store.liveblogs.index(x);
      await store.entries.index(x, fresh.map((e) => e.key));
    }
    if (liveblogEntries > GROW_BATCH) process.stderr.write(`  liveblog of ${liveblogEntries} entries indexed\n`);

    const creates: number[] = [];
    const edits: number[] = [];
    const deletes: number[] = [];
    const lookups: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Each round is two snapshots of the page: one adds an entry; the next edits one and deletes another.
      const added = entry(liveblogEntries + round);
      page = [added, ...page];
      const withNew = extraction(liveblogId, minute(liveblogEntries + 2 * round), page);
      const edited = round * 3;
      const gone = `k${round * 3 + 1}`;
      page = page.filter((e) => e.key !== gone).map((e) => (e.key === `k${edited}` ? entry(edited, `Fassung ${round}.`) : e));
      const x = extraction(liveblogId, minute(liveblogEntries + 2 * round + 1), page);
      const t0 = performance.now();
      await store.liveblogs.index(withNew);
      await store.entries.index(withNew, [added.key]);
      const t1 = performance.now();
      await store.liveblogs.index(x);
      await store.entries.index(x, [`k${edited}`]);
      const t2 = performance.now();
      await store.entries.markDeleted(x, [gone]);
      const t3 = performance.now();
      if (oldGuard) {
        await store.database.collections.entries.findOne({ _id: toEntryDoc(x, entry(edited), edited, x.fetchedAt)._id, seenAt: { $lte: x.fetchedAt } });
        lookups.push(performance.now() - t3);
      }
      creates.push(t1 - t0);
      edits.push(t2 - t1);
      deletes.push(t3 - t2);
    }
    const cost = {
      entries: await store.database.collections.entries.estimatedDocumentCount(),
      liveblogEntries,
      createMs: median(creates),
      editMs: median(edits),
      deleteMs: median(deletes),
      guardedLookupMs: oldGuard ? median(lookups) : NaN,
    };
    // As soon as known: a long liveblog's rounds can take minutes.
    process.stderr.write(`  medians: new entry ${cost.createMs.toFixed(1)} ms, edit ${cost.editMs.toFixed(1)} ms, deletion ${cost.deleteMs.toFixed(1)} ms\n`);
    return cost;
  } finally {
    await store.database.db.dropDatabase();
    await store.close();
  }
}

async function main(): Promise<void> {
  const { bySize, byLength } = await withScratchFerretDB('bench-edit', async (url) => {
    const bySize: Cost[] = [];
    for (const size of SIZES) bySize.push(await measure(url, size, LIVEBLOG_ENTRIES, true));
    const byLength: Cost[] = [bySize[0]!];
    for (const length of LENGTHS) byLength.push(await measure(url, SIZES[0]!, length, false));
    return { bySize, byLength };
  });
  const f = (ms: number) => ms.toFixed(1);
  const ratio = (a: Cost, b: Cost) => [a.createMs / b.createMs, a.editMs / b.editMs, a.deleteMs / b.deleteMs].map((r) => r.toFixed(2));
  console.log(`\nwrite cost (median of ${ROUNDS}), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  console.log('| entries in store | new entry (ms) | edit (ms) | deletion (ms) | one {_id, seenAt} lookup, the old guard (ms) |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const c of bySize) console.log(`| ${c.entries.toLocaleString('en')} | ${f(c.createMs)} | ${f(c.editMs)} | ${f(c.deleteMs)} | ${f(c.guardedLookupMs)} |`);
  const [small, large] = bySize as [Cost, Cost];
  console.log(`| ratio large/small | ${ratio(large, small).join(' | ')} | ${(large.guardedLookupMs / small.guardedLookupMs).toFixed(2)} |`);
  console.log(`\nby the length of the liveblog written to (other liveblogs fill the store up to ${SIZES[0]!.toLocaleString('en')} entries, if it is shorter)\n`);
  console.log('| entries of the liveblog | entries in store | new entry (ms) | edit (ms) | deletion (ms) | new entry, edit, deletion against the shortest |');
  console.log('|---:|---:|---:|---:|---:|---|');
  for (const c of byLength) {
    console.log(`| ${c.liveblogEntries.toLocaleString('en')} | ${c.entries.toLocaleString('en')} | ${f(c.createMs)} | ${f(c.editMs)} | ${f(c.deleteMs)} | ${ratio(c, small).join(' / ')} |`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
