import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Store } from '@liveblog/storage';
import { ferretdbBackend, freePort, SeededRandom, startFerretDB, startRedis, startService, waitForHealthy, SERVICE_NAMES, type ManagedProcess, type ServerHandle, type ServiceName } from '../src';
import { KINDS, Ledger, percentiles, type Kind, type Percentiles } from './ledger';
import { Liveblogs, type Change } from './liveblogs';
import { preseed } from './preseed';
import { backlog, collectionSizes, CpuMeter, diskBytes, queueDepths, rssMb, type CollectionSize, type QueueDepths } from './probes';
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
    'initial-span': { type: 'string', default: '0' },
    /** KB of scripts, link menus and footer around the entries of each page (real pages: 200–800). */
    'page-kb': { type: 'string', default: '0' },
    /** What FerretDB stores documents in: sqlite or postgresql (default FERRETDB_BACKEND, else sqlite). */
    backend: { type: 'string' },
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
const backend = ferretdbBackend({ FERRETDB_BACKEND: args.backend ?? process.env.FERRETDB_BACKEND });
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
  /** FerretDB's files, bytes. */
  disk: number;
}

/** The store when the steady state began (the start burst drained) and when the changes stopped. */
interface StoreMark {
  at: number;
  disk: number;
  collections: Record<string, CollectionSize>;
}

