import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Store } from '@liveblog/storage';
import { cpuSeconds } from './probes';
import { ferretdbBackend, ferretdbBinary, freePort, redisCommand, repoRoot, startFerretDB, startRedis, startRedisCluster, startService, waitForHealthy, type ManagedProcess, type ServerHandle } from '../src/index';

/**
 * Entries per second through all four stages (fetch → parse → dedup → index), in one run, for one Redis
 * with one replica of each service, a 3-master Redis Cluster with one replica of each, and the cluster
 * with two replicas of each. Every configuration ingests the same invented outlets into a fresh database
 * and queue prefix; the clock runs from the services being ready to the last entry stored. Per process,
 * the CPU seconds it used (from /proc), so that the figures say where the time goes.
 */

const OUTLETS = Number(process.env.BENCH_OUTLETS ?? 40);
const ENTRIES_PER_OUTLET = Number(process.env.BENCH_ENTRIES_PER_OUTLET ?? 25);
const SERVICES = ['fetcher', 'parser', 'deduplicator', 'indexer'] as const;

interface Config {
  name: string;
  cluster: boolean;
  replicas: number;
}

const CONFIGS: Config[] = [
  { name: 'one Redis, one replica each', cluster: false, replicas: 1 },
  { name: '3-master cluster, one replica each', cluster: true, replicas: 1 },
  { name: '3-master cluster, two replicas each', cluster: true, replicas: 2 },
];

/** Invented outlets in the text-dump format: every entry long enough to be matched for near-duplicates. */
function writeOutlets(dir: string): number {
  const places = ['Kiel', 'Passau', 'Görlitz', 'Trier', 'Rostock', 'Ulm', 'Jena', 'Bremen', 'Lübeck', 'Fulda'];
  for (let o = 0; o < OUTLETS; o++) {
    const lines = [` date 2024-11 Bench-Ticker ${o}: Die Lage im Überblick, fortlaufend aktualisiert.`, ''];
    for (let i = 0; i < ENTRIES_PER_OUTLET; i++) {
      // Every fifth entry is an agency report that three outlets carry.
      const shared = i % 5 === 0 ? Math.floor(o / 3) * 1000 + i : null;
      const place = places[(o + i) % places.length];
      const id = shared ?? o * 1000 + i;
      lines.push(`Meldung ${o}-${i} aus ${place}`, '');
      lines.push(
        `In ${place} hat der Stadtrat über Vorlage ${id} beraten. Die Sitzung dauerte ${(id % 7) + 1} Stunden, am Ende stimmten ` +
          `${(id % 40) + 10} Mitglieder zu. Eine Sprecherin kündigte für Vorlage ${id} weitere Gespräche mit ${(id % 9) + 2} Verbänden an, ` +
          `die Opposition verlangt ein Gutachten bis zum ${(id % 28) + 1}. des Monats. (dpa)`,
        '',
      );
    }
    writeFileSync(join(dir, `outlet-${o}.txt`), lines.join('\n'));
  }
  return OUTLETS * ENTRIES_PER_OUTLET;
}

interface Result {
  config: Config;
  entries: number;
  seconds: number;
  cpu: Array<{ name: string; seconds: number }>;
  load: number;
}

