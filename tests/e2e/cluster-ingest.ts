import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntryEvent, QueueName } from '@liveblog/contracts';
import { Queue } from 'bullmq';
import { freePort, repoRoot, startService, waitForHealthy, type ManagedProcess, type ServiceName } from '@liveblog/devstack';
import { extract } from '@liveblog/extract';
import { entryContentHash, ids } from '@liveblog/fingerprint';
import { redisKeys, type RedisClient } from '@liveblog/runtime';
import type { Store } from '@liveblog/storage';
import { testEnv } from '../harness/env';
import { eventually, sharedDir, writeSourcesFile } from './pipeline-harness';
import type { SeededRandom } from './seeded-random';
import { outletDump, syntheticOutlets, type Outlet } from './synthetic-outlets';

/**
 * What the Redis Cluster suites share: a local site of invented liveblogs that can be edited while the
 * pipeline polls it, the pipeline with several replicas of every service, and the invariants an ingest
 * must end with whatever happened to Redis meanwhile.
 */

interface Expected { liveblogId: string; key: string; contentHash: string; storyId: string }

/** Outlets served over HTTP on loopback; `edit` and `remove` change what the next fetch sees. */
export class OutletSite {
  readonly outlets: Outlet[];
  private server: Server | undefined;
  private base = '';
  /** Entries whose content changed after their first version, and entries taken off their page. */
  readonly edited = new Set<string>();
  readonly removed = new Set<string>();
  /** When each outlet's page was last requested (epoch ms), by outlet name. */
  readonly requested = new Map<string, number>();
  /** Every version ever shown, by entry id: what the revisions must hold. */
  private readonly versions = new Map<string, Set<string>>();

  constructor(private readonly random: SeededRandom, shape: { outlets: number; ownStories: number; sharedStories: number }) {
    this.outlets = syntheticOutlets(random, shape);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const outlet = this.outlets.find((o) => req.url === `/${o.name}.txt`);
      if (outlet) this.requested.set(outlet.name, Date.now());
      res.writeHead(outlet ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(outlet ? outletDump(outlet) : 'not found');
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.record();
  }

  async stop(): Promise<void> {
    await new Promise((r) => this.server?.close(r));
  }

  url(outlet: Outlet): string {
    return `${this.base}/${outlet.name}.txt`;
  }

  sourcesYaml(intervalSeconds: number): string {
    return ['sources:', ...this.outlets.flatMap((o) => [`  - url: ${this.url(o)}`, `    intervalSeconds: ${intervalSeconds}`])].join('\n');
  }

  /**
   * Appends a sentence to the first own story of each of `count` outlets (its key, from the opening
   * words, stays). Never the one removeSome takes: an entry edited and taken off at once may or may not
   * have been seen edited.
   */
  editSome(count: number): void {
    for (const outlet of this.random.sample(this.outlets, count)) {
      const item = outlet.items.find((i) => !i.storyId.startsWith('shared'))!;
      item.text = item.text.replace(/ \(([^)]+)\)$/, ` Nachtrag ${this.random.int(100, 999)}: die Angaben wurden am Abend bestätigt. ($1)`);
    }
    this.record();
  }

  /** Takes one own story off each of `count` outlets' pages: a complete page without it deletes it. */
  removeSome(count: number): void {
    for (const outlet of this.random.sample(this.outlets, count)) {
      // Not the first own story, which editSome edits; with two or more own stories.
      const own = outlet.items.filter((i) => !i.storyId.startsWith('shared'));
      const gone = own[Math.max(1, Math.floor(own.length / 2))]!;
      const [entry] = this.extracted(outlet).filter((e) => e.headline === gone.headline);
      if (entry) this.removed.add(entry.id);
      outlet.items.splice(outlet.items.indexOf(gone), 1);
    }
    this.record();
  }

  private extracted(outlet: Outlet): Array<{ id: string; headline: string | null; key: string; contentHash: string; liveblogId: string }> {
    const url = this.url(outlet);
    const liveblogId = ids.liveblog(url);
    return extract({ body: outletDump(outlet), url }).entries.map((e) => ({ id: ids.entry(liveblogId, e.key), headline: e.headline, key: e.key, contentHash: entryContentHash(e), liveblogId }));
  }

