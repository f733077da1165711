import { createRedis, LockError, type RedisClient } from '@liveblog/runtime';
import { MINHASH_CHOSEN, shingleSet, type ShingleSet } from '@liveblog/similarity';
import { testEnv } from '../../../tests/harness/env';
import { BandLocks } from './band-locks';


const story = shingleSet('Der Wasserturm am Hafen von Ostermoor wird ab Montag für zwei Wochen gesperrt, weil die Treppe erneuert wird.', MINHASH_CHOSEN.shingleSize);
const otherStory = shingleSet('Im Zoo von Birkenfelde ist ein Elefant geboren worden; Mutter und Kalb sind wohlauf, heißt es vom Tierpark.', MINHASH_CHOSEN.shingleSize);
let tests = 0;
/** Each test's locks apart from the others'. */
const freshPrefix = () => `${testEnv().queuePrefix}-locks${tests++}`;

/** Holds the bands of `set` until `release` is called; resolves once they are held. */
async function hold(locks: BandLocks, set: ShingleSet): Promise<{ release(): void; done: Promise<void> }> {
  let release!: () => void;
  let held!: () => void;
  const acquired = new Promise<void>((r) => (held = r));
  const done = locks.holding([set], () => {
    held();
    return new Promise<void>((r) => (release = r));
  });
  await acquired;
  return { release, done };
}

// On a Redis Cluster the partitions are taken one slot at a time: the same behaviour must hold.
describe.each([
  ['one Redis', () => testEnv().redisUrl],
  ['a Redis Cluster', () => testEnv().redisClusterUrl],
])('band locks on %s', (_, url) => {
  let redis: RedisClient;
  beforeAll(() => {
    redis = createRedis(url());
  });
  afterAll(() => redis.disconnect());

  test('holders of the same bands take turns; other bands do not wait', async () => {
    const prefix = freshPrefix();
    const order: string[] = [];
    const first = await hold(new BandLocks({ redis, prefix }), story);
    order.push('first in');
    const replica = new BandLocks({ redis, prefix });
    const second = replica.holding([story, otherStory], async () => order.push('second in'));
    await replica.holding([otherStory], async () => order.push('other story in'));
    order.push('first out');
    first.release();
    await Promise.all([first.done, second]);
    expect(order).toEqual(['first in', 'other story in', 'first out', 'second in']);
  });

  test('the locks of a holder that died expire; a holder that outlived its locks records nothing', async () => {
    const prefix = freshPrefix();
    // What a replica killed while deciding leaves behind: its locks, renewed by no one.
    for (const key of new BandLocks({ redis, prefix }).lockKeys([story])) await redis.set(key, 'killed replica', 'PX', 300);
    const recorded: string[] = [];
    await new BandLocks({ redis, prefix, waitMs: 10_000 }).holding([story], async (confirm) => {
      await confirm();
      recorded.push('next holder');
    });

    await expect(
      new BandLocks({ redis, prefix, ttlMs: 200 }).holding([story], async (confirm) => {
        // A blocked event loop: no renewal gets out, and the locks expire.
        const until = Date.now() + 400;
        while (Date.now() < until);
        // Meanwhile another replica took the bands and decided.
        await new BandLocks({ redis, prefix }).holding([story], async () => undefined);
        await confirm();
        recorded.push('stalled holder');
      }),
    ).rejects.toThrow(LockError);
    expect(recorded).toEqual(['next holder']);
  });

  test('a living holder keeps its bands past their expiry time', async () => {
    const prefix = freshPrefix();
    await new BandLocks({ redis, prefix, ttlMs: 150 }).holding([story], async (confirm) => {
      const replica = new BandLocks({ redis, prefix, waitMs: 450 });
      await expect(replica.holding([story], async () => undefined)).rejects.toThrow(LockError);
      await confirm();
    });
  });

  test('bands held past the wait fail the attempt, so that the job is retried later', async () => {
    const prefix = freshPrefix();
    const holder = await hold(new BandLocks({ redis, prefix }), story);
    await expect(new BandLocks({ redis, prefix, waitMs: 200 }).holding([story], async () => undefined)).rejects.toThrow(LockError);
    holder.release();
    await holder.done;
  });

  test('replicas wanting overlapping bands in any mix never wait for each other for good', async () => {
    const prefix = freshPrefix();
    const sets = [story, otherStory, shingleSet('Der Wasserturm am Hafen von Ostermoor wird ab Montag gesperrt; im Zoo von Birkenfelde ist ein Elefant geboren worden.', MINHASH_CHOSEN.shingleSize)];
    let inside = 0;
    let most = 0;
    // Each holder wants a different mix of the same bands: a deadlock would end in LockError.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        new BandLocks({ redis, prefix, waitMs: 20_000 }).holding([sets[i % 3]!, sets[(i + 1) % 3]!], async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((r) => setTimeout(r, 5));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  test('a holder takes its bands partition by partition, each lock tagged with its band\'s partition', () => {
    const keys = new BandLocks({ redis, prefix: 'p' }).lockKeys([story]);
    expect(keys).toHaveLength(MINHASH_CHOSEN.bands);
    const partitions = keys.map((key) => Number(/^p:\{simlock:(\d\d)\}:(\d+):[0-9a-f]+\.[0-9a-f]+$/.exec(key)?.[1]));
    expect(partitions).toEqual([...partitions].sort((a, b) => a - b));
    keys.forEach((key, i) => expect(Number(key.split(':')[3]) % 16).toBe(partitions[i]));
  });
});
