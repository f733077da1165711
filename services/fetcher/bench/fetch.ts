import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SourceSpec } from '@liveblog/contracts';
import { freePort, startFerretDB, startRedis } from '@liveblog/devstack';
import { AddressGuard, Pipeline, SourceLock, createRedis } from '@liveblog/runtime';
import { Store, WriteMeter, type WriteCost } from '@liveblog/storage';
import { BullMQOtel } from 'bullmq-otel';
import { Agent, request } from 'undici';
import { fetchSource, type FetchDeps } from '../src/fetch-source';
import { pollRecorder } from '../src/poll-recorder';
import { HostLimiter } from '../src/host-limiter';
import { createHttpAgent } from '../src/http-page';
import { robotsFetcher } from '../src/robots-fetch';
import { RobotsPolicy } from '../src/robots-policy';
import { SourceScheduler } from '../src/schedule';
import { fetchHttpPage } from '../src/http-page';
import { processTree } from '../src/render/proc-tree';
import { RenderBrowser } from '../src/render/render-browser';
import { renderHttpPage } from '../src/render/render-page';

const SOURCES = 1_000;
const CONCURRENCY = 16;
/** Rendered fetches are three orders of magnitude dearer: fewer of them, at the default RENDER_CONCURRENCY. */
const RENDERS = 60;
const RENDER_CONCURRENCY = 2;
/** Rounds in which every page answers 304, as most polls of a liveblog are; in flight at once for each. */
const NOT_MODIFIED_ROUNDS = Number(process.env.BENCH_304_ROUNDS ?? 2);
const NOT_MODIFIED_CONCURRENCY = (process.env.BENCH_304_CONCURRENCY ?? '8,32').split(',').map(Number);

/** What the polls of a run sent: MongoDB through the meter, Redis by its command statistics (every client, BullMQ's too). */
interface Sent {
  mongo: WriteCost;
  redisCommands: number;
  /** CPU seconds of FerretDB and of Redis during the run: part of cpuSeconds. */
  ferretSeconds: number;
  redisSeconds: number;
}

interface Run {
  name: string;
  fetches: number;
  wallSeconds: number;
  cpuSeconds: number;
  outcomes: Record<string, number>;
  sent?: Sent;
}

/** Runs `task` for every index with at most CONCURRENCY in flight; measures wall and this process's CPU. */
async function measure(name: string, task: (i: number) => Promise<string>, count = SOURCES, concurrency = CONCURRENCY): Promise<Run> {
  const outcomes: Record<string, number> = {};
  const cpu = childrenCpuSeconds();
  const own = process.cpuUsage();
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const outcome = await task(next++);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
    }),
  );
  const wallSeconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(own);
  // The browser's processes work for the fetcher: their CPU counts as its own.
  const browserSeconds = childrenCpuSeconds() - cpu;
  return { name, fetches: count, wallSeconds, cpuSeconds: (used.user + used.system) / 1e6 + browserSeconds, outcomes };
}

/** The page server's pid, whose CPU is the publisher's, not the fetcher's. */
let publisherPid = -1;

/** CPU seconds a process and its descendants have used, as childrenCpuSeconds counts them. */
function treeCpuSeconds(rootPid: number): number {
  return processTree(rootPid).reduce((total, pid) => total + cpuSecondsOf(pid), 0);
}

function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) / 100; // USER_HZ on Linux
  } catch {
    return 0; // exited
  }
}

/**
 * CPU seconds of this process's descendants but the publisher (that is: Chromium), read from /proc,
 * including what their exited children used (cutime, cstime): renderers come and go.
 */
function childrenCpuSeconds(): number {
  const publisher = new Set(processTree(publisherPid));
  return processTree(process.pid)
    .filter((pid) => pid !== process.pid && !publisher.has(pid))
    .reduce((total, pid) => total + cpuSecondsOf(pid), 0);
}

/** Commands Redis has served since it started, by INFO commandstats; the INFO call itself is left out. */
async function redisCalls(redis: ReturnType<typeof createRedis>): Promise<number> {
  const stats = await redis.info('commandstats');
  return [...stats.matchAll(/^cmdstat_(\w+(?:\|\w+)?):calls=(\d+)/gm)].reduce((n, m) => (m[1] === 'info' ? n : n + Number(m[2])), 0);
}

