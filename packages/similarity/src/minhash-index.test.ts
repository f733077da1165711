import { createHash } from 'node:crypto';
import { createRedis, isCluster, type RedisClient } from '@liveblog/runtime';
import { testEnv } from '../../../tests/harness/env';
import { deleteKeys, keysMatching } from '../../../tests/harness/redis-keys';
import { encodeEntryRecord } from './entry-record';
import { CorruptIndexError, SimilarityConfigError } from './errors';
import { shingleSet } from './minhash';
import { MinHashIndex, SIMILARITY_PARTITIONS } from './minhash-index';

const HOUR = 3_600_000;
const report =
  'Die Ukraine meldet neue Angriffe auf die Energieversorgung im Osten des Landes. In Charkiw fiel der Strom ' +
  'für mehrere Stunden aus, Reparaturtrupps waren bis zum Abend im Einsatz. Verletzt wurde nach Behördenangaben ' +
  'niemand. Die Regierung in Kiew forderte erneut mehr Flugabwehr von den westlichen Partnern.';
const rewritten =
  'Berlin (dpa) - Nach den nächtlichen Angriffen bleibt die Lage angespannt. In Charkiw fiel der Strom ' +
  'für mehrere Stunden aus, Reparaturtrupps waren bis zum Abend im Einsatz. Verletzt wurde nach Behördenangaben niemand.';
const sameTopic =
  'Russland hat nach eigenen Angaben mehrere ukrainische Drohnen über der Region Belgorod abgeschossen. ' +
  'Das Verteidigungsministerium in Moskau sprach von einem versuchten Angriff auf die Infrastruktur.';

