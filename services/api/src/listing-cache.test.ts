import type { EntryEvent } from '@liveblog/contracts';
import { ListingCache, listingScopes, type CachedAnswer } from './listing-cache';

const event = (liveblogId: string): { event: EntryEvent } => ({
  event: { type: 'entry.created', entryId: 'en_0000000000000001', liveblogId, key: 'k', contentHash: 'h', snapshotId: 's', indexedAt: new Date(0).toISOString() },
});

/** A store read that counts itself and finishes when told to. */
function reads() {
  let count = 0;
  const open: (() => void)[] = [];
  return {
    get count() {
      return count;
    },
    fill: (): Promise<CachedAnswer> => {
      const n = ++count;
      return new Promise((resolve) => open.push(() => resolve({ body: Buffer.from(`read ${n}`), etag: `W/"${n}"` })));
    },
    finishAll: () => open.splice(0).forEach((finish) => finish()),
  };
}

const body = async (answer: Promise<CachedAnswer>) => (await answer).body.toString();

/** A read that finishes at once, and the cache's answer from it. */
async function ask(cache: ListingCache, key: string, scope: string, store: ReturnType<typeof reads>): Promise<string> {
  const answer = cache.answer(key, scope, store.fill);
  store.finishAll();
  return body(answer);
}

test('an answer is held until it is maxStaleMs old, counted from when its read began', async () => {
  let now = 1_000;
  const cache = new ListingCache(500, () => now);
  const store = reads();
  expect(await ask(cache, 'k', listingScopes.entries, store)).toBe('read 1');
  now += 499;
  expect(await ask(cache, 'k', listingScopes.entries, store)).toBe('read 1');
  now += 1;
  expect(await ask(cache, 'k', listingScopes.entries, store)).toBe('read 2');
});

test('requests for one listing while it is read share that read', async () => {
  const cache = new ListingCache(500);
  const store = reads();
  const answers = [1, 2, 3].map(() => cache.answer('k', listingScopes.entries, store.fill));
  store.finishAll();
  expect(await Promise.all(answers.map(body))).toEqual(['read 1', 'read 1', 'read 1']);
  expect(store.count).toBe(1);
});

test.each([
  ['all entries', listingScopes.entries, true],
  ['the liveblog of the event', listingScopes.liveblog('lb_a'), true],
  ['another liveblog', listingScopes.liveblog('lb_b'), false],
  ['a source (events do not name it)', listingScopes.source('src_x'), true],
  ['an agency', listingScopes.agency('dpa'), true],
  ['the liveblog list (entry counts)', listingScopes.liveblogs, true],
])('an entry event of lb_a, for %s (%s), drops it: %s', async (_name, scope, dropped) => {
  const cache = new ListingCache(60_000);
  const store = reads();
  await ask(cache, 'k', scope, store);
  cache.observe(event('lb_a'));
  expect(await ask(cache, 'k', scope, store)).toBe(dropped ? 'read 2' : 'read 1');
});

test('a read an event overtook is answered but not kept, and later requests do not join it', async () => {
  const cache = new ListingCache(60_000);
  const store = reads();
  const before = cache.answer('k', listingScopes.entries, store.fill);
  cache.observe(event('lb_a'));
  const after = cache.answer('k', listingScopes.entries, store.fill);
  store.finishAll();
  expect([await body(before), await body(after)]).toEqual(['read 1', 'read 2']);
  expect(await ask(cache, 'k', listingScopes.entries, store)).toBe('read 2');
});

test('a failed read is not kept', async () => {
  const cache = new ListingCache(60_000);
  await expect(cache.answer('k', listingScopes.entries, () => Promise.reject(new Error('down')))).rejects.toThrow('down');
  const store = reads();
  expect(await ask(cache, 'k', listingScopes.entries, store)).toBe('read 1');
});

test('maxStaleMs 0 turns the cache off: every request reads', async () => {
  const cache = new ListingCache(0);
  const store = reads();
  expect([await ask(cache, 'k', listingScopes.entries, store), await ask(cache, 'k', listingScopes.entries, store)]).toEqual(['read 1', 'read 2']);
});

test('answers are held up to a number of bytes, the oldest dropped first', async () => {
  // Every answer of `reads` is 6 bytes ("read n" while n < 10): three fit in 20 bytes.
  const cache = new ListingCache(60_000, Date.now, 20);
  const store = reads();
  for (const key of ['a', 'b', 'c', 'd']) await ask(cache, key, listingScopes.entries, store);
  expect(await ask(cache, 'd', listingScopes.entries, store)).toBe('read 4');
  expect(await ask(cache, 'b', listingScopes.entries, store)).toBe('read 2');
  expect(await ask(cache, 'a', listingScopes.entries, store)).toBe('read 5');
});
