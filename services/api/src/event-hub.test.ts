import { createLogger, createRedis, redisKeys } from '@liveblog/runtime';
import type { RedisClient as Redis } from '@liveblog/runtime';
import { testEnv } from '../../../tests/harness/env';
import { EventHub, lostAfter, type StreamState } from './event-hub';

let redis: Redis;
let n = 0;
beforeAll(() => {
  redis = createRedis(testEnv().redisUrl);
});
afterAll(() => redis.quit());

/** A hub over a stream of its own, with `count` events appended at ids 1000-0, 1001-0, … */
async function streamOf(count: number): Promise<{ hub: EventHub; key: string }> {
  const key = `${redisKeys.entryEvents(testEnv().queuePrefix)}:${++n}`;
  for (let i = 0; i < count; i++) {
    const event = { type: 'entry.created', entryId: `en_${String(i).padStart(16, '0')}`, liveblogId: 'lb_0000000000000001', key: `k${i}`, contentHash: 'h', snapshotId: 's', indexedAt: new Date(0).toISOString() };
    await redis.xadd(key, `${1000 + i}-0`, 'event', JSON.stringify(event));
  }
  return { hub: new EventHub(redis, key, createLogger('test', 'silent')), key };
}

/** Every page from `afterId` on, as the stream route reads them. */
async function replay(hub: EventHub, afterId: string, pageSize = 500): Promise<{ ids: string[]; gaps: number }> {
  const ids: string[] = [];
  let gaps = 0;
  for (let after: string | null = afterId; after !== null; ) {
    const page = await hub.since(after, redis, pageSize);
    ids.push(...page.events.map((e) => e.id));
    gaps += page.gap ? 1 : 0;
    after = page.next;
  }
  return { ids, gaps };
}

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${1000 + from + i}-0`);

test('from 0-0, a stream that lost nothing replays whole, page by page, with no gap', async () => {
  const { hub } = await streamOf(12);
  expect(await replay(hub, '0-0', 5)).toEqual({ ids: ids(0, 12), gaps: 0 });
  expect(await replay(hub, '1005-0', 5)).toEqual({ ids: ids(6, 12), gaps: 0 });
});

test('a stream never written to replays nothing and lost nothing', async () => {
  const { hub } = await streamOf(0);
  expect(await replay(hub, '0-0')).toEqual({ ids: [], gaps: 0 });
});

test('after trimming: a gap for positions older than the oldest kept event, none for those still kept', async () => {
  const { hub, key } = await streamOf(10);
  await redis.xtrim(key, 'MINID', '1004');
  expect(await replay(hub, '0-0')).toEqual({ ids: ids(4, 10), gaps: 1 });
  expect(await replay(hub, '1004-0')).toEqual({ ids: ids(5, 10), gaps: 0 });
});

test('a deleted event after the position is a gap, one before it is not', async () => {
  const { hub, key } = await streamOf(10);
  await redis.xdel(key, '1007-0');
  expect((await replay(hub, '1005-0')).gaps).toBe(1);
  expect((await replay(hub, '1008-0')).gaps).toBe(0);
});

const state = (over: Partial<StreamState>): StreamState => ({ length: 3, entriesAdded: 3, firstEntryId: '10-0', lastGeneratedId: '12-0', maxDeletedEntryId: '0-0', ...over });

test.each([
  ['nothing removed, from the start', state({}), '0-0', false],
  ['trimmed, position older than the oldest kept', state({ entriesAdded: 5 }), '0-0', true],
  ['trimmed, position is the oldest kept', state({ entriesAdded: 5 }), '10-0', false],
  ['all trimmed, position before the last', state({ length: 0, entriesAdded: 5, firstEntryId: null }), '11-0', true],
  ['all trimmed, position is the last', state({ length: 0, entriesAdded: 5, firstEntryId: null }), '12-0', false],
  ['deleted after the position', state({ entriesAdded: 4, maxDeletedEntryId: '11-5' }), '11-0', true],
])('lostAfter: %s', (_name, s, afterId, lost) => {
  expect(lostAfter(s, afterId)).toBe(lost);
});
