import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Store } from '@liveblog/storage';
import { freePort, SeededRandom, startFerretDB, startRedis, startService, waitForHealthy, SERVICE_NAMES, type ManagedProcess, type ServerHandle, type ServiceName } from '../src';
import { KINDS, Ledger, percentiles, type Kind, type Percentiles } from './ledger';
import { Liveblogs, type Change } from './liveblogs';
import { preseed } from './preseed';
import { backlog, diskBytes, queueDepths, rssMb, type QueueDepths } from './probes';
import { StreamWatcher } from './stream-watcher';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    liveblogs: { type: 'string', default: '20' },
    /** New entries (and edits, deletions) per liveblog and minute. */
    rate: { type: 'string', default: '1' },
    /** intervalSeconds of each source. */
    interval: { type: 'string', default: '10' },
    /** Entries on each page before its source is added. */
    initial: { type: 'string', default: '3' },
    preseed: { type: 'string', default: '0' },
    'preseed-seconds': { type: 'string', default: '1800' },
    faults: { type: 'boolean', default: false },
    /** Seconds after the last change for the pipeline to catch up before counting what is missing. */
    drain: { type: 'string', default: '120' },
    seed: { type: 'string' },
    /** Extra service environment, KEY=VALUE, repeatable. */
    env: { type: 'string', multiple: true, default: [] },
    json: { type: 'string' },
  },
});

const minutes = Number(args.minutes);
const liveblogCount = Number(args.liveblogs);
const rate = Number(args.rate);
const interval = Number(args.interval);
const seed = args.seed ? Number(args.seed) : Date.now() >>> 0;
const ADMIN_TOKEN = 'soak-admin-token-0123456789';
const WINDOW_MS = 5 * 60_000;
const PROGRESS_MS = 10_000;

/** Ctrl-C or SIGTERM ends the run early, still reporting and stopping every process it started. */
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => (stopping = true));

const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sample {
  at: number;
  queues: QueueDepths;
  rss: Record<string, number>;
}

/** The embedded stack and the five services, restartable one by one (faults). */
class Stack {
  redis!: ServerHandle;
  ferret!: ServerHandle;
  readonly services = new Map<ServiceName, ManagedProcess>();
  env: Record<string, string> = {};
  apiUrl = '';

  constructor(readonly dir: string) {}

  async startDatabases(): Promise<void> {
    const [redisPort, ferretPort] = [await freePort(), await freePort()];
    this.redis = await startRedis({ port: redisPort, dir: join(this.dir, 'redis') });
    this.ferret = await startFerretDB({ port: ferretPort, dir: join(this.dir, 'ferretdb') });
  }

  async startServices(extra: Record<string, string>): Promise<void> {
    const port = await freePort();
    const sourcesFile = join(this.dir, 'sources.yml');
    writeFileSync(sourcesFile, 'sources: []\n');
    this.env = {
      REDIS_URL: this.redis.url,
      MONGODB_URL: this.ferret.url,
      MONGODB_DB: 'soak',
      QUEUE_PREFIX: 'soak',
      SOURCES_FILE: sourcesFile,
      PORT: String(port),
      HEALTH_PORT: '0',
      ADMIN_TOKEN,
      RATE_LIMIT_PER_MINUTE: '0',
      FETCH_ALLOWED_HOSTS: '127.0.0.1',
      FETCH_HOST_CONCURRENCY: '16',
      FETCH_HOST_MIN_INTERVAL_MS: '0',
      FETCH_MIN_INTERVAL_SECONDS: String(Math.min(interval, 30)),
      LOG_LEVEL: 'info',
      ...extra,
    };
    this.apiUrl = `http://127.0.0.1:${port}`;
    for (const name of SERVICE_NAMES) await this.start(name);
  }

  async start(name: ServiceName): Promise<void> {
    const proc = startService(name, this.env, { tailLines: 50 });
    this.services.set(name, proc);
    if (name === 'api') await waitForHealthy(`${this.apiUrl}/readyz`, { process: proc, timeoutMs: 60_000 });
    else await proc.waitForLine(/"msg":"started"/, { timeoutMs: 60_000 });
  }

  /** SIGKILL, a moment of absence, then a fresh process. */
  async killAndRestart(name: ServiceName): Promise<void> {
    await this.services.get(name)!.kill();
    await sleep(2_000);
    await this.start(name);
  }

  async restartRedis(): Promise<void> {
    const port = new URL(this.redis.url).port;
    await this.redis.stop();
    await sleep(2_000);
    this.redis = await startRedis({ port: Number(port), dir: join(this.dir, 'redis') });
  }

