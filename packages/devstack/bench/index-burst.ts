import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { ExtractedEntry } from '@liveblog/contracts';
import { Store, type ExtractionDoc } from '@liveblog/storage';
import { inventedReport, SeededRandom, withScratchFerretDB } from '../src';

/**
 * What a burst of new liveblogs costs the indexer's entries write (EntryStore.indexMany) by the number of
 * liveblogs written together: what the indexer's group commit does under a backlog, as when many sources
 * are added at once or the pipeline catches up after an outage. Each liveblog brings ENTRIES entries of
 * the same minute; a second burst follows into the same minute, whose shared timeline documents the
 * first has grown.
 * BENCH_BURST: liveblogs per burst (default 200); BENCH_BATCHES: liveblogs per write (default 1,4,16).
 */
const BURST = Number(process.env.BENCH_BURST ?? 200);
const BATCHES = (process.env.BENCH_BATCHES ?? '1,4,16').split(',').map(Number);
const ENTRIES = 3;

interface Cost {
  batch: number;
  seconds: [number, number];
  /** Statements that wrote (insert, update, delete), both bursts. */
  writes: number;
}

function burstOf(wave: string, at: Date, random: SeededRandom): ExtractionDoc[] {
  return Array.from({ length: BURST }, (_, n) => {
    const liveblogId = `lb_burst_${wave}_${n}`;
    const url = `https://burst.example/${wave}/${n}`;
    const entries = Array.from({ length: ENTRIES }, (_, i): ExtractedEntry => {
      const { headline, sentences } = inventedReport(random, `${wave}-${n}-${i}`);
      const text = sentences.join(' ');
      return { key: `k${i}`, headline, text, html: `<p>${text}</p>`, publishedAt: at.toISOString(), modifiedAt: null, authors: [], agencies: [], pinned: false };
    });
    return {
      _id: `sn_burst_${wave}_${n}`,
      sourceId: `src_burst_${wave}_${n}`,
      liveblogId,
      url,
      fetchedAt: at,
      extractedAt: at,
      liveblog: { title: `Burst ${wave}/${n}`, url, language: 'de', summary: null, publishedAt: null, modifiedAt: null },
      entries,
    };
  });
}

async function measure(url: string, batch: number): Promise<Cost> {
  const store = await Store.open(url, `bench_burst_${batch}`, { monitorCommands: true });
  let writes = 0;
  store.database.client.on('commandStarted', (e) => {
    if (e.commandName === 'insert' || e.commandName === 'update' || e.commandName === 'delete') writes++;
  });
  try {
    const random = new SeededRandom(batch);
    const at = new Date();
    const seconds: number[] = [];
    for (const wave of ['first', 'second']) {
      const burst = burstOf(wave, at, random);
      const t0 = performance.now();
      for (let start = 0; start < burst.length; start += batch) {
        const jobs = burst.slice(start, start + batch).map((extraction) => ({ extraction, keys: extraction.entries.map((e) => e.key) }));
        await store.entries.indexMany(jobs);
      }
      seconds.push((performance.now() - t0) / 1000);
    }
    process.stderr.write(`  ${batch} per write: ${seconds.map((s) => s.toFixed(1)).join(' s, ')} s\n`);
    return { batch, seconds: seconds as [number, number], writes };
  } finally {
    await store.database.db.dropDatabase();
    await store.close();
  }
}

async function main(): Promise<void> {
  const costs = await withScratchFerretDB('bench-burst', async (url) => {
    const measured: Cost[] = [];
    for (const batch of BATCHES) measured.push(await measure(url, batch));
    return measured;
  });
  const base = costs[0]!;
  console.log(`\n${BURST} new liveblogs of ${ENTRIES} entries each, then ${BURST} more into the same minute; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  console.log(`| liveblogs per write | first burst (s) | second burst (s) | liveblogs/s, both | write statements | time against ${base.batch} per write |`);
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const c of costs) {
    const total = c.seconds[0] + c.seconds[1];
    console.log(`| ${c.batch} | ${c.seconds[0].toFixed(1)} | ${c.seconds[1].toFixed(1)} | ${((2 * BURST) / total).toFixed(1)} | ${c.writes.toLocaleString('en')} | ${(total / (base.seconds[0] + base.seconds[1])).toFixed(2)} |`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
