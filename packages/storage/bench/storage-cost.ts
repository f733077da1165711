import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { Binary, BSON, type CommandStartedEvent } from 'mongodb';
import { repoRoot, withScratchFerretDB } from '@liveblog/devstack';
import { contentHash } from '@liveblog/fingerprint';
import { Store, type ExtractionDoc } from '../src';
import { EvolvingPage } from './evolving-page';

/**
 * Bytes written and time per job for a new snapshot (fetcher) and a new extraction (parser), as a
 * liveblog changes once a minute, at real page weight, on FerretDB: the layout before (the whole page
 * gzipped, every entry again) written beside the current one in the same run, as the raw baseline.
 * Bytes are the BSON of the write commands sent (retention's directory writes included in both).
 * BENCH_CHANGES: changes per page (default 40, past the first, which stores everything in both layouts).
 */
const CHANGES = Number(process.env.BENCH_CHANGES ?? 40);
const WRITES = new Set(['insert', 'update', 'delete']);

interface Row {
  name: string;
  rawKb: number;
  newTextBytes: number;
  snapshot: [number, number];
  extraction: [number, number];
  snapshotMs: [number, number];
  extractionMs: [number, number];
  readMs: [number, number];
}

/** The replacement of a document names no _id: the filter gives it. */
const withoutId = ({ _id, ...rest }: ExtractionDoc) => rest;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

async function measure(url: string, page: EvolvingPage, db: string): Promise<Row> {
  const store = await Store.open(url, db, { monitorCommands: true });
  const reader = await Store.open(url, db);
  let written = 0;
  store.database.client.on('commandStarted', (e: CommandStartedEvent) => {
    if (WRITES.has(e.commandName)) written += BSON.calculateObjectSize(e.command);
  });
  const bytesOf = async (write: () => Promise<unknown>): Promise<[number, number]> => {
    const before = written;
    const t0 = performance.now();
    await write();
    return [written - before, performance.now() - t0];
  };
  const c = store.database.collections;
  const cols = { oldSnapshot: [] as number[], newSnapshot: [] as number[], oldExtraction: [] as number[], newExtraction: [] as number[] };
  const ms = { oldSnapshot: [] as number[], newSnapshot: [] as number[], oldExtraction: [] as number[], newExtraction: [] as number[], oldRead: [] as number[], newRead: [] as number[] };
  let previousId: string | null = null;
  let raw = 0;
  let newText = 0;
  for (let n = 0; n <= CHANGES; n++) {
    const { html, newTextBytes } = n === 0 ? { html: page.render(), newTextBytes: 0 } : page.change();
    const fetchedAt = new Date(Date.UTC(2026, 11, 7, 10, n));
    const id = `sn_${n}`;
    const snapshot = { id, sourceId: 'src_bench', url: 'https://bench.example/live', contentType: 'text/html', contentHash: contentHash(html), body: html, fetchedAt };
    const extraction: ExtractionDoc = {
      _id: id,
      sourceId: 'src_bench',
      liveblogId: 'lb_bench',
      url: snapshot.url,
      fetchedAt,
      extractedAt: fetchedAt,
      liveblog: { title: 'Liveblog', url: snapshot.url, language: 'de', summary: null, publishedAt: null, modifiedAt: null },
      entries: page.extracted(),
    };
    // Before: the whole page gzipped and every entry again, as stored up to 2026-12-06.
    const [oldSnapshotBytes, oldSnapshotMs] = await bytesOf(async () => {
      await store.retention.record(`old_${id}`, 'src_bench', fetchedAt);
      const { body, id: _, ...fields } = snapshot;
      await c.snapshots.updateOne({ _id: `old_${id}` }, { $setOnInsert: { ...fields, bytes: body.length, bodyGzip: new Binary(gzipSync(body)) } }, { upsert: true });
    });
    const [oldExtractionBytes, oldExtractionMs] = await bytesOf(() => c.extractions.replaceOne({ _id: `old_${id}` }, withoutId(extraction), { upsert: true }));
    const [newSnapshotBytes, newSnapshotMs] = await bytesOf(() => store.snapshots.put({ ...snapshot, previousId }));
    const [newExtractionBytes, newExtractionMs] = await bytesOf(() => store.extractions.put(extraction));
    previousId = id;
    const t0 = performance.now();
    await Promise.all([reader.snapshots.get(`old_${id}`), reader.extractions.get(`old_${id}`)]);
    const t1 = performance.now();
    await Promise.all([reader.snapshots.get(id), reader.extractions.get(id)]);
    const t2 = performance.now();
    if (n === 0) continue;
    raw += html.length;
    newText += newTextBytes;
    cols.oldSnapshot.push(oldSnapshotBytes);
    cols.newSnapshot.push(newSnapshotBytes);
    cols.oldExtraction.push(oldExtractionBytes);
    cols.newExtraction.push(newExtractionBytes);
    ms.oldSnapshot.push(oldSnapshotMs);
    ms.newSnapshot.push(newSnapshotMs);
    ms.oldExtraction.push(oldExtractionMs);
    ms.newExtraction.push(newExtractionMs);
    ms.oldRead.push(t1 - t0);
    ms.newRead.push(t2 - t1);
  }
  await store.database.db.dropDatabase();
  await Promise.all([store.close(), reader.close()]);
  return {
    name: page.name,
    rawKb: raw / CHANGES / 1024,
    newTextBytes: newText / CHANGES,
    snapshot: [sum(cols.oldSnapshot) / CHANGES, sum(cols.newSnapshot) / CHANGES],
    extraction: [sum(cols.oldExtraction) / CHANGES, sum(cols.newExtraction) / CHANGES],
    snapshotMs: [median(ms.oldSnapshot), median(ms.newSnapshot)],
    extractionMs: [median(ms.oldExtraction), median(ms.newExtraction)],
    readMs: [median(ms.oldRead), median(ms.newRead)],
  };
}