async function startPageServer(): Promise<{ base: string; stop(): void }> {
  const child = spawn(process.execPath, [join(__dirname, 'page-server.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  publisherPid = child.pid ?? -1;
  const port = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())));
  return { base: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

/** The peer: what fetching costs with nothing around it, same URLs, same validators, same concurrency. */
function bareUndici(agent: Agent, base: string, etags: Map<number, string>): (i: number) => Promise<string> {
  return async (i) => {
    const etag = etags.get(i);
    const res = await request(`${base}/s/${i}`, { dispatcher: agent, headers: etag ? { 'if-none-match': etag } : {} });
    await res.body.arrayBuffer();
    const received = res.headers.etag;
    if (typeof received === 'string') etags.set(i, received);
    return String(res.statusCode);
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lbi-bench-fetch-'));
  const redisServer = await startRedis({ port: await freePort(), dir: join(dir, 'redis'), appendOnly: false });
  const ferret = await startFerretDB({ port: await freePort(), dir: join(dir, 'ferretdb') });
  const pages = await startPageServer();
  const redis = createRedis(redisServer.url);
  const store = await Store.open(ferret.url, 'bench', { monitorCommands: true });
  const meter = new WriteMeter(store);
  const pipeline = new Pipeline({ connection: redis, prefix: 'bench', telemetry: new BullMQOtel() });
  const limits = { connectTimeoutMs: 5_000, headersTimeoutMs: 10_000, timeoutMs: 30_000, maxBytes: 20 * 1024 * 1024, maxRedirects: 5, userAgent: 'liveblog-ingest-bench/1' };
  const guard = new AddressGuard(['127.0.0.1'], 'FETCH_ALLOWED_HOSTS');
  const agent = createHttpAgent(guard, limits);
  const deps: FetchDeps = {
    store,
    pipeline,
    lock: new SourceLock(redis, 'bench', 60_000),
    recorder: pollRecorder(store),
    scheduler: new SourceScheduler(pipeline.queue('fetch'), store.sources),
    fetching: { limits, guard, agent, fileRoots: [] },
    // One local host stands in for a thousand publishers: its per-host limits are lifted for the run.
    limiter: new HostLimiter(redis, 'bench', { concurrency: Math.max(CONCURRENCY, ...NOT_MODIFIED_CONCURRENCY), minIntervalMs: 0, slotTtlMs: 60_000 }),
    robots: new RobotsPolicy(redis, 'bench', robotsFetcher(limits, agent, guard), { productToken: 'liveblog-ingest-bench', cacheSeconds: 3600, unreachableCacheSeconds: 60 }),
    polling: { minSeconds: 30, maxSeconds: 3600, liveMaxSeconds: 120, quietHoursToEnd: 48 },
  };
  try {
    const sources = await store.sources.upsertSpecs(Array.from({ length: SOURCES }, (_, i) => SourceSpec.parse({ url: `${pages.base}/s/${i}`, intervalSeconds: 60 })));
    const bareAgent = new Agent();
    const etags = new Map<number, string>();
    // Each poll runs as the job of its source's planned poll; the plans are read outside the measurement.
    const plans = new Map<string, number>();
    const loadPlans = async () => {
      for (const s of await store.sources.list()) plans.set(s._id, s.status.nextDueAt?.getTime() ?? 0);
    };
    const poll = async (i: number) => {
      const sourceId = sources[i]!._id;
      const result = await fetchSource({ sourceId, dueAt: plans.get(sourceId) ?? 0 }, deps);
      return typeof result === 'string' ? result : 'deferred';
    };
    for (const s of sources) await store.sources.planPoll(s._id, new Date(0));
    await loadPlans();
    const runs: Run[] = [];
    const notModified: Run[] = [];
    runs.push(await measure('bare undici, round 1 (all 200)', bareUndici(bareAgent, pages.base, etags)));
    runs.push(await measure('liveblog-ingest fetchSource, round 1 (all 200)', poll));
    await loadPlans();
    await request(`${pages.base}/round/2`);
    runs.push(await measure('bare undici, round 2 (200/304 mix)', bareUndici(bareAgent, pages.base, etags)));
    runs.push(await measure('liveblog-ingest fetchSource, round 2 (200/304 mix)', poll));
    for (const concurrency of NOT_MODIFIED_CONCURRENCY) {
      for (let round = 1; round <= NOT_MODIFIED_ROUNDS; round++) {
        await loadPlans();
        await meter.take();
        const calls = await redisCalls(redis);
        const [ferretCpu, redisCpu] = [treeCpuSeconds(ferret.pid), treeCpuSeconds(redisServer.pid)];
        const run = await measure(`liveblog-ingest fetchSource, all 304, ${concurrency} in flight, round ${round}`, poll, SOURCES, concurrency);
        run.sent = {
          mongo: await meter.take(),
          redisCommands: (await redisCalls(redis)) - calls,
          ferretSeconds: treeCpuSeconds(ferret.pid) - ferretCpu,
          redisSeconds: treeCpuSeconds(redisServer.pid) - redisCpu,
        };
        notModified.push(run);
      }
    }
    await bareAgent.close();

    const browser = new RenderBrowser({ executablePath: process.env.RENDER_BROWSER_PATH ?? '/usr/bin/chromium', concurrency: RENDER_CONCURRENCY, maxMemoryMiB: 1_024 });
    const none = { etag: null, lastModified: null };
    const outcome = (kind: string) => (kind === 'page' ? '200' : kind);
    const rendered: Run[] = [];
    try {
      // The browser's start is paid once per replica, not per render: it is left out of the row.
      await renderHttpPage(`${pages.base}/drawn/warm-up`, none, { browser, limits, agent, guard, robotsAllow: async () => true, timeoutMs: 15_000 });
      rendered.push(await measure('plain fetch of the script-drawn page', async (i) => outcome((await fetchHttpPage(`${pages.base}/drawn/${i}`, none, limits, agent, guard)).kind), RENDERS, RENDER_CONCURRENCY));
      rendered.push(
        await measure('rendered fetch of the script-drawn page (Chromium)', async (i) =>
          outcome((await renderHttpPage(`${pages.base}/drawn/${i}`, none, { browser, limits, agent, guard, robotsAllow: async () => true, timeoutMs: 15_000 })).kind), RENDERS, RENDER_CONCURRENCY),
      );
    } finally {
      await browser.close();
    }
    report(runs, notModified, rendered);
  } finally {
    await pipeline.close();
    redis.disconnect();
    await agent.close();
    await store.close();
    pages.stop();
    await ferret.stop();
    await redisServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(runs: Run[], notModified: Run[], rendered: Run[]): void {
  const rate = (r: Run) => r.fetches / r.wallSeconds;
  const cpuPer1000 = (r: Run) => (r.cpuSeconds / r.fetches) * 1000;
  console.log(`\nbench:fetch — ${SOURCES} sources on one local server, ${CONCURRENCY} in flight, 50 KB pages; ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} cores\n`);
  console.log('| run | outcomes | fetches/s | CPU s per 1,000 fetches |');
  console.log('|---|---|---|---|');
  for (const r of runs) {
    const outcomes = Object.entries(r.outcomes).map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(`| ${r.name} | ${outcomes} | ${rate(r).toFixed(0)} | ${cpuPer1000(r).toFixed(2)} |`);
  }
  for (const round of [0, 2]) {
    const bare = runs[round]!;
    const ours = runs[round + 1]!;
    console.log(
      `\nround ${round === 0 ? 1 : 2}: liveblog-ingest reaches ${((rate(ours) / rate(bare)) * 100).toFixed(0)}% of the bare loop's fetches/s and spends ${(cpuPer1000(ours) / cpuPer1000(bare)).toFixed(1)}× its CPU per fetch (snapshot gzip + MongoDB write + Redis enqueue + politeness, which the bare loop does not do).`,
    );
  }
  console.log(`\n304 polls: every page unchanged since the poll before; MongoDB commands and document bytes written (WriteMeter), Redis commands (INFO commandstats, BullMQ's included), per poll; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  console.log('| run | polls/s | CPU s per 1,000 polls (all) | of which FerretDB | of which Redis | MongoDB commands per poll | of which writes | document bytes written per poll | Redis commands per poll |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of notModified) {
    const { mongo, redisCommands, ferretSeconds, redisSeconds } = r.sent!;
    const commands = Object.values(mongo.commands).reduce((a, b) => a + b, 0);
    const per = (n: number) => (n / r.fetches).toFixed(2);
    console.log(`| ${r.name} | ${rate(r).toFixed(0)} | ${cpuPer1000(r).toFixed(2)} | ${((ferretSeconds / r.fetches) * 1000).toFixed(2)} | ${((redisSeconds / r.fetches) * 1000).toFixed(2)} | ${per(commands)} | ${per(mongo.writeStatements)} | ${(mongo.documentBytes / r.fetches).toFixed(0)} | ${per(redisCommands)} |`);
  }
  const [plain, drawn] = rendered as [Run, Run];
  console.log(`\nrendered fetches: ${RENDERS} of one script-drawn page, ${RENDER_CONCURRENCY} at a time (RENDER_CONCURRENCY); CPU includes Chromium's processes\n`);
  console.log('| run | outcomes | fetches/s | CPU s per fetch |');
  console.log('|---|---|---|---|');
  for (const r of rendered) {
    const outcomes = Object.entries(r.outcomes).map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(`| ${r.name} | ${outcomes} | ${rate(r).toFixed(1)} | ${(r.cpuSeconds / r.fetches).toFixed(4)} |`);
  }
  console.log(`\na rendered fetch costs ${(drawn.cpuSeconds / drawn.fetches / (plain.cpuSeconds / plain.fetches)).toFixed(0)}× the CPU of a plain fetch of the same page, at ${((rate(drawn) / rate(plain)) * 100).toFixed(1)}% of its rate.`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