  async restartFerret(): Promise<void> {
    const port = new URL(this.ferret.url).port;
    await this.ferret.stop();
    await sleep(2_000);
    this.ferret = await startFerretDB({ port: Number(port), dir: join(this.dir, 'ferretdb') });
  }

  rss(): Record<string, number> {
    return Object.fromEntries([...this.services].map(([name, p]) => [name, rssMb(p.pid)]));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.services.values()].map((p) => p.stop()));
    await this.ferret.stop();
    await this.redis.stop();
  }
}

async function addSources(apiUrl: string, urls: readonly string[]): Promise<void> {
  for (const url of urls) {
    const res = await fetch(`${apiUrl}/v1/sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url, intervalSeconds: interval }),
    });
    if (res.status !== 201 && res.status !== 200) throw new Error(`adding ${url}: ${res.status} ${await res.text()}`);
  }
}

/** The faults of a --faults run, each at a random moment between 15% and 65% of the run. */
function faultPlan(random: SeededRandom, durationMs: number): { at: number; what: ServiceName | 'redis' | 'ferretdb' }[] {
  const what: (ServiceName | 'redis' | 'ferretdb')[] = [...SERVICE_NAMES, 'redis', 'ferretdb'];
  return what.map((w) => ({ at: durationMs * (0.15 + 0.5 * random.next()), what: w })).sort((a, b) => a.at - b.at);
}

const s1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
const pctCells = (p: Percentiles) => [p.count, s1(p.p50), s1(p.p95), s1(p.p99), s1(p.max)];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lbi-soak-'));
  mkdirSync(join(dir, 'redis'));
  const random = new SeededRandom(seed ^ 0x5eed);
  const blogs = new Liveblogs(liveblogCount, seed);
  const stack = new Stack(dir);
  const startedAt = new Date();
  log(`soak: ${liveblogCount} liveblogs, ${rate} change/min each, interval ${interval} s, ${minutes} min, preseed ${args.preseed}, faults ${args.faults}, seed ${seed}; data in ${dir}`);
  try {
    await stack.startDatabases();
    const preseedTarget = Number(args.preseed);
    let preseeded = 0;
    if (preseedTarget > 0) {
      const store = await Store.open(stack.ferret.url, 'soak');
      const t0 = Date.now();
      preseeded = await preseed(store, preseedTarget, Number(args['preseed-seconds']) * 1000, log);
      await store.close();
      log(`preseed: ${preseeded} entries in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
    const extraEnv = Object.fromEntries((args.env as string[]).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
    await stack.startServices(extraEnv);
    await blogs.listen();

    const addedAt = new Map<number, number>();
    const ledger = new Ledger((c: Change) => (c.initial ? addedAt.get(c.liveblog)! : c.visibleAt));
    const watcher = new StreamWatcher(`${stack.apiUrl}/v1/stream`, (e) => ledger.record(e));
    await sleep(500);

    blogs.seed(Number(args.initial), Date.now());
    blogs.changes.forEach((c) => ledger.add(c));
    const urls = Array.from({ length: liveblogCount }, (_, i) => blogs.url(i));
    // Added one by one; each counts from its own addition.
    for (const [i, url] of urls.entries()) {
      addedAt.set(i, Date.now());
      await addSources(stack.apiUrl, [url]);
    }
    const t0 = Date.now();
    const bytesAtStart = diskBytes(join(dir, 'ferretdb'));
    const durationMs = minutes * 60_000;
    log(`sources added (API ${stack.apiUrl}); changing pages for ${minutes} min`);

    // Each liveblog changes about `rate` times a minute, at jittered moments.
    const meanGap = 60_000 / rate;
    const nextChange = urls.map(() => t0 + random.next() * meanGap);
    const faults = args.faults ? faultPlan(random, durationMs) : [];
    const faultLog: string[] = [];
    let faultRunning: Promise<void> = Promise.resolve();
    const samples: Sample[] = [];
    let lastProgress = t0;

    while (Date.now() - t0 < durationMs && !stopping) {
      const now = Date.now();
      for (let lb = 0; lb < liveblogCount; lb++) {
        if (nextChange[lb]! > now) continue;
        ledger.add(blogs.change(lb, now));
        nextChange[lb] = now + meanGap * (0.5 + random.next());
      }
      while (faults.length > 0 && faults[0]!.at <= now - t0) {
        const { what } = faults.shift()!;
        faultRunning = faultRunning.then(async () => {
          const at = ((Date.now() - t0) / 1000).toFixed(0);
          log(`fault: ${what} at ${at} s`);
          if (what === 'redis') await stack.restartRedis();
          else if (what === 'ferretdb') await stack.restartFerret();
          else await stack.killAndRestart(what);
          faultLog.push(`${what} at ${at} s (back after ${((Date.now() - t0) / 1000 - Number(at)).toFixed(0)} s)`);
        });
      }
      if (now - lastProgress >= PROGRESS_MS) {
        lastProgress = now;
        const sample: Sample = { at: now, queues: await queueDepths(stack.apiUrl), rss: stack.rss() };
        samples.push(sample);
        const t = ledger.tally('create');
        const late = ledger.pending(Date.now(), (interval + 5) * 1000).length;
        const fresh = percentiles(ledger.freshness((c) => !c.initial && c.visibleAt > now - 60_000));
        const rssTotal = Object.values(sample.rss).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
        log(
          `t=${((now - t0) / 1000).toFixed(0)}s changes ${blogs.changes.length} (creates seen ${t.seen}/${t.made}), unannounced > interval+5 s: ${late}, ` +
            `last-minute freshness p50 ${s1(fresh.p50)} p95 ${s1(fresh.p95)} s, requests ${blogs.requests.length}, queues ${backlog(sample.queues)}, rss ${rssTotal.toFixed(0)} MB, load ${loadavg()[0]!.toFixed(1)}`,
        );
      }
      await sleep(200);
    }
    const changesEnd = Date.now();
    log(`changes stopped; waiting up to ${args.drain} s for the pipeline to catch up`);
    await faultRunning;
    const drainUntil = Date.now() + Number(args.drain) * 1000;
    while (Date.now() < drainUntil && !stopping && ledger.pending(Date.now(), 0).length > 0) await sleep(1_000);
    // A last look for duplicates: announcements that come late.
    await sleep(Math.min(15_000, interval * 1000));
    await watcher.stop();
    samples.push({ at: Date.now(), queues: await queueDepths(stack.apiUrl), rss: stack.rss() });

    const store = await Store.open(stack.ferret.url, 'soak');
    const entries = await store.database.collections.entries.estimatedDocumentCount();
    await store.close();
    const ferretBytes = diskBytes(join(dir, 'ferretdb'));
    const redisBytes = diskBytes(join(dir, 'redis'));

    // Report.
    const out: string[] = [];
    const runMinutes = (changesEnd - t0) / 60_000;
    out.push(`## soak ${startedAt.toISOString()}`);
    out.push('');
    out.push(`${liveblogCount} liveblogs, ${rate} change/min each (edits 10%, deletions 2%, copies across outlets 10% of new entries), source interval ${interval} s, ${runMinutes.toFixed(1)} min of changes + drain; preseed ${preseeded} entries; faults: ${args.faults ? faultLog.join(', ') || 'none happened' : 'off'}; seed ${seed}; ${cpus().length} cores, load average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}; extra env ${JSON.stringify(extraEnv)}`);
    out.push('');
    out.push('Per kind: counts, and seconds from "visible on the page" to "event on /v1/stream" (initial entries: from their source\'s addition).');
    out.push('');
    out.push(row(['kind', 'made', 'seen', 'superseded', 'missing', 'duplicates', 'n', 'p50 s', 'p95 s', 'p99 s', 'max s']));
    out.push(row(Array(11).fill('---')));
    const initial = percentiles(ledger.freshness((c) => c.initial));
    for (const kind of KINDS) {
      const t = ledger.tally(kind);
      out.push(row([kind, t.made, t.seen, t.superseded, t.missing, t.duplicates, ...pctCells(percentiles(ledger.freshness((c) => c.kind === kind && !c.initial)))]));
    }
    out.push(row(['(initial creates)', '', '', '', '', '', ...pctCells(initial)]));
    out.push('');
    out.push(`Stream: ${ledger.unexpected} events matching no change, ${watcher.reconnects} reconnects, ${watcher.gaps} gaps.`);
    out.push('');
    out.push('Freshness per 5-minute window of the run (by the time the change became visible), p50 / p95 / max seconds:');
    out.push('');
    out.push(row(['window', ...KINDS]));
    out.push(row(Array(KINDS.length + 1).fill('---')));
    // Windows of the planned run; the last change may come a moment after it.
    for (let w = 0; w < Math.max(1, Math.round((changesEnd - t0) / WINDOW_MS)); w++) {
      const inWindow = (c: Change, kind: Kind) => !c.initial && c.kind === kind && c.visibleAt - t0 >= w * WINDOW_MS && c.visibleAt - t0 < (w + 1) * WINDOW_MS;
      out.push(row([`${w * 5}–${w * 5 + 5} min`, ...KINDS.map((k) => {
        const p = percentiles(ledger.freshness((c) => inWindow(c, k)));
        return p.count === 0 ? '–' : `${s1(p.p50)} / ${s1(p.p95)} / ${s1(p.max)} (n ${p.count})`;
      })]));
    }
    out.push('');
    // Requests while the pages changed, against one per interval per page.
    const during = blogs.requests.filter((r) => r.at >= t0 && r.at <= changesEnd);
    const perPageMinute = during.length / liveblogCount / runMinutes;
    const needed = 60 / interval;
    const byPage = new Map<number, number[]>();
    for (const r of blogs.requests) {
      const times = byPage.get(r.liveblog) ?? [];
      times.push(r.at);
      byPage.set(r.liveblog, times);
    }
    const gaps = [...byPage.values()].flatMap((times) => times.slice(1).map((t, i) => (t - times[i]!) / 1000));
    const gapP = percentiles(gaps);
    const bursts = gaps.filter((g) => g < 2).length;
    // Less the ±10% jitter of a source's interval, and some slack for a busy machine.
    const early = gaps.filter((g) => g < 0.8 * interval).length;
    out.push(`Requests: ${blogs.requests.length} in all (${blogs.requests.filter((r) => r.status === 304).length} answered 304); while pages changed ${perPageMinute.toFixed(2)} per page per minute against ${needed.toFixed(2)} needed (one per interval): ${(perPageMinute / needed).toFixed(2)}×. Gaps between two requests for one page: p50 ${s1(gapP.p50)} s, p95 ${s1(gapP.p95)} s, max ${s1(gapP.max)} s; ${bursts} of ${gaps.length} under 2 s, ${early} under 0.8 × the interval.`);
    out.push('');
    const peak = (pick: (s: Sample) => number) => Math.max(...samples.map(pick).filter(Number.isFinite));
    const queues = ['fetch', 'parse', 'dedup', 'index'];
    out.push(`Queues, peak waiting+active over ${samples.length} samples: ${queues.map((q) => `${q} ${peak((s) => (s.queues[q]?.waiting ?? 0) + (s.queues[q]?.active ?? 0))}`).join(', ')}; failed at end: ${queues.map((q) => `${q} ${samples[samples.length - 1]!.queues[q]?.failed ?? '?'}`).join(', ')}.`);
    out.push('');
    out.push(`Service RSS, MB (peak / at end): ${SERVICE_NAMES.map((n) => `${n} ${peak((s) => s.rss[n] ?? NaN).toFixed(0)} / ${s1(samples[samples.length - 1]!.rss[n] ?? NaN)}`).join(', ')}.`);
    out.push('');
    const created = ledger.tally('create').made;
    const grown = ferretBytes - bytesAtStart;
    const perDay = (grown / ((changesEnd - t0) / 86_400_000)) / 1e9;
    out.push(
      `Store: ${entries} entries; FerretDB files ${(ferretBytes / 1e6).toFixed(1)} MB at the end, ${(bytesAtStart / 1e6).toFixed(1)} MB when the sources were added. ` +
        `Grown by ${(grown / 1e6).toFixed(1)} MB while ${created} entries were made (${((grown / Math.max(1, created)) * 1000 / 1e6).toFixed(1)} MB per 1,000 entries, snapshots and extractions included), ` +
        `${perDay.toFixed(2)} GB per day at this rate before retention. Redis AOF ${(redisBytes / 1e6).toFixed(1)} MB.`,
    );
    console.log(out.join('\n'));
    if (args.json) {
      writeFileSync(args.json, JSON.stringify({ args, seed, tallies: Object.fromEntries(KINDS.map((k) => [k, ledger.tally(k)])), samples, requests: blogs.requests.length, perPageMinute, needed, entries, ferretBytes, redisBytes, faults: faultLog }, null, 2));
    }
    const missing = KINDS.reduce((n, k) => n + ledger.tally(k).missing, 0);
    const duplicated = KINDS.reduce((n, k) => n + ledger.tally(k).duplicates, 0);
    process.exitCode = missing + duplicated === 0 ? 0 : 1;
  } finally {
    await blogs.close();
    await stack.stop().catch((err: unknown) => log(`stopping: ${String(err)}`));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});
