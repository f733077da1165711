import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync, gzipSync } from 'node:zlib';
import { apply as applyDelta, create as createDelta } from 'fossil-delta';
import { repoRoot } from '@liveblog/devstack';
import { chunkEnds, PAGE_CHUNKS, type ChunkSizes } from '../src/chunking';
import { EvolvingPage } from './evolving-page';

/**
 * The two ways for snapshots of one source to share what they have in common, measured on the same
 * changes of the same pages: a delta (fossil) against the previous snapshot, and content-defined chunks
 * (FastCDC) stored once per group. Both start afresh (a keyframe) every KEYFRAME_EVERY snapshots, so
 * that retention can drop a whole group. Pure computation, no database: bytes are what each layout would
 * store, time is CPU per change (encode on the fetcher, decode on the parser).
 * BENCH_CHANGES: changes per page (default 40); BENCH_KEYFRAME: snapshots per group (default 32).
 */
const CHANGES = Number(process.env.BENCH_CHANGES ?? 40);
const KEYFRAME_EVERY = Number(process.env.BENCH_KEYFRAME ?? 32);
/** A stored chunk reference: the first bytes of its sha256 (BENCH_REF_BYTES, default 8). */
const REF_BYTES = Number(process.env.BENCH_REF_BYTES ?? 8);
/** BENCH_CHUNK_KB: the average chunk size (default PAGE_CHUNKS). */
const SIZES: ChunkSizes = process.env.BENCH_CHUNK_KB
  ? { min: Number(process.env.BENCH_CHUNK_KB) * 256, average: Number(process.env.BENCH_CHUNK_KB) * 1024, max: Number(process.env.BENCH_CHUNK_KB) * 8192 }
  : PAGE_CHUNKS;

interface Totals {
  changes: number;
  raw: number;
  newText: number;
  whole: number;
  delta: number;
  chunks: number;
  chunkDocs: number;
  wholeMs: number;
  deltaWriteMs: number;
  deltaReadMs: number;
  chunkWriteMs: number;
  chunkReadMs: number;
}

const zero = (): Totals => ({ changes: 0, raw: 0, newText: 0, whole: 0, delta: 0, chunks: 0, chunkDocs: 0, wholeMs: 0, deltaWriteMs: 0, deltaReadMs: 0, chunkWriteMs: 0, chunkReadMs: 0 });

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const value = f();
  return [value, performance.now() - t0];
}

function measurePage(page: EvolvingPage): Totals {
  const t = zero();
  let previous = page.render();
  let chain: Buffer[] = [];
  let group = new Map<string, Buffer>();
  for (let n = 0; n < CHANGES; n++) {
    const { html, newTextBytes } = page.change();
    const keyframe = n % KEYFRAME_EVERY === 0;
    t.changes++;
    t.raw += html.length;
    t.newText += newTextBytes;
    const [whole, wholeMs] = time(() => gzipSync(html));
    t.whole += whole.length;
    t.wholeMs += wholeMs;

    // Delta: a keyframe is the whole page; the others a gzipped delta against the previous snapshot,
    // read back by applying the chain from the keyframe.
    const [delta, deltaWriteMs] = time(() => (keyframe ? whole : gzipSync(Buffer.from(createDelta(previous, html)))));
    chain = keyframe ? [delta] : [...chain, delta];
    const [readBack, deltaReadMs] = time(() => chain.slice(1).reduce((body, d) => Buffer.from(applyDelta(body, gunzipSync(d))), gunzipSync(chain[0]!)));
    if (!readBack.equals(html)) throw new Error(`${page.name}: delta read back differs`);
    t.delta += delta.length;
    t.deltaWriteMs += deltaWriteMs;
    t.deltaReadMs += deltaReadMs;

    // Chunks: the list of chunk hashes, and each chunk the group does not hold yet, gzipped alone.
    if (keyframe) group = new Map();
    const [written, chunkWriteMs] = time(() => {
      let bytes = 0;
      let docs = 0;
      const refs: string[] = [];
      let start = 0;
      for (const end of chunkEnds(html, SIZES)) {
        const chunk = html.subarray(start, end);
        start = end;
        const ref = createHash('sha256').update(chunk).digest('hex').slice(0, 2 * REF_BYTES);
        refs.push(ref);
        if (group.has(ref)) continue;
        const stored = gzipSync(chunk);
        group.set(ref, stored);
        bytes += stored.length;
        docs++;
      }
      return { bytes: bytes + refs.length * REF_BYTES, docs, refs };
    });
    const [chunkBack, chunkReadMs] = time(() => Buffer.concat(written.refs.map((ref) => gunzipSync(group.get(ref)!))));
    if (!chunkBack.equals(html)) throw new Error(`${page.name}: chunks read back differ`);
    t.chunks += written.bytes;
    t.chunkDocs += written.docs;
    t.chunkWriteMs += chunkWriteMs;
    t.chunkReadMs += chunkReadMs;
    previous = html;
  }
  return t;
}

function add(a: Totals, b: Totals): Totals {
  return Object.fromEntries(Object.keys(a).map((k) => [k, a[k as keyof Totals] + b[k as keyof Totals]])) as unknown as Totals;
}

function row(name: string, t: Totals): string {
  const per = (x: number) => x / t.changes;
  const kb = (x: number) => (per(x) / 1024).toFixed(1);
  const ms = (x: number) => per(x).toFixed(2);
  return (
    `| ${name} | ${kb(t.raw)} | ${(per(t.newText) / 1024).toFixed(2)} | ${kb(t.whole)} | ${kb(t.delta)} | ${kb(t.chunks)} | ${per(t.chunkDocs).toFixed(1)} | ` +
    `${(t.whole / t.delta).toFixed(1)}× / ${(t.whole / t.chunks).toFixed(1)}× | ${(t.delta / t.newText).toFixed(2)} / ${(t.chunks / t.newText).toFixed(2)} | ` +
    `${ms(t.wholeMs)} | ${ms(t.deltaWriteMs)} / ${ms(t.deltaReadMs)} | ${ms(t.chunkWriteMs)} / ${ms(t.chunkReadMs)} |`
  );
}

function main(): void {
  const fixtures = join(repoRoot(), '..', 'shared', 'fixtures', 'pages');
  console.log(`\nsnapshot layouts: ${CHANGES} changes per page, a keyframe every ${KEYFRAME_EVERY}, chunks of ${SIZES.average / 1024} KB on average, ${REF_BYTES}-byte chunk references; per change; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  console.log('| page | raw KB | new text KB | whole (gzip) KB | delta KB | chunks KB | chunk docs | saved: delta / chunks | stored per new text byte: delta / chunks | whole ms | delta write / read ms | chunks write / read ms |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---|---|---:|---|---|');
  let real = zero();
  for (const [i, path] of EvolvingPage.fixtures(fixtures).entries()) {
    const t = measurePage(EvolvingPage.fromFixture(path, 20, 1000 + i));
    console.log(row(path.split('/').pop()!.replace(/\.html\.gz$/, ''), t));
    real = add(real, t);
  }
  console.log(row('**all fixture pages**', real));
  for (const [kb, entries] of [
    [200, 60],
    [800, 300],
  ] as const) {
    const page = EvolvingPage.invented(kb, entries, 7);
    console.log(row(page.name, measurePage(page)));
  }
}

main();
