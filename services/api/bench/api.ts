import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, repoRoot, startFerretDB, startRedis, startService, waitForHealthy } from '@liveblog/devstack';
import { Store } from '@liveblog/storage';
import { z } from 'zod';
import { benchLiveblogId, RARE_WORD, seedEntries, SINGULAR_WORD } from './seed';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000);
/** Seeding FerretDB on a small machine is slow: past this budget the run measures what was written. */
const SEED_BUDGET_MS = Number(process.env.BENCH_SEED_SECONDS ?? 900) * 1000;
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
/**
 * Where the seeded store is kept between runs; unset: a temp dir, removed at the end. A store seeded
 * before is measured again without seeding (its size is read from the marker beside it).
 */
const STORE_DIR = process.env.BENCH_STORE_DIR;
const CONNECTIONS = 10;
/** Seconds before autocannon gives up on one request; generous, as a scan of a large store is slow. */
const REQUEST_TIMEOUT_SECONDS = 60;

const AutocannonResult = z.object({
  requests: z.object({ average: z.number(), total: z.number() }),
  latency: z.object({ p50: z.number(), p99: z.number() }),
  non2xx: z.number(),
  errors: z.number(),
});
type AutocannonResult = z.infer<typeof AutocannonResult>;

/** autocannon as its own process (its JSON report on stdout), so the load does not share this event loop. */
function autocannon(url: string): Promise<AutocannonResult> {
  const bin = join(repoRoot(), 'node_modules', '.bin', 'autocannon');
  const child = spawn(bin, ['-j', '-c', String(CONNECTIONS), '-d', String(DURATION_SECONDS), '-t', String(REQUEST_TIMEOUT_SECONDS), url], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(AutocannonResult.parse(JSON.parse(out))) : reject(new Error(`autocannon exited with ${code}`))));
  });
}

async function startBareServer(bodyBytes: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(__dirname, 'bare-server.js')], { env: { ...process.env, BODY_BYTES: String(bodyBytes) }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())));
  return { url: `http://127.0.0.1:${port}`, child };
}

/** One unloaded request: its body size and the median time of three (a scan of a large store is slow). */
async function unloaded(url: string): Promise<{ bytes: number; ms: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    const res = await fetch(url);
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    bytes = (await res.arrayBuffer()).byteLength;
    times.push(performance.now() - start);
  }
  return { bytes, ms: times.sort((a, b) => a - b)[1]! };
}

const Seeded = z.object({ entries: z.number(), seconds: z.number() });

/** Seeds a store in `dir`, or finds one seeded there before. */
async function seededStore(dir: string, ferretUrl: string): Promise<z.infer<typeof Seeded>> {
  const marker = join(dir, 'seeded.json');
  if (existsSync(marker)) return Seeded.parse(JSON.parse(readFileSync(marker, 'utf8')));
  const store = await Store.open(ferretUrl, 'bench');
  process.stderr.write(`seeding up to ${ENTRIES} entries (budget ${SEED_BUDGET_MS / 1000} s)…\n`);
  const seeded = await seedEntries(store, ENTRIES, SEED_BUDGET_MS);
  // The seeded hours are long over: fold them all, as the indexer's sweep folds each hour after it ends.
  const folding = Date.now();
  const hours = await store.entries.foldHours(new Date(), new Date(0));
  process.stderr.write(`folded the search postings of ${hours} hours in ${((Date.now() - folding) / 1000).toFixed(0)} s\n`);
  await store.close();
  writeFileSync(marker, JSON.stringify(seeded));
  return seeded;
}

interface Run {
  name: string;
  url: string;
}

async function main(): Promise<void> {
  const dir = STORE_DIR ?? mkdtempSync(join(tmpdir(), 'lbi-bench-api-'));
  mkdirSync(dir, { recursive: true });
  const redis = await startRedis({ port: await freePort(), dir: join(dir, 'redis'), appendOnly: false });
  const ferret = await startFerretDB({ port: await freePort(), dir: join(dir, 'ferretdb') });
  const seeded = await seededStore(dir, ferret.url);
  process.stderr.write(`${seeded.entries} entries, seeded in ${seeded.seconds.toFixed(0)} s\n`);

  // Two API processes on the same store: the listing cache off (the read path as before) and on.
  const env = { REDIS_URL: redis.url, MONGODB_URL: ferret.url, MONGODB_DB: 'bench', QUEUE_PREFIX: 'bench', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' };
  const apis = await Promise.all(
    ['0', '5000'].map(async (maxStale) => {
      const port = await freePort();
      const process = startService('api', { ...env, PORT: String(port), API_CACHE_MAX_STALE_MS: maxStale });
      return { url: `http://127.0.0.1:${port}`, process };
    }),
  );
  const [uncached, cached] = apis as [(typeof apis)[0], (typeof apis)[0]];
  let bare: ChildProcess | undefined;
  try {
    for (const api of apis) await waitForHealthy(`${api.url}/readyz`, { process: api.process, timeoutMs: 30_000 });
    const liveblog = `/v1/liveblogs/${benchLiveblogId(0)}/entries`;
    const singular = `/v1/entries?q=${SINGULAR_WORD}`;
    const found = (await (await fetch(`${cached.url}${singular}`)).json()) as { items: unknown[]; next: string | null };
    if (found.items.length !== 1 || found.next !== null) throw new Error(`${singular}: ${found.items.length} items, next ${found.next}; expected one and no next page`);
    const first = await unloaded(`${cached.url}/v1/entries`);
    const peer = await startBareServer(first.bytes);
    bare = peer.child;
    const runs: Run[] = [
      { name: 'GET /v1/entries, cache off', url: `${uncached.url}/v1/entries` },
      { name: 'GET /v1/entries, cache on', url: `${cached.url}/v1/entries` },
      { name: "GET a liveblog's entries, cache off", url: `${uncached.url}${liveblog}` },
      { name: "GET a liveblog's entries, cache on", url: `${cached.url}${liveblog}` },
      { name: `GET /v1/entries?q=${SINGULAR_WORD} (1 entry of all)`, url: `${cached.url}${singular}` },
      { name: `GET /v1/entries?q=${RARE_WORD} (1 entry in 100)`, url: `${cached.url}/v1/entries?q=${RARE_WORD}` },
      { name: 'bare Express, fixed body', url: `${peer.url}/v1/entries` },
    ];
    const rows: string[] = [];
    for (const { name, url } of runs) {
      const single = await unloaded(url);
      const r = await autocannon(url);
      if (r.non2xx > 0) throw new Error(`${name}: ${r.non2xx} non-2xx answers`);
      rows.push(`| ${name} | ${single.bytes} | ${single.ms.toFixed(1)} | ${r.requests.total} | ${(r.requests.total / DURATION_SECONDS).toFixed(1)} | ${r.latency.p50} | ${r.latency.p99} | ${r.errors} |`);
    }
    console.log(`\n### API read path (${seeded.entries} entries in FerretDB, seeded in ${seeded.seconds.toFixed(0)} s; ${CONNECTIONS} connections, ${DURATION_SECONDS} s each; ${cpus().length} cores)\n`);
    console.log('| request | body bytes | unloaded ms | requests | requests/s | p50 ms | p99 ms | errors (timeouts) |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const row of rows) console.log(row);
  } finally {
    bare?.kill();
    await Promise.all(apis.map((api) => api.process.stop()));
    await ferret.stop();
    await redis.stop();
    if (!STORE_DIR) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
