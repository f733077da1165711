import { EntryEvent } from '@liveblog/contracts';
import { redisKeys, createRedis, type RedisClient } from '@liveblog/runtime';
import { Store } from '@liveblog/storage';
import { entry, extraction, keysOf } from '../../../packages/storage/src/testdata/extractions';
import { testEnv } from '../../../tests/harness/env';
import { openRecordingStore } from '../../../packages/storage/src/testdata/commands';
import { entryWriter, indexEntries, type IndexDeps } from './index-entries';

let store: Store;
let redis: RedisClient;
let deps: IndexDeps;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  redis = createRedis(testEnv().redisUrl);
  deps = { store, redis, writer: entryWriter(store), prefix: testEnv().queuePrefix, eventRetentionMs: 3_600_000 };
});
afterAll(async () => {
  await store.close();
  redis.disconnect();
});

const minute = (m: number) => new Date(Date.UTC(2024, 10, 4, 10, m));

test('content forwarded again unchanged (fingerprints expired) makes no revision and no event; a replayed edit is announced once, again only if its announcement was lost', async () => {
  const liveblogId = 'lb_reforwarded';
  const stream = redisKeys.entryEvents(testEnv().queuePrefix);
  const announced = async (from: string) =>
    (await redis.xrange(stream, from, '+')).map(([, f]) => EntryEvent.parse(JSON.parse(f[1]!))).map((e) => `${e.type} ${e.key}`);
  const index = async (m: number, entries = [entry(1), entry(2), entry(3)]) => {
    const x = extraction(liveblogId, minute(m), entries);
    await store.extractions.put(x);
    // Every key, as the deduplicator forwards a liveblog whose fingerprints it no longer has.
    const job = { snapshotId: x._id, liveblogId, entryKeys: keysOf(x), deletedKeys: [] };
    const before = await redis.xrevrange(stream, '+', '-', 'COUNT', 1);
    await indexEntries(job, deps);
    return { job, events: await announced(before[0] ? `(${before[0][0]}` : '-') };
  };
  const revisions = () => store.database.collections.revisions.countDocuments({ liveblogId });

  expect((await index(0)).events).toEqual(['entry.created k1', 'entry.created k2', 'entry.created k3']);
  expect(await revisions()).toBe(3);

  expect((await index(90)).events).toEqual([]);
  expect(await revisions()).toBe(3);

  const edit = await index(91, [entry(1), entry(2, 'Neu.'), entry(3)]);
  expect(edit.events).toEqual(['entry.updated k2']);
  expect(await revisions()).toBe(4);
  // A replay (a crash before the job's completion was recorded) finds its announcement made.
  const before = (await redis.xrevrange(stream, '+', '-', 'COUNT', 1))[0]![0];
  await indexEntries(edit.job, deps);
  expect(await announced(`(${before}`)).toEqual([]);
  // Lost with its mark (Redis restarted from a log a second behind): the replay announces the edit again, and only it.
  const marks = await redis.keys(redisKeys.entryEventSent(testEnv().queuePrefix, '*'));
  await redis.del(...marks);
  await indexEntries(edit.job, deps);
  expect(await announced(`(${before}`)).toEqual(['entry.updated k2']);
  expect(await revisions()).toBe(4);
});

test('the event stream keeps events for the retention time, then drops them as new ones arrive', async () => {
  const liveblogId = 'lb_retention';
  const stream = redisKeys.entryEvents(testEnv().queuePrefix);
  const keysSince = async (from: string) => (await redis.xrange(stream, from, '+')).map(([, f]) => EntryEvent.parse(JSON.parse(f[1]!)).key);
  const put = async (m: number, entries = [entry(m)]) => {
    const x = extraction(liveblogId, minute(m), entries);
    await store.extractions.put(x);
    return { snapshotId: x._id, entryKeys: keysOf(x), deletedKeys: [] };
  };
  const first = (await redis.xrevrange(stream, '+', '-', 'COUNT', 1))[0]?.[0];
  const start = first ? `(${first}` : '-';
  await indexEntries(await put(1), { ...deps, eventRetentionMs: 500 });
  await indexEntries(await put(2), deps);
  expect(await keysSince(start)).toEqual(['k1', 'k2']);

  await new Promise((r) => setTimeout(r, 700));
  await indexEntries(await put(3), { ...deps, eventRetentionMs: 500 });
  // Everything older than 500 ms is gone, earlier tests' events included.
  expect(await keysSince('-')).toEqual(['k3']);
});

test("one liveblog's snapshots are indexed one at a time, newest version kept; a killed indexer's lock expires", async () => {
  const liveblogId = 'lb_one_at_a_time';
  const lock = redisKeys.liveblogIndexLock(testEnv().queuePrefix, liveblogId);
  const job = async (m: number, text: string) => {
    const x = extraction(liveblogId, minute(m), [entry(1, text)]);
    await store.extractions.put(x);
    return { snapshotId: x._id, liveblogId, entryKeys: keysOf(x), deletedKeys: [] };
  };
  const text = async () => (await store.entries.search({ liveblogId }, null, 10)).items.map((e) => e.text);
  const [older, newer] = [await job(20, 'Erste Fassung.'), await job(21, 'Zweite Fassung.')];

  // What an indexer killed while it held the lock leaves behind: a lock no one renews.
  await redis.set(lock, 'killed indexer', 'PX', 400);
  const both = Promise.all([indexEntries(newer, deps), indexEntries(older, deps)]);
  await new Promise((r) => setTimeout(r, 200));
  expect(await text()).toEqual([]);
  await both;
  // The older snapshot, in either order, is a late one: the newer version stays.
  expect(await text()).toEqual(['Zweite Fassung.']);
  expect(await redis.exists(lock)).toBe(0);
});

test('jobs in flight for different liveblogs are written together: fewer timeline writes than jobs, each job its own entries', async () => {
  const { store: recording, sent } = await openRecordingStore();
  try {
    const jobs = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const x = extraction(`lb_together_${i}`, minute(30), [entry(1, `Meldung ${i}.`), entry(2, `Lage ${i}.`)]);
        await recording.extractions.put(x);
        return { snapshotId: x._id, liveblogId: x.liveblogId, entryKeys: keysOf(x), deletedKeys: [] };
      }),
    );
    sent.length = 0;
    const together = { ...deps, store: recording, writer: entryWriter(recording) };
    const results = await Promise.all(jobs.map((job) => indexEntries(job, together)));
    expect(results).toEqual(jobs.map(() => ({ indexed: 2, deleted: 0 })));
    const timelineWrites = sent.filter((e) => e.commandName === 'update' && e.command.update === 'timeline').length;
    // The first job to arrive is written alone, the others that came meanwhile together (one job each: 8).
    expect(timelineWrites).toBeLessThanOrEqual(4);
    for (let i = 0; i < 8; i++) {
      const listed = await recording.entries.search({ liveblogId: `lb_together_${i}` }, null, 10);
      expect(listed.items.map((e) => e.text).sort()).toEqual([`Lage ${i}.`, `Meldung ${i}.`]);
    }
  } finally {
    await recording.close();
  }
});