async function main(): Promise<void> {
  const fixtures = join(repoRoot(), '..', 'shared', 'fixtures', 'pages');
  const pages = [
    EvolvingPage.invented(200, 60, 7),
    ...['Express_2024_07_18', 'Tagesschau_2023_04_28', 'SZ_2023_04_28'].map((name, i) => EvolvingPage.fromFixture(join(fixtures, `${name}.html.gz`), 20, 100 + i)),
  ];
  const rows = await withScratchFerretDB('bench-storage', async (url) => {
    const rows: Row[] = [];
    for (const [i, page] of pages.entries()) {
      rows.push(await measure(url, page, `bench_storage_${i}`));
      process.stderr.write(`  ${page.name} measured\n`);
    }
    return rows;
  });
  const kb = (b: number) => (b / 1024).toFixed(1);
  const f = (x: number) => x.toFixed(1);
  console.log(`\nbytes written per job (BSON of the write commands, mean of ${CHANGES} changes), before → after; time per job (median); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  console.log('| page | raw KB | new text B | snapshot KB | extraction KB | both: ratio | both per new-text byte | snapshot ms | extraction ms | read both ms |');
  console.log('|---|---:|---:|---|---|---:|---|---|---|---|');
  for (const r of rows) {
    const [before, after] = [r.snapshot[0] + r.extraction[0], r.snapshot[1] + r.extraction[1]];
    console.log(
      `| ${r.name} | ${f(r.rawKb)} | ${r.newTextBytes.toFixed(0)} | ${kb(r.snapshot[0])} → ${kb(r.snapshot[1])} | ${kb(r.extraction[0])} → ${kb(r.extraction[1])} | ${(before / after).toFixed(1)}× | ` +
        `${(before / r.newTextBytes).toFixed(0)} → ${(after / r.newTextBytes).toFixed(1)} | ${f(r.snapshotMs[0])} → ${f(r.snapshotMs[1])} | ${f(r.extractionMs[0])} → ${f(r.extractionMs[1])} | ${f(r.readMs[0])} → ${f(r.readMs[1])} |`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
