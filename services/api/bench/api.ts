import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, repoRoot, startFerretDB, startRedis, startService, waitForHealthy } from '@liveblog/devstack';
import { Store } from '@liveblog/storage';
import { z } from 'zod';
import { RARE_WORD, seedEntries } from './seed';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000);
/** Seeding FerretDB on a small machine is slow: past this budget the run measures what was written. */
const SEED_BUDGET_MS = Number(process.env.BENCH_SEED_SECONDS ?? 900) * 1000;
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
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

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lbi-bench-api-'));
  const redis = await startRedis({ port: await freePort(), dir: join(dir, 'redis'), appendOnly: false });
  const ferret = await startFerretDB({ port: await freePort(), dir: join(dir, 'ferretdb') });
  const store = await Store.open(ferret.url, 'bench');
  process.stderr.write(`seeding up to ${ENTRIES} entries (budget ${SEED_BUDGET_MS / 1000} s)…\n`);
  const seeded = await seedEntries(store, ENTRIES, SEED_BUDGET_MS);
  await store.close();
  process.stderr.write(`seeded ${seeded.entries} entries in ${seeded.seconds.toFixed(0)} s\n`);

  const port = await freePort();
  const api = startService('api', { REDIS_URL: redis.url, MONGODB_URL: ferret.url, MONGODB_DB: 'bench', QUEUE_PREFIX: 'bench', PORT: String(port), RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' });
  const apiUrl = `http://127.0.0.1:${port}`;
  let bare: ChildProcess | undefined;
  try {
    await waitForHealthy(`${apiUrl}/readyz`, { process: api, timeoutMs: 30_000 });
    const plain = `${apiUrl}/v1/entries`;
    const search = `${apiUrl}/v1/entries?q=${RARE_WORD}`;
    const first = await unloaded(plain);
    const peer = await startBareServer(first.bytes);
    bare = peer.child;
    const runs: [string, string][] = [
      ['GET /v1/entries', plain],
      [`GET /v1/entries?q=${RARE_WORD}`, search],
      ['bare Express, fixed body', `${peer.url}/v1/entries`],
    ];
    const rows: string[] = [];
    for (const [name, url] of runs) {
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
    await api.stop();
    await ferret.stop();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
