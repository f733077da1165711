import type { ExtractedEntry, JobPayloadOf, QueueName } from '@liveblog/contracts';
import { redisKeys, createRedis, type RedisClient } from '@liveblog/runtime';
import { Store } from '@liveblog/storage';
import { DEFAULT_WINDOW_MS, MinHashIndex } from '@liveblog/similarity';
import { entry, extraction } from '../../../packages/storage/src/testdata/extractions';
import { testEnv } from '../../../tests/harness/env';
import { BandLocks } from './band-locks';
import { dedupExtraction, type DedupDeps } from './dedup-extraction';

interface Enqueued { name: QueueName; payload: unknown; jobId: string }

let store: Store;
let redis: RedisClient;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  redis = createRedis(testEnv().redisUrl);
});
afterAll(async () => {
  await store.close();
  redis.disconnect();
});

/** A queue that holds every job it is given; with `dieAfterEnqueue` the process dies right after. */
function queueRecorder(enqueued: Enqueued[], dieAfterEnqueue = false): DedupDeps['pipeline'] {
  return {
    async enqueue<Q extends QueueName>(name: Q, payload: JobPayloadOf<Q>, jobId: string) {
      enqueued.push({ name, payload, jobId });
      if (dieAfterEnqueue) throw new Error('killed');
    },
  };
}

const minute = (m: number) => new Date(Date.UTC(2024, 10, 4, 10, m));

test('deletions are forwarded once the page is complete, and the fingerprints change only after the enqueue', async () => {
  const liveblogId = 'lb_dedup';
  const similarity = new MinHashIndex({ redis, prefix: testEnv().queuePrefix });
  const deps = (enqueued: Enqueued[], die = false): DedupDeps => ({
    store,
    redis,
    prefix: testEnv().queuePrefix,
    pipeline: queueRecorder(enqueued, die),
    similarity,
    bandLocks: new BandLocks({ redis, prefix: testEnv().queuePrefix }),
    windowMs: DEFAULT_WINDOW_MS,
  });
  const run = async (m: number, entries: ExtractedEntry[], enqueued: Enqueued[], die = false) => {
    const x = extraction(liveblogId, minute(m), entries);
    await store.extractions.put(x);
    return dedupExtraction(x._id, liveblogId, deps(enqueued, die));
  };
  const fingerprints = redisKeys.liveblogFingerprints(testEnv().queuePrefix, liveblogId);
  const all = [entry(1), entry(2), entry(3), entry(4)];

  const first: Enqueued[] = [];
  await run(0, all, first);
  expect(first.map((j) => j.payload)).toEqual([expect.objectContaining({ entryKeys: ['k1', 'k2', 'k3', 'k4'], deletedKeys: [] })]);

  // k4 is gone and k1 edited; the process dies between the enqueue and the fingerprint update.
  const crashed: Enqueued[] = [];
  const edited = [entry(1, 'Neu.'), entry(2), entry(3)];
  await expect(run(1, edited, crashed, true)).rejects.toThrow('killed');
  expect(await redis.hexists(fingerprints, 'k4')).toBe(1);
  const replayed: Enqueued[] = [];
  await run(1, edited, replayed);
  expect(replayed).toEqual(crashed);
  expect(replayed.map((j) => j.payload)).toEqual([expect.objectContaining({ entryKeys: ['k1'], deletedKeys: ['k4'] })]);
  expect(await redis.hexists(fingerprints, 'k4')).toBe(0);

  // One entry of three live ones is no complete page: nothing to forward.
  const truncated: Enqueued[] = [];
  expect(await run(2, [entry(1, 'Neu.')], truncated)).toEqual({ entries: 1, forwarded: 0, deleted: 0 });
  expect(truncated).toEqual([]);

  // Back on the page, k4 is forwarded as new: the indexer restores it.
  const back: Enqueued[] = [];
  await run(3, [entry(1, 'Neu.'), ...all.slice(1)], back);
  expect(back.map((j) => j.payload)).toEqual([expect.objectContaining({ entryKeys: ['k4'], deletedKeys: [] })]);
});