  private readonly latest = new Map<string, Expected>();

  private record(): void {
    for (const outlet of this.outlets) {
      const storyOf = new Map(outlet.items.map((item) => [item.headline, item.storyId]));
      for (const e of this.extracted(outlet)) {
        const seen = this.versions.get(e.id) ?? new Set<string>();
        if (seen.size > 0 && !seen.has(e.contentHash)) this.edited.add(e.id);
        seen.add(e.contentHash);
        this.versions.set(e.id, seen);
        this.latest.set(e.id, { liveblogId: e.liveblogId, key: e.key, contentHash: e.contentHash, storyId: (e.headline && storyOf.get(e.headline)) ?? `lead-${outlet.name}` });
      }
    }
  }

  /** Every entry ever shown, as it last read. */
  expected(): Map<string, Expected> {
    return this.latest;
  }

  revisionCount(): number {
    return [...this.versions.values()].reduce((n, v) => n + v.size, 0);
  }
}

export interface ReplicatedPipeline {
  apiUrls: string[];
  env: Record<string, string>;
  processes: Array<{ name: ServiceName; proc: ManagedProcess; healthUrl: string | null }>;
  stop(): Promise<void>;
}

/**
 * The real, built services against `redisUrl`: `replicas` processes of each worker service and `apis` API
 * processes, each API on a port of its own.
 */
export async function startReplicatedPipeline(opts: { redisUrl: string; sourcesYaml: string; replicas: number; apis: number; env?: Record<string, string> }): Promise<ReplicatedPipeline> {
  const env: Record<string, string> = {
    ...testEnv().env,
    REDIS_URL: opts.redisUrl,
    SOURCES_FILE: writeSourcesFile(opts.sourcesYaml),
    JOB_LOCK_MS: '3000',
    FETCH_ALLOWED_HOSTS: '127.0.0.1',
    FETCH_MIN_INTERVAL_SECONDS: '2',
    // Unchanged pages are polled less often; edits must still be seen within seconds.
    FETCH_MAX_INTERVAL_SECONDS: '6',
    FETCH_FILE_ROOTS: [tmpdir(), sharedDir, join(repoRoot(), 'config')].join(','),
    // Counted, so that the limiter's scripts run on the cluster, but never reached.
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: process.env.LBI_TEST_LOG_LEVEL ?? 'warn',
    ...opts.env,
  };
  const processes: ReplicatedPipeline['processes'] = [];
  const apiUrls: string[] = [];
  const launch = async (name: ServiceName, i: number): Promise<void> => {
    const port = await freePort();
    const own = name === 'api' ? { PORT: String(port) } : { HEALTH_PORT: String(port) };
    const proc = startService(name, { ...env, ...own }, {
      onLine: process.env.LBI_TEST_VERBOSE ? (line) => process.stderr.write(`[${name}#${i}] ${line}\n`) : undefined,
    });
    const healthUrl = `http://127.0.0.1:${port}/readyz`;
    processes.push({ name, proc, healthUrl });
    if (name === 'api') apiUrls.push(`http://127.0.0.1:${port}`);
    await waitForHealthy(healthUrl, { process: proc, timeoutMs: 60_000 });
  };
  const launches: Array<Promise<void>> = [];
  for (let i = 0; i < opts.apis; i++) launches.push(launch('api', i));
  for (const name of ['indexer', 'deduplicator', 'parser', 'fetcher'] as const) for (let i = 0; i < opts.replicas; i++) launches.push(launch(name, i));
  try {
    await Promise.all(launches);
  } catch (error) {
    await Promise.all(processes.map((p) => p.proc.stop()));
    throw error;
  }
  return { apiUrls, env, processes, stop: async () => void (await Promise.all(processes.map((p) => p.proc.stop()))) };
}

