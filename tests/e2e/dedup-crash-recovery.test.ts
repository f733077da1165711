import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EntryEvent } from '@liveblog/contracts';
import { extract } from '@liveblog/extract';
import { entryContentHash, ids } from '@liveblog/fingerprint';
import { redisKeys, createRedis, type RedisClient } from '@liveblog/runtime';
import { containment, MINHASH_CHOSEN, MinHashIndex, shingleSet } from '@liveblog/similarity';
import { Store } from '@liveblog/storage';
import { Queue } from 'bullmq';
import { MIN_CLUSTER_TEXT_CHARS } from '../../services/deduplicator/src/clusters';
import { testEnv } from '../harness/env';
import { eventually, startPipeline, tempDir, writeSourcesFile, type RunningPipeline } from './pipeline-harness';
import { SeededRandom, testSeed } from './seeded-random';
import { outletDump, syntheticOutlets } from './synthetic-outlets';

const OUTLETS = 20;
const OWN_STORIES = 8;
const SHARED_STORIES = 16;
const KILLS = 6;
/** Longest random pause between the deduplicator showing progress and its SIGKILL. */
const MAX_KILL_DELAY_MS = 300;

interface Expected { liveblogId: string; key: string; contentHash: string; storyId: string; text: string }

describe('crash recovery of the deduplicator', () => {
  const seed = testSeed();
  const random = new SeededRandom(seed);
  const dir = tempDir('lbi-dedup-crash-');
  let pipeline: RunningPipeline;
  let store: Store;
  let redis: RedisClient;
  let dedupQueue: Queue;
  let indexQueue: Queue;
  /** By entry id, as the extraction library reads the files. */
  const expected = new Map<string, Expected>();

  beforeAll(async () => {
    // Printed first: the seed repeats the outlets and the kill delays (LBI_TEST_SEED=<seed>).
    process.stdout.write(`dedup crash recovery: LBI_TEST_SEED=${seed}\n`);
    for (const outlet of syntheticOutlets(random, { outlets: OUTLETS, ownStories: OWN_STORIES, sharedStories: SHARED_STORIES })) {
      const path = join(dir.path, `${outlet.name}.txt`);
      const body = outletDump(outlet);
      writeFileSync(path, body);
      const url = pathToFileURL(path).href;
      const liveblogId = ids.liveblog(url);
      const storyOf = new Map(outlet.items.map((item) => [item.headline, item.storyId]));
      for (const e of extract({ body, url }).entries) {
        const storyId = (e.headline && storyOf.get(e.headline)) ?? `lead-${outlet.name}`;
        expected.set(ids.entry(liveblogId, e.key), { liveblogId, key: e.key, contentHash: entryContentHash(e), storyId, text: e.text });
      }
    }
    store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
    redis = createRedis(testEnv().redisUrl);
    const queue = (name: 'dedup' | 'index') => new Queue(name, { connection: redis, prefix: redisKeys.queuePrefix(testEnv().queuePrefix, name) });
    dedupQueue = queue('dedup');
    indexQueue = queue('index');
  });

  afterAll(async () => {
    await pipeline?.stop();
    await dedupQueue?.close();
    await indexQueue?.close();
    await store?.close();
    redis?.disconnect();
    dir.remove();
  });

  test('the invented outlets parse and cluster as the test expects', () => {
    const stories = new Set([...expected.values()].map((e) => e.storyId));
    // Each outlet's lead is a story of its own.
    expect(stories.size).toBe(OUTLETS * (1 + OWN_STORIES) + SHARED_STORIES);
    expect(expected.size).toBeGreaterThanOrEqual(stories.size + SHARED_STORIES);
    // Copies of a story are near-duplicates of each other, different stories are not, so that the
    // clusters the pipeline must reach are well defined whichever copy it sees first.
    const long = [...expected.values()]
      .filter((e) => e.text.length >= MIN_CLUSTER_TEXT_CHARS)
      .map((e) => ({ storyId: e.storyId, set: shingleSet(e.text, MINHASH_CHOSEN.shingleSize) }));
    expect(long).toHaveLength(expected.size - OUTLETS);
    for (const [i, a] of long.entries()) {
      for (const b of long.slice(i + 1)) {
        const share = containment(a.set, b.set);
        if (a.storyId === b.storyId) expect([a.storyId, share >= MINHASH_CHOSEN.minContainment]).toEqual([a.storyId, true]);
        else expect([a.storyId, b.storyId, share < MINHASH_CHOSEN.minContainment - 0.1]).toEqual([a.storyId, b.storyId, true]);
      }
    }
  });

  test(`SIGKILL of the deduplicator at ${KILLS} random moments: every entry once, in the right cluster, nothing spurious`, async () => {
    const began = Date.now();
    const sourcesFile = writeSourcesFile(`sources:\n  - path: ${join(dir.path, '*.txt')}\n    intervalSeconds: 3600\n`);
    // Several dedup jobs at once, so that kills also land while copies of a story wait on each other's band locks.
    pipeline = await startPipeline({ sourcesFile, services: ['indexer', 'deduplicator', 'parser', 'fetcher'], env: { WORKER_CONCURRENCY: '3' } });
    const deduplicated = async () => (await dedupQueue.getJobCounts('completed')).completed ?? 0;
    const indexed = () => store.database.collections.entries.countDocuments({});

    const kills: Array<{ deduplicated: number; indexed: number; midJob: boolean; afterMs: number }> = [];
    let floor = 0;
    let startedAt = Date.now();
    while (kills.length < KILLS) {
      await eventually(async () => ((await deduplicated()) > floor ? true : undefined), 'the deduplicator to make progress', 60_000);
      const pause = random.int(0, MAX_KILL_DELAY_MS);
      await new Promise((r) => setTimeout(r, pause));
      if ((await deduplicated()) === OUTLETS) break;
      // Taken by this process, not left active by the one killed before it.
      const midJob = (await dedupQueue.getJobs(['active'])).some((job) => (job.processedOn ?? 0) >= startedAt);
      await pipeline.services.get('deduplicator')!.kill();
      floor = await deduplicated();
      kills.push({ deduplicated: floor, indexed: await indexed(), midJob, afterMs: Date.now() - began });
      startedAt = Date.now();
      await pipeline.start('deduplicator');
    }
    process.stdout.write(`dedup crash recovery (seed ${seed}): kills ${JSON.stringify(kills)}\n`);
    // The first kill really landed in the middle of ingestion; a test whose kills all come too late proves nothing.
    expect(kills.length).toBeGreaterThanOrEqual(2);
    expect(kills[0]!.deduplicated).toBeLessThan(OUTLETS);
    expect(kills.filter((k) => k.midJob).length).toBeGreaterThanOrEqual(1);

    const settled = async () => {
      const counts = [await dedupQueue.getJobCounts('wait', 'active', 'delayed', 'prioritized'), await indexQueue.getJobCounts('wait', 'active', 'delayed', 'prioritized')];
      const busy = counts.some((c) => Object.values(c).some((n) => n > 0));
      return !busy && (await indexed()) === expected.size && (await deduplicated()) === OUTLETS ? true : undefined;
    };
    await eventually(settled, 'every outlet deduplicated and indexed', 90_000);
    process.stdout.write(`dedup crash recovery (seed ${seed}): ${expected.size} entries, ${kills.length} kills, settled after ${Date.now() - began} ms\n`);
    expect(await dedupQueue.getJobCounts('failed')).toEqual({ failed: 0 });

    const c = store.database.collections;
    const docs = await c.entries.find({}, { projection: { _id: 1, contentHash: 1, liveblogId: 1, key: 1, clusterId: 1, deletedAt: 1, duplicateOf: 1 } }).toArray();
    // Every entry exactly once, as extracted, and nothing deleted or marked a re-post.
    expect(docs.map((d) => d._id).sort()).toEqual([...expected.keys()].sort());
    for (const d of docs) {
      expect({ id: d._id, contentHash: d.contentHash, deletedAt: d.deletedAt ?? null, duplicateOf: d.duplicateOf ?? null }).toEqual({
        id: d._id,
        contentHash: expected.get(d._id)!.contentHash,
        deletedAt: null,
        duplicateOf: null,
      });
    }
    // One revision per entry: a replayed job made no second version.
    expect(await c.revisions.countDocuments({})).toBe(expected.size);
    // Only creations were announced, each once: a replayed job finds its announcement made.
    const events = (await redis.xrange(redisKeys.entryEvents(testEnv().queuePrefix), '-', '+')).map(([, f]) => EntryEvent.parse(JSON.parse(f[1]!)));
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['entry.created']));
    expect(new Set(events.map((e) => e.entryId)).size).toBe(expected.size);
    expect(events).toHaveLength(expected.size);

    // Clusters: one per story, named after one of its copies, listing exactly the entries that carry it.
    const clusterOf = new Map(docs.map((d) => [d._id, d.clusterId]));
    const clustersOfStory = new Map<string, Set<string | null>>();
    for (const [id, e] of expected) clustersOfStory.set(e.storyId, (clustersOfStory.get(e.storyId) ?? new Set()).add(clusterOf.get(id) ?? null));
    const split = [...clustersOfStory].filter(([, set]) => set.size !== 1 || set.has(null));
    expect(split).toEqual([]);
    const storyClusters = [...clustersOfStory.values()].map((set) => [...set][0]);
    expect(new Set(storyClusters).size).toBe(clustersOfStory.size);
    for (const [id, clusterId] of clusterOf) expect([id, expected.get(clusterId!)?.storyId]).toEqual([id, expected.get(id)!.storyId]);
    const members = new Map<string, string[]>();
    for (const cluster of await c.clusters.find({}).toArray()) {
      for (const m of cluster.members) members.set(m.entryId, [...(members.get(m.entryId) ?? []), cluster._id]);
    }
    const misfiled = docs.filter((d) => JSON.stringify(members.get(d._id)) !== JSON.stringify([d.clusterId]));
    expect(misfiled.map((d) => ({ id: d._id, clusterId: d.clusterId, listedIn: members.get(d._id) }))).toEqual([]);

    // The dedup state agrees: each liveblog's fingerprints are exactly its entries' content hashes, and
    // the near-duplicate index labels each entry with the cluster the store has.
    for (const liveblogId of new Set([...expected.values()].map((e) => e.liveblogId))) {
      const { ['@liveblog']: _meta, ...fingerprints } = await redis.hgetall(redisKeys.liveblogFingerprints(testEnv().queuePrefix, liveblogId));
      const want = Object.fromEntries([...expected.values()].filter((e) => e.liveblogId === liveblogId).map((e) => [e.key, e.contentHash]));
      expect(fingerprints).toEqual(want);
    }
    const clustered = docs.filter((d) => expected.get(d._id)!.text.length >= MIN_CLUSTER_TEXT_CHARS);
    const labels = await new MinHashIndex({ redis, prefix: testEnv().queuePrefix }).labels(clustered.map((d) => d._id));
    const disagreeing = clustered.filter((d, i) => (JSON.parse(labels[i] ?? 'null') as { clusterId: string } | null)?.clusterId !== d.clusterId);
    expect(disagreeing.map((d) => d._id)).toEqual([]);
  }, 180_000);
});