async function runConfig(config: Config, dir: string, ferret: ServerHandle, expected: number, index: number): Promise<Result> {
  const mongodbUrl = ferret.url;
  const ferretPid = ferret.pid;
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-pipeline-redis-'));
  const cluster = config.cluster ? await startRedisCluster({ dir: dataDir, appendOnly: true }) : null;
  const single = config.cluster ? null : await startRedis({ port: await freePort(), dir: dataDir, appendOnly: true });
  const redisUrl = cluster?.url ?? single!.url;
  const redisPids = cluster ? await clusterPids(cluster.ports) : [single!.pid];
  const db = `bench_pipeline_${index}_${Date.now()}`;
  const sources = join(dir, `sources-${index}.yml`);
  writeFileSync(sources, `sources:\n  - path: ${join(dir, '*.txt')}\n    intervalSeconds: 3600\n`);
  const store = await Store.open(mongodbUrl, db);
  const env = {
    REDIS_URL: redisUrl,
    MONGODB_URL: mongodbUrl,
    MONGODB_DB: db,
    QUEUE_PREFIX: `bench${index}`,
    SOURCES_FILE: sources,
    FETCH_FILE_ROOTS: dir,
    LOG_LEVEL: 'warn',
    ...(config.cluster ? { REDIS_WAIT_REPLICAS: '1' } : {}),
  };
  const processes: Array<{ name: string; proc: ManagedProcess }> = [];
  try {
    const launch = async (name: string, r: number): Promise<void> => {
      const port = await freePort();
      const proc = startService(name, { ...env, HEALTH_PORT: String(port) });
      processes.push({ name: `${name}#${r + 1}`, proc });
      await waitForHealthy(`http://127.0.0.1:${port}/readyz`, { process: proc, timeoutMs: 60_000 });
    };
    const replicas = Array.from({ length: config.replicas }, (_, r) => r);
    // Every consumer ready before the fetchers start: the clock runs from the first fetch.
    await Promise.all(SERVICES.filter((name) => name !== 'fetcher').flatMap((name) => replicas.map((r) => launch(name, r))));
    const cpuBefore = new Map([...processes.map((p) => [p.name, cpuSeconds(p.proc.pid)] as const), ['redis', redisPids.reduce((n, pid) => n + cpuSeconds(pid), 0)], ['ferretdb', cpuSeconds(ferretPid)], ['postgresql', cpuSeconds(ferret.backendPid)]]);
    const start = performance.now();
    await Promise.all(replicas.map((r) => launch('fetcher', r)));
    for (;;) {
      if ((await store.database.collections.entries.countDocuments({})) >= expected) break;
      if (performance.now() - start > 900_000) throw new Error(`${config.name}: not every entry stored after 15 minutes`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (performance.now() - start) / 1000;
    const cpu = [
      ...processes.map((p) => ({ name: p.name, seconds: cpuSeconds(p.proc.pid) - (cpuBefore.get(p.name) ?? 0) })),
      { name: `redis (${redisPids.length} process${redisPids.length > 1 ? 'es' : ''})`, seconds: redisPids.reduce((n, pid) => n + cpuSeconds(pid), 0) - (cpuBefore.get('redis') ?? 0) },
      { name: 'ferretdb', seconds: cpuSeconds(ferretPid) - (cpuBefore.get('ferretdb') ?? 0) },
      ...(ferret.backendPid ? [{ name: 'postgresql', seconds: cpuSeconds(ferret.backendPid) - (cpuBefore.get('postgresql') ?? 0) }] : []),
    ];
    return { config, entries: expected, seconds, cpu, load: loadavg()[0] ?? 0 };
  } finally {
    await Promise.all(processes.map((p) => p.proc.stop()));
    await store.database.db.dropDatabase().catch(() => undefined);
    await store.close();
    await cluster?.stop();
    await single?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The pids of the cluster's redis-server processes, by the port each listens on. */
async function clusterPids(ports: readonly number[]): Promise<number[]> {
  return Promise.all(ports.map(async (port) => Number(/process_id:(\d+)/.exec(await redisCommand(port, ['INFO', 'server']))?.[1])));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pipeline-'));
  const ferretDir = mkdtempSync(join(tmpdir(), 'bench-pipeline-ferretdb-'));
  const expected = writeOutlets(dir);
  const backend = ferretdbBackend();
  const ferret = await startFerretDB({ port: await freePort(), dir: ferretDir, binary: ferretdbBinary(repoRoot()), backend });
  const results: Result[] = [];
  try {
    for (const [i, config] of CONFIGS.entries()) {
      process.stderr.write(`bench:pipeline: ${config.name}…\n`);
      results.push(await runConfig(config, dir, ferret, expected, i));
    }
  } finally {
    await ferret.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(ferretDir, { recursive: true, force: true });
  }
  const base = results[0]!;
  console.log(`bench:pipeline — ${OUTLETS} outlets × ${ENTRIES_PER_OUTLET} entries (${expected}) through fetch → parse → dedup → index, FerretDB on ${backend}, ${new Date().toISOString()}`);
  console.log('| configuration | seconds | entries/s | ÷ one Redis | load avg (1 min) at end | CPU s per process (share of all CPU used) |');
  console.log('|---|---|---|---|---|---|');
  for (const r of results) {
    const total = r.cpu.reduce((n, c) => n + c.seconds, 0);
    const cpu = r.cpu.map((c) => `${c.name} ${c.seconds.toFixed(1)} (${((100 * c.seconds) / total).toFixed(0)}%)`).join(', ');
    console.log(`| ${r.config.name} | ${r.seconds.toFixed(1)} | ${(r.entries / r.seconds).toFixed(1)} | ${(base.seconds / r.seconds).toFixed(2)}× | ${r.load.toFixed(1)} | ${cpu} |`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