/** Until the store holds every entry of the site as it reads now, deletions marked. */
export async function waitUntilIngested(store: Store, site: OutletSite, what: string, timeoutMs = 120_000, queues?: { redis: RedisClient; prefix: string }): Promise<void> {
  const c = store.database.collections;
  const waiting = eventually(
    async () => {
      const docs = await c.entries.find({}, { projection: { _id: 1, contentHash: 1, deletedAt: 1 } }).toArray();
      const behind = docs.filter((d) => d.contentHash !== site.expected().get(d._id)?.contentHash || (d.deletedAt != null) !== site.removed.has(d._id));
      // Thrown, so that a timeout says what is missing.
      if (docs.length !== site.expected().size || behind.length > 0) throw new Error(`${docs.length} of ${site.expected().size} entries, ${behind.length} not as expected: ${JSON.stringify(behind.slice(0, 3))}`);
      return true;
    },
    what,
    timeoutMs,
  );
  if (!queues) return void (await waiting);
  // A stall is told apart by where the work stopped: the queues' counts, failures and the polls planned.
  await waiting.catch(async (error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${await describePipeline(store, queues.redis, queues.prefix)}`);
  });
}

async function describePipeline(store: Store, redis: RedisClient, prefix: string): Promise<string> {
  const lines: string[] = [];
  for (const name of QueueName.options) {
    const queue = new Queue(name, { connection: redis, prefix: redisKeys.queuePrefix(prefix, name) });
    const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'completed', 'failed');
    const failed = (await queue.getFailed(0, 2)).map((j) => `${j.id}: ${j.failedReason}`);
    lines.push(`${name}: ${JSON.stringify(counts)} workers=${(await queue.getWorkers()).length}${failed.length ? ` failed e.g. ${failed.join('; ')}` : ''}`);
    await queue.close();
  }
  const now = Date.now();
  for (const s of await store.sources.list()) {
    const due = s.status.nextDueAt?.getTime();
    if (due === undefined || due < now - 30_000 || s.status.consecutiveFailures > 0) {
      lines.push(`source ${s._id}: due ${due === undefined ? 'never' : `${Math.round((due - now) / 1000)} s`}, last fetched ${s.status.lastFetchedAt?.toISOString() ?? 'never'}, failures ${s.status.consecutiveFailures}`);
    }
  }
  return lines.join('\n');
}

/**
 * The invariants of an ingest: every entry exactly once with its content hash, deletions marked, one
 * revision per version seen, one story cluster per story, and an event for every change.
 */
export async function expectIngestInvariants(store: Store, redis: RedisClient, prefix: string, site: OutletSite): Promise<void> {
  const expected = site.expected();
  const c = store.database.collections;
  const docs = await c.entries.find({}, { projection: { _id: 1, contentHash: 1, clusterId: 1, deletedAt: 1, duplicateOf: 1 } }).toArray();
  expect(docs.map((d) => d._id).sort()).toEqual([...expected.keys()].sort());
  for (const d of docs) {
    expect({ id: d._id, contentHash: d.contentHash, deleted: d.deletedAt != null, duplicateOf: d.duplicateOf ?? null }).toEqual({
      id: d._id,
      contentHash: expected.get(d._id)!.contentHash,
      deleted: site.removed.has(d._id),
      duplicateOf: null,
    });
  }
  expect(await c.revisions.countDocuments({})).toBe(site.revisionCount());

  const clusterOf = new Map(docs.map((d) => [d._id, d.clusterId ?? null]));
  const clustersOfStory = new Map<string, Set<string | null>>();
  for (const [id, e] of expected) clustersOfStory.set(e.storyId, (clustersOfStory.get(e.storyId) ?? new Set()).add(clusterOf.get(id) ?? null));
  expect([...clustersOfStory].filter(([, set]) => set.size !== 1 || set.has(null))).toEqual([]);
  expect(new Set([...clustersOfStory.values()].map((set) => [...set][0])).size).toBe(clustersOfStory.size);

  // A replay after a failover may announce a change again; each change is announced at least once.
  const events = (await redis.xrange(redisKeys.entryEvents(prefix), '-', '+')).map(([, f]) => EntryEvent.parse(JSON.parse(f[1]!)));
  const announced = new Set(events.map((e) => `${e.type} ${e.entryId}`));
  const changes = [
    ...[...expected.keys()].map((id) => `entry.created ${id}`),
    ...[...site.edited].map((id) => `entry.updated ${id}`),
    ...[...site.removed].map((id) => `entry.deleted ${id}`),
  ];
  expect([...announced].sort()).toEqual(changes.sort());
}
