import { Redis } from 'ioredis';
import { testEnv } from '../../../tests/harness/env';
import { SimilarityConfigError } from './errors';
import { SimilarityIndex } from './lsh-index';
import { simhashToHex, type SimHash } from './simhash';

const HOUR = 3_600_000;
const base: SimHash = { hi: 0x12345678, lo: 0x9abcdef0 };
const flip = (hash: SimHash, bits: number[]): SimHash =>
  bits.reduce((h, bit) => (bit < 32 ? { hi: h.hi, lo: (h.lo ^ (1 << bit)) >>> 0 } : { hi: (h.hi ^ (1 << (bit - 32))) >>> 0, lo: h.lo }), hash);

let redis: Redis;
let prefix: string;

beforeAll(() => {
  redis = new Redis(testEnv().redisUrl);
});
afterAll(async () => {
  await redis.quit();
});
beforeEach(() => {
  prefix = `${testEnv().queuePrefix}-${expect.getState().currentTestName?.replace(/\W+/g, '-')}`;
});

describe('SimilarityIndex', () => {
  test('finds near hashes within the threshold, closest first, and not far ones', async () => {
    const index = new SimilarityIndex({ redis, prefix, bands: 8, threshold: 7 });
    const t = Date.now();
    await index.insert('near', flip(base, [0, 9, 40]), t);
    await index.insert('nearer', flip(base, [63]), t);
    await index.insert('far', flip(base, [1, 2, 3, 4, 5, 6, 7, 8]), t);
    const found = await index.candidates(base, t);
    expect(found.map((c) => [c.id, c.distance])).toEqual([
      ['nearer', 1],
      ['near', 3],
    ]);
  });

  test('keys are hash-tagged, expire with the window, and trim what left it', async () => {
    const index = new SimilarityIndex({ redis, prefix, bands: 4, windowMs: 72 * HOUR });
    const t = Date.now();
    await index.insert('old', base, t - 73 * HOUR);
    await index.insert('new', base, t);
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys).toHaveLength(4);
    for (const key of keys) {
      expect(key).toMatch(new RegExp(`^${prefix}:\\{sim\\}:band:[0-3]:[0-9a-f]+$`));
      expect(await redis.zcard(key)).toBe(1);
      expect(await redis.pttl(key)).toBeGreaterThan(71 * HOUR);
    }
    expect((await index.candidates(base, t)).map((c) => c.id)).toEqual(['new']);
  });

  test('a replayed insert keeps the first-seen time', async () => {
    const index = new SimilarityIndex({ redis, prefix });
    const t = Date.now();
    await index.insert('e', base, t);
    await index.insert('e', base, t + 5000);
    expect(await index.candidates(base, t + 6000)).toEqual([{ id: 'e', simhash: base, distance: 0 }]);
    const [key] = await redis.keys(`${prefix}:*`);
    expect(Number(await redis.zscore(key as string, `${simhashToHex(base)}:e`))).toBe(t);
  });

  test('an edited entry appears once, with its closest version', async () => {
    const index = new SimilarityIndex({ redis, prefix, bands: 8, threshold: 7 });
    const t = Date.now();
    await index.insert('e', flip(base, [1, 2]), t);
    await index.insert('e', flip(base, [1]), t + 1);
    expect((await index.candidates(base, t)).map((c) => [c.id, c.distance])).toEqual([['e', 1]]);
  });

  test('a lookup reads at most maxPerBucket per band, newest first', async () => {
    const index = new SimilarityIndex({ redis, prefix, bands: 4, maxPerBucket: 2 });
    const t = Date.now();
    for (let i = 0; i < 5; i++) await index.insert(`e${i}`, base, t + i);
    expect((await index.candidates(base, t)).map((c) => c.id).sort()).toEqual(['e3', 'e4']);
  });

  test('rejects configurations that cannot work', () => {
    expect(() => new SimilarityIndex({ redis, prefix, bands: 0 })).toThrow(SimilarityConfigError);
    expect(() => new SimilarityIndex({ redis, prefix, threshold: 65 })).toThrow(SimilarityConfigError);
  });
});

describe('SimilarityIndex.insertMany', () => {
  test('finds the same as one insert at a time', async () => {
    const index = new SimilarityIndex({ redis, prefix, bands: 8, threshold: 7 });
    const t = Date.now();
    await index.insertMany([
      { id: 'a', simhash: flip(base, [3]), at: t },
      { id: 'b', simhash: flip(base, [3, 50]), at: t + 1 },
      { id: 'c', simhash: flip(base, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), at: t + 2 },
    ]);
    expect((await index.candidates(base, t)).map((c) => [c.id, c.distance])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });
});