test('the fingerprints expire one window after the last fetch; every fetch renews them, changed or not', async () => {
  const liveblogId = 'lb_window';
  const windowMs = 60_000;
  const similarity = new MinHashIndex({ redis, prefix: testEnv().queuePrefix, windowMs });
  const fingerprints = redisKeys.liveblogFingerprints(testEnv().queuePrefix, liveblogId);
  const run = async (m: number, entries: ExtractedEntry[], window = windowMs) => {
    const enqueued: Enqueued[] = [];
    const x = extraction(liveblogId, minute(m), entries);
    await store.extractions.put(x);
    const prefix = testEnv().queuePrefix;
    await dedupExtraction(x._id, liveblogId, { store, redis, prefix, pipeline: queueRecorder(enqueued), similarity, bandLocks: new BandLocks({ redis, prefix }), windowMs: window });
    return enqueued.map((j) => j.payload);
  };
  // Time passing, without waiting for it: what is left of the window after a quiet spell.
  const age = () => redis.pexpire(fingerprints, 1_000);
  const renewed = async () => expect(await redis.pttl(fingerprints)).toBeGreaterThan(windowMs - 10_000);

  await run(0, [entry(1), entry(2)]);
  await renewed();
  await age();
  expect(await run(1, [entry(1), entry(2)])).toEqual([]);
  await renewed();
  await age();
  expect(await run(2, [entry(1, 'Neu.'), entry(2)])).toEqual([expect.objectContaining({ entryKeys: ['k1'] })]);
  await renewed();

  // Abandoned: nothing renews the fingerprints, and they go.
  await run(3, [entry(1, 'Neu.'), entry(2)], 1_000);
  await new Promise((r) => setTimeout(r, 1_200));
  expect(await redis.exists(fingerprints)).toBe(0);

  // Back after the window: everything on the page is forwarded again, and nothing is deleted, as no
  // live keys are known; the indexer leaves unchanged content alone.
  expect(await run(4, [entry(1, 'Neu.')])).toEqual([expect.objectContaining({ entryKeys: ['k1'], deletedKeys: [] })]);
  await renewed();
});

test('a page showing only its newest three entries: entries scrolling off are not deleted, one deleted on the page is', async () => {
  const liveblogId = 'lb_paginated';
  const similarity = new MinHashIndex({ redis, prefix: testEnv().queuePrefix });
  const run = async (m: number, entries: ExtractedEntry[]) => {
    const enqueued: Enqueued[] = [];
    const x = extraction(liveblogId, minute(m), entries);
    await store.extractions.put(x);
    const prefix = testEnv().queuePrefix;
    const deps = { store, redis, prefix, pipeline: queueRecorder(enqueued), similarity, bandLocks: new BandLocks({ redis, prefix }), windowMs: DEFAULT_WINDOW_MS };
    await dedupExtraction(x._id, liveblogId, deps);
    return enqueued.map((j) => j.payload as { entryKeys: string[]; deletedKeys: string[] });
  };
  /** The newest three of entries 1…n, newest first, as the page shows them. */
  const newest = (n: number, without: number[] = []) =>
    Array.from({ length: n }, (_, i) => n - i).filter((i) => !without.includes(i)).slice(0, 3).map((i) => entry(i));

  expect(await run(0, newest(3))).toEqual([expect.objectContaining({ entryKeys: ['k3', 'k2', 'k1'], deletedKeys: [] })]);
  for (let n = 4; n <= 7; n++) expect(await run(n, newest(n))).toEqual([expect.objectContaining({ entryKeys: [`k${n}`], deletedKeys: [] })]);
  // k6 is taken down: k4 moves up onto the page; that is no new entry, so k6 was deleted, not pushed off.
  expect(await run(8, newest(7, [6]))).toEqual([expect.objectContaining({ entryKeys: [], deletedKeys: ['k6'] })]);
  expect(await redis.pttl(redisKeys.liveblogEntryAges(testEnv().queuePrefix, liveblogId))).toBeGreaterThan(0);
});
