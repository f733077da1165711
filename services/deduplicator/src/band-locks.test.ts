import { MINHASH_CHOSEN, shingleSet, type ShingleSet } from '@liveblog/similarity';
import { Redis } from 'ioredis';
import { testEnv } from '../../../tests/harness/env';
import { LockError } from '@liveblog/runtime';
import { BandLocks } from './band-locks';

let redis: Redis;
beforeAll(() => {
  redis = new Redis(testEnv().redisUrl);
});
afterAll(() => redis.disconnect());

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
