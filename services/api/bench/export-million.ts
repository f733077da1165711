import { fork, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { createLogger, type RedisClient } from '@liveblog/runtime';
import { encodeCursor, type Cursor, type EntryDoc, type Store } from '@liveblog/storage';
import { join } from 'node:path';
import type * as App from '../src/app';
import type { AppDeps } from '../src/app';
import type { EventHub } from '../src/event-hub';
import type * as Cache from '../src/listing-cache';
import { measured, readExport, RSS_EVERY_MS } from './export-reading';

// The app as the service runs it, from services/api/dist: this bench's own compiled copy of src would
// look for the package's version beside it.
const built = <T>(file: string): T => require(join(__dirname, '..', '..', file)) as T;

/**
 * The export's own memory at a size no store on this machine reaches in a bench's time: the real app
 * (routes, paging, CSV and NDJSON writing, backpressure) in a child process over a store whose listing
 * makes up its entries as they are asked for, BENCH_MILLION_ENTRIES of them (1,000,000). Whatever the
 * export held per entry would show as RSS growing with the entries read; the parent reads the export
 * over HTTP and samples the child's RSS.
 */
const ENTRIES = Number(process.env.BENCH_MILLION_ENTRIES ?? 1_000_000);
const T0 = Date.UTC(2026, 0, 1);

function madeUp(i: number): EntryDoc {
  const at = new Date(T0 - i * 1000);
  const text = `Meldung ${i}: Der Pegel lag am Mittag bei ${i % 300} Zentimetern über dem mittleren Hochwasser, sagte ein Sprecher der Stadt, "vorerst" ohne Entwarnung. (dpa)`;
  return {
    _id: `en_${i.toString(16).padStart(16, '0')}`,
    liveblogId: `lb_${(i % 200).toString(16).padStart(16, '0')}`,
    sourceId: `src_${(i % 200).toString(16).padStart(16, '0')}`,
    key: `post-${i}`,
    headline: i % 4 === 0 ? null : `Pegel steigt weiter (${i})`,
    text,
    html: `<p>${text}</p>`,
    publishedAt: at,
    modifiedAt: null,
    authors: ['Nachrichtenredaktion'],
    agencies: ['dpa'],
    pinned: false,
    contentHash: 'h',
    snapshotId: 's',
    firstSnapshotId: 's',
    seenAt: at,
    firstSeenAt: at,
    sortKey: at,
    indexedAt: at,
    deletedAt: null,
    restoredAt: null,
    duplicateOf: null,
    terms: [],
    clusterId: null,
    revisionCount: 1,
  };
}

/** The listing's pages, as EntryStore.search answers them, of entries 0 … ENTRIES-1, newest first. */
const madeUpEntries = {
  search: async (_filters: unknown, cursor: Cursor | null, limit: number) => {
    const first = cursor ? Math.round((T0 - cursor.sortKey.getTime()) / 1000) + 1 : 0;
    const items = Array.from({ length: Math.max(0, Math.min(limit, ENTRIES - first)) }, (_, k) => madeUp(first + k));
    const last = items[items.length - 1];
    return { items, next: last && first + items.length < ENTRIES ? encodeCursor({ sortKey: last.sortKey, id: last._id }) : null };
  },
};

async function serve(): Promise<void> {
  const { createApp } = built<typeof App>('app.js');
  const { ListingCache } = built<typeof Cache>('listing-cache.js');
  const store = { entries: madeUpEntries } as unknown as Store;
  const deps: AppDeps = {
    store,
    readinessChecks: {},
    logger: createLogger('bench', 'warn'),
    admin: { token: undefined, manager: {} as AppDeps['admin']['manager'], sources: {} as AppDeps['admin']['sources'], reparse: () => Promise.reject(new Error('not used')), fetchLog: {} as AppDeps['admin']['fetchLog'] },
    webhooks: { webhooks: {} as AppDeps['webhooks']['webhooks'], deliveries: {} as AppDeps['webhooks']['deliveries'] },
    events: { hub: {} as EventHub, redis: {} as RedisClient },
    cache: new ListingCache(0),
    manners: { corsOrigins: [], rateLimitPerMinute: 0, redisPrefix: 'bench', apiKeys: [] },
    operator: { adminToken: undefined, queues: [], registry: {} as AppDeps['operator']['registry'], tracker: {} as AppDeps['operator']['tracker'], store },
  };
  const server = createApp(deps).listen(0, '127.0.0.1', () => process.send!((server.address() as AddressInfo).port));
  // What is left on the heap once garbage is collected: what an export kept, if anything.
  process.on('message', () => {
    global.gc!();
    process.send!(process.memoryUsage().heapUsed / 1024 / 1024);
  });
}

function heapAfterGc(child: ChildProcess): Promise<number> {
  const answer = new Promise<number>((resolve) => child.once('message', (m) => resolve(m as number)));
  child.send('heap');
  return answer;
}

async function measure(pid: number, url: string, header: number): Promise<string> {
  const load = loadavg()[0]!;
  const m = await measured(pid, (atTenth) => readExport(url, header, { entries: ENTRIES / 10, passed: atTenth }));
  if (m.entries !== ENTRIES) throw new Error(`${url}: ${m.entries} entries, expected ${ENTRIES}`);
  const growth = m.rssPeakAfterTenth! - m.rssAtTenth!;
  return `| ${url.slice(url.indexOf('/v1'))} | ${m.entries} | ${(m.bytes / 1e6).toFixed(0)} | ${m.seconds.toFixed(1)} | ${Math.round(m.entries / m.seconds)} | ${m.rssStart.toFixed(0)} | ${m.rssPeak.toFixed(0)} | ${m.rssAtTenth!.toFixed(0)} | ${growth.toFixed(0)} | ${load.toFixed(1)} |`;
}

async function run(child: ChildProcess, url: string, header: number): Promise<string> {
  const row = await measure(child.pid!, url, header);
  return `${row} ${(await heapAfterGc(child)).toFixed(1)} |`;
}

async function main(): Promise<void> {
  const child = fork(__filename, ['serve'], { stdio: 'inherit', execArgv: ['--expose-gc'] });
  try {
    const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(m as number)));
    const base = `http://127.0.0.1:${port}`;
    // Warm-up, not measured: the code paths compiled, the heap grown to its working size.
    await (await fetch(`${base}/v1/entries?limit=100`)).text();
    const rows: string[] = [`| before (warmed up) | | | | | | | | | | ${(await heapAfterGc(child)).toFixed(1)} |`];
    for (const [path, header] of [['/v1/entries.csv', 1], ['/v1/entries.ndjson', 0], ['/v1/entries.csv', 1]] as const) {
      const row = await run(child, `${base}${path}`, header);
      process.stderr.write(`${row}\n`);
      rows.push(row);
    }
    console.log(`\n### Export of ${ENTRIES} made-up entries (no store; the app in a child process, its RSS sampled every ${RSS_EVERY_MS} ms; ${cpus().length} cores)\n`);
    console.log('| request | entries | MB | s | entries/s | RSS start MB | RSS peak MB | RSS at 1/10 MB | growth after 1/10 MB | load (1 min) | heap after GC MB |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const row of rows) console.log(row);
  } finally {
    child.kill();
  }
}

if (process.argv[2] === 'serve') void serve();
else
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
