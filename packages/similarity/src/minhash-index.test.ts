import { Redis } from 'ioredis';
import { testEnv } from '../../../tests/harness/env';
import { SimilarityConfigError } from './errors';
import { shingleSet } from './minhash';
import { MinHashIndex } from './minhash-index';

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

describe('MinHashIndex', () => {
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

  test('keys are hash-tagged, expire with the window, and trim what left it', async () => {
    const index = new MinHashIndex({ redis, prefix, bands: 4, rows: 2 });
    const t = Date.now();
    await index.insert([{ id: 'old', set: shingleSet(report, 2), at: t - 73 * HOUR, label: '' }]);
    await index.insert([{ id: 'new', set: shingleSet(report, 2), at: t, label: '' }]);
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys.filter((key) => key.includes(':mh:'))).toHaveLength(4);
    for (const key of keys) {
      expect(key).toMatch(new RegExp(`^${prefix}:\\{sim\\}:(mh:[0-3]:[0-9a-f]{16}|mhentry:(old|new))$`));
      expect(await redis.pttl(key)).toBeGreaterThan(71 * HOUR);
      if (key.includes(':mh:')) expect(await redis.zcard(key)).toBe(1);
    }
    expect((await index.candidates(shingleSet(report, 2), t)).map((c) => c.id)).toEqual(['new']);
  });

  test('a replayed insert keeps the first-seen time and an entry appears once', async () => {
    const index = new MinHashIndex({ redis, prefix, bands: 2, rows: 1 });
    const t = Date.now();
    await index.insert([{ id: 'e', set: shingleSet(report, 2), at: t, label: 'L' }]);
    await index.insert([{ id: 'e', set: shingleSet(report, 2), at: t + 5000, label: 'L' }]);
    expect(await index.candidates(shingleSet(report, 2), t + 6000)).toEqual([{ id: 'e', containment: 1, label: 'L' }]);
    expect(await index.labels(['e', 'unknown'])).toEqual(['L', null]);
    const [bucket] = (await redis.keys(`${prefix}:*`)).filter((key) => key.includes(':mh:'));
    expect(Number(await redis.zscore(bucket as string, 'e'))).toBe(t);
  });

  test('an empty text is neither indexed nor matched', async () => {
    const index = new MinHashIndex({ redis, prefix });
    await index.insert([{ id: 'empty', set: new Uint32Array(0), at: Date.now(), label: '' }]);
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
    expect(await index.candidates(new Uint32Array(0), Date.now())).toEqual([]);
  });

  test('rejects configurations that cannot work', () => {
    expect(() => new MinHashIndex({ redis, prefix, bands: 0 })).toThrow(SimilarityConfigError);
    expect(() => new MinHashIndex({ redis, prefix, minContainment: 1.5 })).toThrow(SimilarityConfigError);
  });
});