// The same behaviour on one Redis and on a Redis Cluster, where every script must stay in one slot.
describe.each([
  ['one Redis', () => testEnv().redisUrl],
  ['a Redis Cluster', () => testEnv().redisClusterUrl],
])('MinHashIndex on %s', (_, url) => {
  let redis: RedisClient;
  let prefix: string;

  beforeAll(() => {
    redis = createRedis(url());
  });
  afterAll(async () => {
    await redis.quit();
  });
  beforeEach(() => {
    prefix = `${testEnv().queuePrefix}-${expect.getState().currentTestName?.replace(/\W+/g, '-')}`;
  });

  const keysOf = (kind: string): Promise<string[]> => keysMatching(redis, `${prefix}:{sim:*}:mh:${kind}*`);

  test('finds an agency copy with a new opening, shortened, and not a report on the same topic', async () => {
    const index = new MinHashIndex({ redis, prefix });
    const t = Date.now();
    await index.insert([
      { id: 'original', set: shingleSet(report, 2), at: t, label: 'A' },
      { id: 'other', set: shingleSet(sameTopic, 2), at: t, label: 'B' },
    ]);
    const found = await index.candidates(shingleSet(rewritten, 2), t + 1000);
    expect(found.map((c) => [c.id, c.label])).toEqual([['original', 'A']]);
    expect(found[0]?.containment).toBeGreaterThanOrEqual(0.6);
  });

  test('spreads bands over as many shards as the expected window needs, and finds copies however sized', async () => {
    const t = Date.now();
    // 10^6 entries over 4 generations at ~64 per shard: 4096 shards a band, 64 a band at 10^4, one at 1.
    for (const [expectedEntries, shards] of [[1, 1], [10_000, 64], [1_000_000, 4096]] as const) {
      const scoped = `${prefix}-${expectedEntries}`;
      const index = new MinHashIndex({ redis, prefix: scoped, expectedEntries });
      await index.insert([{ id: 'original', set: shingleSet(report, 2), at: t, label: '' }]);
      expect((await index.candidates(shingleSet(rewritten, 2), t)).map((c) => c.id)).toEqual(['original']);
      const used = (await keysMatching(redis, `${scoped}:{sim:*}:mh:b:*`)).map((key) => Number(key.split(':').pop()));
      expect(used).toHaveLength(64);
      expect(Math.max(...used)).toBeLessThan(shards);
      // 64 uniform shard numbers all in the lower half: chance 2^-64.
      if (shards > 1) expect(Math.max(...used)).toBeGreaterThanOrEqual(shards / 2);
    }
  });

  test('keys are hash-tagged, compact, and expire with the window', async () => {
    const index = new MinHashIndex({ redis, prefix, bands: 4, rows: 2, expectedEntries: 1 });
    const t = Date.now();
    await index.insert([{ id: 'a', set: shingleSet(report, 2), at: t, label: 'L' }, { id: 'b', set: shingleSet(sameTopic, 2), at: t, label: '' }]);
    const keys = await keysMatching(redis, `${prefix}:*`);
    // Bands 0-3 in partitions 0-3; ids, records and counters in the partition of the id's hash.
    for (const key of keys) expect(key).toMatch(new RegExp(`^${prefix}:(\\{sim:0([0-3])\\}:mh:b:\\d+:\\2:0|\\{sim:\\d\\d\\}:mh:(seq|id:[ab]|e:\\d+))$`));
    const records = await keysOf('e:');
    expect(records).toHaveLength(2);
    // A record's number names its partition.
    for (const key of records) expect(Number(key.split(':').pop()) % SIMILARITY_PARTITIONS).toBe(Number(/\{sim:(\d+)\}/.exec(key)?.[1]));
    // One shard per band when sized for one entry: both entries share its four keys.
    const buckets = await keysOf('b:');
    expect(buckets).toHaveLength(4);
    for (const key of buckets) {
      expect(await redis.zcard(key)).toBe(2);
      expect(await redis.object('ENCODING', key)).toBe('listpack');
      // Until the end of the generation (a quarter window) plus the window.
      expect(await redis.pttl(key)).toBeGreaterThan(72 * HOUR - 1000);
      expect(await redis.pttl(key)).toBeLessThanOrEqual(90 * HOUR);
    }
    for (const key of [...(await keysOf('e:')), ...(await keysOf('id:'))]) {
      expect(await redis.pttl(key)).toBeGreaterThan(72 * HOUR - 1000);
      expect(await redis.pttl(key)).toBeLessThanOrEqual(72 * HOUR);
    }
    for (const key of await keysOf('seq')) expect(await redis.pttl(key)).toBeGreaterThan(72 * HOUR);
  });

  test('with one partition, the whole index sits in one slot and behaves the same', async () => {
    const index = new MinHashIndex({ redis, prefix, partitions: 1 });
    const t = Date.now();
    await index.insert([{ id: 'original', set: shingleSet(report, 2), at: t, label: 'A' }]);
    expect((await index.candidates(shingleSet(rewritten, 2), t)).map((c) => c.id)).toEqual(['original']);
    expect(await index.labels(['original'])).toEqual(['A']);
    const keys = await keysMatching(redis, `${prefix}:*`);
    expect(keys.length).toBeGreaterThan(64);
    for (const key of keys) expect(key.startsWith(`${prefix}:{sim:00}:mh:`)).toBe(true);
  });

  test('an entry first seen before the window is not a candidate, and one long gone writes nothing', async () => {
    const index = new MinHashIndex({ redis, prefix });
    const t = Date.now();
    await index.insert([{ id: 'old', set: shingleSet(report, 2), at: t - 73 * HOUR, label: '' }]);
    await index.insert([{ id: 'new', set: shingleSet(report, 2), at: t, label: '' }]);
    // A job handled out of order: first seen after the lookup's time, at the start of the next generation.
    const nextGeneration = (Math.floor(t / (18 * HOUR)) + 1) * 18 * HOUR;
    await index.insert([{ id: 'later', set: shingleSet(report, 2), at: nextGeneration, label: '' }]);
    expect((await index.candidates(shingleSet(report, 2), t)).map((c) => c.id)).toEqual(['later', 'new']);
    await deleteKeys(redis, await keysMatching(redis, `${prefix}:*`));
    await index.insert([{ id: 'gone', set: shingleSet(report, 2), at: t - 100 * HOUR, label: '' }]);
    expect((await keysMatching(redis, `${prefix}:*`)).filter((key) => !key.endsWith(':seq'))).toEqual([]);
  });

  test('everything it wrote is gone one window (and a quarter) after the last insert', async () => {
    const index = new MinHashIndex({ redis, prefix, windowMs: 1000 });
    await index.insert([{ id: 'e', set: shingleSet(report, 2), at: Date.now(), label: '' }]);
    expect(await index.candidates(shingleSet(report, 2), Date.now())).toHaveLength(1);
    expect((await keysMatching(redis, `${prefix}:*`)).length).toBeGreaterThan(64);
    await new Promise((resolve) => setTimeout(resolve, 1700));
    expect(await keysMatching(redis, `${prefix}:*`)).toEqual([]);
  });

  test('a replayed insert keeps the first-seen time and an entry appears once; an edit replaces set and label', async () => {
    const index = new MinHashIndex({ redis, prefix, bands: 2, rows: 1 });
    const t = Date.now();
    await index.insert([{ id: 'e', set: shingleSet(report, 2), at: t, label: 'L' }]);
    await index.insert([{ id: 'e', set: shingleSet(report, 2), at: t + 5000, label: 'L' }]);
    expect(await index.candidates(shingleSet(report, 2), t + 6000)).toEqual([{ id: 'e', containment: 1, label: 'L' }]);
    expect(await index.labels(['e', 'unknown'])).toEqual(['L', null]);
    expect(await keysOf('e:')).toHaveLength(1);
    // Within the window of the replay, not of the first sight.
    expect(await index.candidates(shingleSet(report, 2), t + 72 * HOUR + 1000)).toEqual([]);
    await index.insert([{ id: 'e', set: shingleSet(sameTopic, 2), at: t + 7000, label: 'M' }]);
    expect(await index.candidates(shingleSet(sameTopic, 2), t + 8000)).toEqual([{ id: 'e', containment: 1, label: 'M' }]);
  });

  test('an insert cut short at any step: an entry has a label only once every band finds it', async () => {
    const bands = 4;
    let sawLabelled = false;
    let sawPartial = false;
    for (let budget = 0; ; budget++) {
      const scoped = `${prefix}-${budget}`;
      const cut = new MinHashIndex({ redis: failingAfter(redis, budget), prefix: scoped, bands, rows: 2, expectedEntries: 1 });
      const completed = await cut.insert([{ id: 'e', set: shingleSet(report, 2), at: Date.now(), label: 'L' }]).then(
        () => true,
        () => false,
      );
      const index = new MinHashIndex({ redis, prefix: scoped, bands, rows: 2, expectedEntries: 1 });
      const [label] = await index.labels(['e']);
      const buckets = await keysMatching(redis, `${scoped}:{sim:*}:mh:b:*`);
      const holding = (await Promise.all(buckets.map((key) => redis.zcard(key)))).filter((n) => n > 0).length;
      if (holding > 0 && holding < bands) sawPartial = true;
      if (label !== null) {
        sawLabelled = true;
        expect({ budget, holding }).toEqual({ budget, holding: bands });
      }
      if (completed) break;
    }
    // The cuts reached both the middle of the bucket writes and the finished insert.
    expect([sawPartial, sawLabelled]).toEqual([true, true]);
  });

  test('an empty text is neither indexed nor matched', async () => {
    const index = new MinHashIndex({ redis, prefix });
    await index.insert([{ id: 'empty', set: new Uint32Array(0), at: Date.now(), label: '' }]);
    expect(await keysMatching(redis, `${prefix}:*`)).toEqual([]);
    expect(await index.candidates(new Uint32Array(0), Date.now())).toEqual([]);
    expect(await index.labels([])).toEqual([]);
  });

  test('refuses stored values it did not write', async () => {
    const index = new MinHashIndex({ redis, prefix });
    await redis.set(`${prefix}:{sim:${String(idPartition('x')).padStart(2, '0')}}:mh:id:x`, 'not a number');
    await expect(index.labels(['x'])).rejects.toThrow(CorruptIndexError);
    await index.insert([{ id: 'e', set: shingleSet(report, 2), at: Date.now(), label: '' }]);
    const [record] = await keysOf('e:');
    await redis.set(record as string, encodeEntryRecord({ id: 'e', firstSeenAt: Date.now(), label: '', set: new Uint32Array(2) }).subarray(0, 17));
    await expect(index.candidates(shingleSet(report, 2), Date.now())).rejects.toThrow(CorruptIndexError);
  });

  test('rejects configurations that cannot work', () => {
    expect(() => new MinHashIndex({ redis, prefix, bands: 0 })).toThrow(SimilarityConfigError);
    expect(() => new MinHashIndex({ redis, prefix, minContainment: 1.5 })).toThrow(SimilarityConfigError);
    expect(() => new MinHashIndex({ redis, prefix, expectedEntries: 0 })).toThrow(SimilarityConfigError);
  });
});

/**
 * The client as a process sees it that dies after `budget` commands (a script run or a MULTI each):
 * the rest of the insert fails, what was sent stays written.
 */
function failingAfter(redis: RedisClient, budget: number): RedisClient {
  let left = budget;
  return new Proxy(redis, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if ((property !== 'call' && property !== 'multi') || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (left-- <= 0) throw new Error(`cut after ${budget} commands`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

function idPartition(id: string): number {
  return createHash('sha1').update(id).digest().readUInt32BE(0) % SIMILARITY_PARTITIONS;
}

test('on a Redis Cluster, one entry puts buckets on every master', async () => {
  const cluster = createRedis(testEnv().redisClusterUrl);
  try {
    const prefix = `${testEnv().queuePrefix}-spread`;
    await new MinHashIndex({ redis: cluster, prefix }).insert([{ id: 'e', set: shingleSet(report, 2), at: Date.now(), label: '' }]);
    const masters = isCluster(cluster) ? cluster.nodes('master') : [];
    expect(masters).toHaveLength(3);
    for (const master of masters) expect((await master.keys(`${prefix}:{sim:*}:mh:b:*`)).length).toBeGreaterThan(0);
  } finally {
    await cluster.quit();
  }
});
