import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startFerretDB, startRedis, startService, waitForHealthy } from '@liveblog/devstack';
import { Store } from '@liveblog/storage';
import { z } from 'zod';
import { measured, readExport, RSS_EVERY_MS } from './export-reading';
import { benchLiveblogId, seedEntries } from './seed';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000);
/** Seeding FerretDB on a small machine is slow: past this budget the run measures what was written. */
const SEED_BUDGET_MS = Number(process.env.BENCH_SEED_SECONDS ?? 360) * 1000;
/**
 * Where the seeded store is kept between runs; unset: a temp dir, removed at the end. A run on a store
 * seeded short of BENCH_ENTRIES seeds on from where the last one stopped (the marker beside it says).
 */
const STORE_DIR = process.env.BENCH_STORE_DIR;
/** The slow reader's pace: a client on a slow link, far slower than the API can write. */
const SLOW_BYTES_PER_SECOND = 50_000;
/** How long the slow reader reads: long enough for the API's buffers to have filled many times. */
const SLOW_SECONDS = 30;

const Seeded = z.object({ entries: z.number(), seconds: z.number() });

async function seededStore(dir: string, ferretUrl: string): Promise<z.infer<typeof Seeded>> {
  const marker = join(dir, 'seeded.json');
  const before = existsSync(marker) ? Seeded.parse(JSON.parse(readFileSync(marker, 'utf8'))) : { entries: 0, seconds: 0 };
  if (before.entries >= ENTRIES) return before;
  const store = await Store.open(ferretUrl, 'bench');
  process.stderr.write(`seeding from ${before.entries} up to ${ENTRIES} entries (budget ${SEED_BUDGET_MS / 1000} s)…\n`);
  const now = await seedEntries(store, ENTRIES, SEED_BUDGET_MS, before.entries);
  await store.close();
  const seeded = { entries: now.entries, seconds: before.seconds + now.seconds };
  writeFileSync(marker, JSON.stringify(seeded));
  return seeded;
}

/** The peer: what a client does without the export, the JSON listing followed page by page to its end. */
async function readListing(base: string, tenth: { entries: number; passed: () => void }): Promise<{ entries: number; bytes: number }> {
  let entries = 0;
  let bytes = 0;
  let next: string | null = null;
  do {
    const res = await fetch(`${base}/v1/entries?limit=100${next ? `&cursor=${next}` : ''}`);
    const text = await res.text();
    const page = JSON.parse(text) as { items: unknown[]; next: string | null };
    entries += page.items.length;
    if (entries >= tenth.entries) tenth.passed();
    bytes += text.length;
    next = page.next;
  } while (next);
  return { entries, bytes };
}

async function main(): Promise<void> {
  const dir = STORE_DIR ?? mkdtempSync(join(tmpdir(), 'lbi-bench-export-'));
  mkdirSync(dir, { recursive: true });
  const redis = await startRedis({ port: await freePort(), dir: join(dir, 'redis'), appendOnly: false });
  const ferret = await startFerretDB({ port: await freePort(), dir: join(dir, 'ferretdb') });
  const seeded = await seededStore(dir, ferret.url);
  process.stderr.write(`${seeded.entries} entries, seeded in ${seeded.seconds.toFixed(0)} s\n`);
  const port = await freePort();
  const api = startService('api', { REDIS_URL: redis.url, MONGODB_URL: ferret.url, MONGODB_DB: 'bench', QUEUE_PREFIX: 'bench', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn', PORT: String(port) });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHealthy(`${base}/readyz`, { process: api, timeoutMs: 30_000 });
    const pid = api.pid!;
    // Warm-up: the first export compiles the code paths and fills the driver's pool; not measured.
    await readExport(`${base}/v1/entries.ndjson?liveblog=${benchLiveblogId(0)}`, 0, { entries: Infinity, passed: () => undefined });
    const tenth = (passed: () => void) => ({ entries: Math.ceil(seeded.entries / 10), passed });
    const runs: [string, (atTenth: () => void) => Promise<{ entries: number; bytes: number }>][] = [
      ['GET /v1/entries.csv, reader as fast as it can', (t) => readExport(`${base}/v1/entries.csv`, 1, tenth(t))],
      ['GET /v1/entries.ndjson, reader as fast as it can', (t) => readExport(`${base}/v1/entries.ndjson`, 0, tenth(t))],
      [`GET /v1/entries.csv, reader at ${SLOW_BYTES_PER_SECOND / 1e3} kB/s for ${SLOW_SECONDS} s`, (t) => readExport(`${base}/v1/entries.csv`, 1, tenth(t), { bytesPerSecond: SLOW_BYTES_PER_SECOND, forSeconds: SLOW_SECONDS })],
      ['peer: GET /v1/entries?limit=100, every page', (t) => readListing(base, tenth(t))],
    ];
    const mb = (v: number | null) => (v === null ? '–' : v.toFixed(0));
    const rows: string[] = [];
    for (const [name, read] of runs) {
      const load = loadavg()[0]!.toFixed(1);
      const m = await measured(pid, read);
      const growth = m.rssAtTenth === null || m.rssPeakAfterTenth === null ? null : m.rssPeakAfterTenth - m.rssAtTenth;
      const row = `| ${name} | ${m.entries} | ${(m.bytes / 1e6).toFixed(1)} | ${m.seconds.toFixed(1)} | ${Math.round(m.entries / m.seconds)} | ${mb(m.rssStart)} | ${mb(m.rssPeak)} | ${mb(m.rssPeak - m.rssStart)} | ${mb(m.rssAtTenth)} | ${mb(growth)} | ${load} |`;
      process.stderr.write(`${row}\n`);
      rows.push(row);
    }
    console.log(`\n### Export (${seeded.entries} entries in FerretDB; the API's RSS sampled every ${RSS_EVERY_MS} ms; ${cpus().length} cores)\n`);
    console.log('| request | entries | MB | s | entries/s | RSS start MB | RSS peak MB | peak − start MB | RSS at 1/10 MB | growth after 1/10 MB | load (1 min) |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const row of rows) console.log(row);
  } finally {
    await api.stop();
    await ferret.stop();
    await redis.stop();
    if (!STORE_DIR) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
