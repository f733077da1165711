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
    // The first page comes in the backfill lane.
    return dedupExtraction(x._id, liveblogId, deps(enqueued, die), m === 0);
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
  const run = async (m: number, entries: ExtractedEntry[], window = windowMs, backfill = m === 0) => {
    const enqueued: Enqueued[] = [];
    const x = extraction(liveblogId, minute(m), entries);
    await store.extractions.put(x);
    const prefix = testEnv().queuePrefix;
    await dedupExtraction(x._id, liveblogId, { store, redis, prefix, pipeline: queueRecorder(enqueued), similarity, bandLocks: new BandLocks({ redis, prefix }), windowMs: window }, backfill);
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

  // Back after the window: new to the deduplicator, the page has no news (its entries are undated) and
  // is left to the backfill, where everything on it is forwarded again, and nothing is deleted, as no
  // live keys are known; the indexer leaves unchanged content alone.
  expect(await run(4, [entry(1, 'Neu.')], windowMs, false)).toEqual([expect.objectContaining({ liveblogId })]);
  expect(await run(4, [entry(1, 'Neu.')], windowMs, true)).toEqual([expect.objectContaining({ entryKeys: ['k1'], deletedKeys: [] })]);
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
    await dedupExtraction(x._id, liveblogId, deps, m === 0);
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

describe('a liveblog\'s pages in any order: a later page deduplicated before the first one', () => {
  const prefix = testEnv().queuePrefix;
  const hour = (h: number, m = 0) => new Date(Date.UTC(2026, 11, 7, h, m));
  /** Published at `at`: entries before the source was added (10:00) are the backlog, after it news. */
  const dated = (i: number, at: Date, text?: string, modifiedAt: Date | null = null): ExtractedEntry => ({ ...entry(i, text), publishedAt: at.toISOString(), modifiedAt: modifiedAt?.toISOString() ?? null });
  const backlog = (i: number) => dated(i, hour(9, 60 - i));

  interface Recorded extends Enqueued { backfill: boolean }
  /** Records each job with its lane; with `dieAfter` n enqueues, the process dies right after the n-th. */
  function lanes(enqueued: Recorded[], dieAfter = Infinity): DedupDeps['pipeline'] {
    return {
      async enqueue<Q extends QueueName>(name: Q, payload: JobPayloadOf<Q>, jobId: string, options?: { lane?: { backfill: boolean } }) {
        enqueued.push({ name, payload, jobId, backfill: options?.lane?.backfill === true });
        if (enqueued.length >= dieAfter) throw new Error('killed');
      },
    };
  }

  async function setup(name: string) {
    const { source } = await store.sources.create({ url: `https://burst.example/${name}`, kind: 'liveblog', intervalSeconds: 10, liveblogIntervalSeconds: 60, render: false }, hour(10));
    const liveblogId = `lb_${name}`;
    const similarity = new MinHashIndex({ redis, prefix });
    const page = async (m: number, entries: ExtractedEntry[]) => {
      const x = { ...extraction(liveblogId, hour(10, m), entries), sourceId: source._id };
      await store.extractions.put(x);
      return x._id;
    };
    const run = async (snapshotId: string, backfill: boolean, dieAfter = Infinity) => {
      const enqueued: Recorded[] = [];
      const deps: DedupDeps = { store, redis, prefix, pipeline: lanes(enqueued, dieAfter), similarity, bandLocks: new BandLocks({ redis, prefix }), windowMs: DEFAULT_WINDOW_MS };
      await dedupExtraction(snapshotId, liveblogId, deps, backfill);
      return enqueued.map((j) => ({ jobId: j.jobId, backfill: j.backfill, ...(j.name === 'index' ? pick(j.payload) : {}) }));
    };
    const live = async () => Object.keys(await redis.hgetall(redisKeys.liveblogFingerprints(prefix, liveblogId))).filter((k) => !k.startsWith('@')).sort();
    return { page, run, live };
  }
  const pick = (payload: unknown) => {
    const { entryKeys, deletedKeys } = payload as { entryKeys: string[]; deletedKeys: string[] };
    return { entryKeys, deletedKeys };
  };

  // The first page shows k1…k4; a minute later k5 is new, k1 edited, k2 deleted.
  const firstPage = [4, 3, 2, 1].map(backlog);
  const laterPage = [dated(5, hour(10, 1)), backlog(4), backlog(3), dated(1, hour(9, 59), 'Neu.', hour(10, 1))];

  test('the later page\'s news is forwarded at once in the fresh lane; the first page, then the rest, leave what sequential order leaves', async () => {
    const { page, run, live } = await setup('news-first');
    const [first, later] = [await page(0, firstPage), await page(1, laterPage)];

    expect(await run(later, false)).toEqual([
      { jobId: `index.${later}.news`, backfill: false, entryKeys: ['k5', 'k1'], deletedKeys: [] },
      { jobId: `dedup.${later}.rest`, backfill: true },
    ]);
    // The first page comes after a newer one: it forwards the entries nobody forwarded, deletes nothing,
    // and leaves k1 as edited.
    expect(await run(first, true)).toEqual([{ jobId: `index.${first}`, backfill: true, entryKeys: ['k4', 'k3', 'k2'], deletedKeys: [] }]);
    // The rest of the later page judges against the first page: k2 is gone.
    expect(await run(later, true)).toEqual([{ jobId: `index.${later}`, backfill: true, entryKeys: [], deletedKeys: ['k2'] }]);
    expect(await live()).toEqual(['k1', 'k3', 'k4', 'k5']);
    // The first page's job run again (a replay, or a job that stalled) forwards nothing and rolls nothing back.
    expect(await run(first, true)).toEqual([]);
    expect(await run(later, false)).toEqual([]);
    expect(await live()).toEqual(['k1', 'k3', 'k4', 'k5']);
  });

  test('the rest of the later page before the first page: the first page forwards nothing the later page no longer shows within its reach', async () => {
    const { page, run, live } = await setup('rest-first');
    const [first, later] = [await page(0, firstPage), await page(1, laterPage)];
    await run(later, false);
    expect(await run(later, true)).toEqual([{ jobId: `index.${later}`, backfill: true, entryKeys: ['k4', 'k3'], deletedKeys: [] }]);
    // k2 sorts within the later page's reach, which did not show it: deleted in between, never forwarded.
    expect(await run(first, true)).toEqual([]);
    expect(await live()).toEqual(['k1', 'k3', 'k4', 'k5']);
  });

  test('killed after each enqueue: a replay queues the same jobs under the same ids and records them once', async () => {
    const { page, run, live } = await setup('crashes');
    const [first, later] = [await page(0, firstPage), await page(1, laterPage)];
    // Dies after the news index job, then after the rest job: the fingerprints are untouched both times.
    await expect(run(later, false, 1)).rejects.toThrow('killed');
    await expect(run(later, false, 2)).rejects.toThrow('killed');
    expect(await live()).toEqual([]);
    const replayed = await run(later, false);
    expect(replayed.map((j) => j.jobId)).toEqual([`index.${later}.news`, `dedup.${later}.rest`]);
    expect(await live()).toEqual(['k1', 'k5']);
    // The first page dies after its enqueue; its replay forwards the same entries under the same id.
    await expect(run(first, true, 1)).rejects.toThrow('killed');
    expect(await live()).toEqual(['k1', 'k5']);
    expect(await run(first, true)).toEqual([{ jobId: `index.${first}`, backfill: true, entryKeys: ['k4', 'k3', 'k2'], deletedKeys: [] }]);
    expect(await run(later, true)).toEqual([{ jobId: `index.${later}`, backfill: true, entryKeys: [], deletedKeys: ['k2'] }]);
    expect(await live()).toEqual(['k1', 'k3', 'k4', 'k5']);
  });

  test('until a page is read whole, each later change forwards only its news in the fresh lane', async () => {
    const { page, run, live } = await setup('second-change');
    const [first, later, third] = [await page(0, firstPage), await page(1, laterPage), await page(2, [dated(6, hour(10, 2)), ...laterPage])];
    await run(later, false);
    expect(await run(third, false)).toEqual([
      { jobId: `index.${third}.news`, backfill: false, entryKeys: ['k6'], deletedKeys: [] },
      { jobId: `dedup.${third}.rest`, backfill: true },
    ]);
    expect(await run(first, true)).toEqual([{ jobId: `index.${first}`, backfill: true, entryKeys: ['k4', 'k3', 'k2'], deletedKeys: [] }]);
    expect(await run(later, true)).toEqual([]);
    expect(await run(third, true)).toEqual([{ jobId: `index.${third}`, backfill: true, entryKeys: [], deletedKeys: ['k2'] }]);
    expect(await live()).toEqual(['k1', 'k3', 'k4', 'k5', 'k6']);
    // Read whole: the next change is read against it, in the fresh lane, as any followed liveblog's.
    const fourth = await page(3, [dated(7, hour(10, 3)), dated(6, hour(10, 2)), ...laterPage]);
    expect(await run(fourth, false)).toEqual([{ jobId: `index.${fourth}`, backfill: false, entryKeys: ['k7'], deletedKeys: [] }]);
  });

  test('a later page with no news leaves its whole page to the backfill; in order, the first page is read as before', async () => {
    const { page, run, live } = await setup('no-news');
    const [first, later] = [await page(0, firstPage), await page(1, [backlog(4), backlog(3), backlog(1)])];
    expect(await run(later, false)).toEqual([{ jobId: `dedup.${later}.rest`, backfill: true }]);
    expect(await run(first, true)).toEqual([{ jobId: `index.${first}`, backfill: true, entryKeys: ['k4', 'k3', 'k2', 'k1'], deletedKeys: [] }]);
    expect(await run(later, true)).toEqual([{ jobId: `index.${later}`, backfill: true, entryKeys: [], deletedKeys: ['k2'] }]);
    expect(await live()).toEqual(['k1', 'k3', 'k4']);
  });
});
