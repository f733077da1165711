import { createRedis, type RedisClient } from '@liveblog/runtime';
import fc from 'fast-check';
import { testEnv } from '../../../tests/harness/env';
import { DeliveryOrder, eventIdOf, orderMember, type PredecessorState } from './delivery-order';

const compareIds = (a: string, b: string) => {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  return am === bm ? Number(as - bs) : am < bm ? -1 : 1;
};

describe('orderMember', () => {
  const streamId = fc.tuple(fc.integer({ min: 0, max: 2 ** 48 }), fc.integer({ min: 0, max: 2 ** 31 })).map(([ms, seq]) => `${ms}-${seq}`);

  test('members sort as the stream ids do, and give the id back', () => {
    fc.assert(
      fc.property(streamId, streamId, (a, b) => {
        expect(eventIdOf(orderMember(a))).toBe(a);
        const bytes = orderMember(a) < orderMember(b) ? -1 : orderMember(a) > orderMember(b) ? 1 : 0;
        expect(bytes).toBe(Math.sign(compareIds(a, b)));
      }),
    );
  });
});

describe('DeliveryOrder', () => {
  let redis: RedisClient;
  let order: DeliveryOrder;
  beforeAll(() => {
    redis = createRedis(testEnv().redisUrl);
    order = new DeliveryOrder(redis, testEnv().queuePrefix);
  });
  afterAll(() => redis.disconnect());

  const pending = (): Promise<PredecessorState> => Promise.resolve('delayed');

  test('a delivery waits for every earlier event of its liveblog, and only for those', async () => {
    // 9-0 before 10-0: byte order of the raw ids would put them the other way round.
    for (const id of ['9-0', '10-0', '10-1']) await order.record('wh_a', 'lb_1', id);
    await order.record('wh_a', 'lb_2', '11-0');
    await order.record('wh_b', 'lb_1', '12-0');
    expect(await order.predecessor('wh_a', 'lb_1', '9-0', pending)).toBeNull();
    expect(await order.predecessor('wh_a', 'lb_1', '10-1', pending)).toBe('9-0');
    await order.done('wh_a', 'lb_1', '9-0');
    expect(await order.predecessor('wh_a', 'lb_1', '10-1', pending)).toBe('10-0');
    await order.done('wh_a', 'lb_1', '10-0');
    expect(await order.predecessor('wh_a', 'lb_1', '10-1', pending)).toBeNull();
    // Other liveblogs and other subscriptions are not in the way.
    expect(await order.predecessor('wh_a', 'lb_2', '11-0', pending)).toBeNull();
    expect(await order.predecessor('wh_b', 'lb_1', '12-0', pending)).toBeNull();
  });

  test('a redelivered dead letter (no longer recorded) waits only for earlier events still recorded', async () => {
    await order.record('wh_c', 'lb_1', '20-0');
    expect(await order.predecessor('wh_c', 'lb_1', '19-0', pending)).toBeNull();
    expect(await order.predecessor('wh_c', 'lb_1', '21-0', pending)).toBe('20-0');
  });

  test.each<[PredecessorState, boolean]>([
    ['completed', true],
    ['failed', true],
    ['unknown', true],
    ['waiting', false],
    ['active', false],
    ['delayed', false],
  ])('an earlier event whose delivery is %s is dropped: %s', async (state, dropped) => {
    const sub = `wh_state_${state}`;
    await order.record(sub, 'lb_1', '30-0');
    await order.record(sub, 'lb_1', '31-0');
    const asked: string[] = [];
    const result = await order.predecessor(sub, 'lb_1', '31-0', (id) => {
      asked.push(id);
      return Promise.resolve(state);
    });
    expect(asked).toEqual(['30-0']);
    expect(result).toBe(dropped ? null : '30-0');
    expect(await order.predecessor(sub, 'lb_1', '31-0', pending)).toBe(dropped ? null : '30-0');
  });
});