/** Queues the start burst fills; the steady state begins once each holds fewer than this many jobs. */
const BURST_QUEUES = ['parse', 'dedup', 'index'];
const DRAINED_BELOW = 10;

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
    this.ferret = await startFerretDB({ port: ferretPort, dir: join(this.dir, 'ferretdb'), backend });
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
    this.ferret = await startFerretDB({ port: Number(port), dir: join(this.dir, 'ferretdb'), backend });
  }

  rss(): Record<string, number> {
    return Object.fromEntries([...this.services].map(([name, p]) => [name, rssMb(p.pid)]));
  }

  pids(): Record<string, number | undefined> {
    return { ferretdb: this.ferret.pid, ...(this.ferret.backendPid ? { postgresql: this.ferret.backendPid } : {}), redis: this.redis.pid, ...Object.fromEntries([...this.services].map(([name, p]) => [name, p.pid])) };
  }

  async mark(): Promise<StoreMark> {
    const store = await Store.open(this.ferret.url, 'soak');
    try {
      return { at: Date.now(), disk: diskBytes(join(this.dir, 'ferretdb')), collections: await collectionSizes(store.database.db) };
    } finally {
      await store.close();
    }
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

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/**
 * Disk use in the steady state: growth of FerretDB's files per day, per collection (collStats sizes,
 * the documents' bytes), and the bytes stored per change beside the new text the change brought.
 */
function steadyReport(from: StoreMark | null, to: StoreMark, t0: number, changes: readonly Change[], steady: boolean): string[] {
  if (!from) return ['No mark of the store before the end (the run was cut short): no disk rate.'];
  const seconds = (to.at - from.at) / 1000;
  const made = changes.filter((c) => !c.initial && c.visibleAt >= from.at && c.visibleAt < to.at);
  const text = made.reduce((n, c) => n + c.textBytes, 0);
  const grown = to.disk - from.disk;
  const perDay = (bytes: number) => (bytes / seconds) * 86_400;
  const docBytes = (sizes: Record<string, CollectionSize>) => Object.values(sizes).reduce((n, c) => n + c.bytes, 0);
  const docsGrown = docBytes(to.collections) - docBytes(from.collections);
  const out = [
    (steady ? 'Steady state' : `**Not a steady state** (a burst queue held ${DRAINED_BELOW} jobs or more until the changes stopped): the second half of the run`) +
      ` from t=${((from.at - t0) / 1000).toFixed(0)} s for ${seconds.toFixed(0)} s: ${made.length} changes bringing ${(text / 1e3).toFixed(1)} KB of new text ` +
      `(${(text / Math.max(1, made.length)).toFixed(0)} bytes per change). FerretDB files grew ${mb(grown)} MB (${(grown / seconds / 1e6).toFixed(3)} MB/s), ` +
      `**${(perDay(grown) / 1e9).toFixed(2)} GB per day**; documents grew ${mb(docsGrown)} MB: ` +
      `**${(grown / Math.max(1, made.length) / 1e3).toFixed(1)} KB of files and ${(docsGrown / Math.max(1, made.length) / 1e3).toFixed(1)} KB of documents stored per change** against ${(text / Math.max(1, made.length)).toFixed(0)} bytes of new text.`,
    '',
    'Collections (collStats: documents\' bytes) at the end of the changes, and their growth per day in the steady state:',
    '',
    row(['collection', 'MB', 'documents', 'average KB', 'MB per day']),
    row(Array(5).fill('---')),
  ];
  const names = Object.keys(to.collections).sort((a, b) => to.collections[b]!.bytes - to.collections[a]!.bytes);
  for (const name of names) {
    const c = to.collections[name]!;
    const before = from.collections[name]?.bytes ?? 0;
    out.push(row([name, mb(c.bytes), c.count, c.count === 0 ? '–' : (c.bytes / c.count / 1e3).toFixed(1), mb(perDay(c.bytes - before))]));
  }
  return out;
}

/** Each process's CPU over the run, as a share of one core and of what the whole stack used. */
function cpuReport(used: Record<string, number>, seconds: number): string {
  const total = Object.values(used).reduce((a, b) => a + b, 0);
  const parts = Object.entries(used)
    .sort((a, b) => b[1] - a[1])
    .map(([name, s]) => `${name} ${((s / seconds) * 100).toFixed(0)}% of a core (${((s / Math.max(total, 1e-9)) * 100).toFixed(0)}%)`);
  return `CPU over the ${seconds.toFixed(0)} s of changes (share of the stack's ${((total / seconds) * 100).toFixed(0)}% of a core): ${parts.join(', ')}.`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lbi-soak-'));
  mkdirSync(join(dir, 'redis'));
  const random = new SeededRandom(seed ^ 0x5eed);
  const blogs = new Liveblogs(liveblogCount, seed, Number(args['page-kb']));
  const stack = new Stack(dir);
  const startedAt = new Date();
  log(`soak: FerretDB on ${backend}, ${liveblogCount} liveblogs (${args.initial} entries published over ${args['initial-span']} min, ${args['page-kb']} KB of furniture each), ${rate} change/min each, interval ${interval} s, ${minutes} min, preseed ${args.preseed}, faults ${args.faults}, seed ${seed}; data in ${dir}`);
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

    blogs.seed(Number(args.initial), Date.now(), Number(args['initial-span']) * 60_000);
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
    const cpu = new CpuMeter();
    cpu.sample(stack.pids());
    let steadyFrom: StoreMark | null = null;
    let halfway: StoreMark | null = null;
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
        const sample: Sample = { at: now, queues: await queueDepths(stack.apiUrl), rss: stack.rss(), disk: diskBytes(join(dir, 'ferretdb')) };
        samples.push(sample);
        cpu.sample(stack.pids());
        const drained = BURST_QUEUES.every((q) => sample.queues[q] !== undefined && (sample.queues[q]!.waiting ?? 0) + (sample.queues[q]!.active ?? 0) < DRAINED_BELOW);
        if (!halfway && now - t0 >= durationMs / 2) halfway = await stack.mark();
        if (!steadyFrom && drained) {
          steadyFrom = await stack.mark();
          log(`start burst drained at t=${((steadyFrom.at - t0) / 1000).toFixed(0)}s; steady state from here`);
        }
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
    cpu.sample(stack.pids());
    const steadyTo = await stack.mark();
    log(`changes stopped; waiting up to ${args.drain} s for the pipeline to catch up`);
    await faultRunning;
    const drainUntil = Date.now() + Number(args.drain) * 1000;
    while (Date.now() < drainUntil && !stopping && ledger.pending(Date.now(), 0).length > 0) await sleep(1_000);
    // A last look for duplicates: announcements that come late.
    await sleep(Math.min(15_000, interval * 1000));
    await watcher.stop();
    samples.push({ at: Date.now(), queues: await queueDepths(stack.apiUrl), rss: stack.rss(), disk: diskBytes(join(dir, 'ferretdb')) });

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
    out.push(`${liveblogCount} liveblogs (${args.initial} entries on each page when added, published over the ${args['initial-span']} minutes before, ${args['page-kb']} KB of furniture around them), ${rate} change/min each (edits 10%, deletions 2%, copies across outlets 10% of new entries), FerretDB on ${backend}, source interval ${interval} s, ${runMinutes.toFixed(1)} min of changes + drain; preseed ${preseeded} entries; faults: ${args.faults ? faultLog.join(', ') || 'none happened' : 'off'}; seed ${seed}; ${cpus().length} cores, load average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}; extra env ${JSON.stringify(extraEnv)}`);
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
    for (const { kind, first, again } of ledger.repeats.slice(0, 20)) {
      const how = first.streamId === again.streamId ? 'the same event received twice' : first.snapshotId === again.snapshotId ? 'announced twice for one snapshot' : 'announced again by another snapshot';
      out.push(`Duplicate ${kind} ${first.key}: ${how} (${first.type} ${first.streamId} of ${first.snapshotId}, then ${again.type} ${again.streamId} of ${again.snapshotId}).`);
    }
    if (ledger.repeats.length > 0) out.push('');
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
    const createP95 = (from: number, to: number) => percentiles(ledger.freshness((c) => !c.initial && c.kind === 'create' && c.visibleAt - t0 >= from && c.visibleAt - t0 < to)).p95;
    out.push('');
    out.push(`Creates p95: ${s1(createP95(0, WINDOW_MS))} s in the first 5 minutes, ${s1(createP95(WINDOW_MS, Infinity))} s after them.`);
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
    out.push('');
    out.push(...steadyReport(steadyFrom ?? halfway, steadyTo, t0, blogs.changes, steadyFrom !== null));
    out.push('');
    out.push(cpuReport(cpu.seconds(), (changesEnd - t0) / 1000));
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
