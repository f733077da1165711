import { Batcher } from './batcher';

interface Item {
  key: string;
  n: number;
}

/** A batcher whose writes wait until released, recording each batch's items. */
function gated(maxBatch: number, fails: (items: Item[]) => boolean = () => false) {
  const writes: number[][] = [];
  const gates: (() => void)[] = [];
  const batcher = new Batcher<Item, string>({
    maxBatch,
    keyOf: (item) => item.key,
    write: async (items) => {
      writes.push(items.map((i) => i.n));
      await new Promise<void>((resolve) => gates.push(resolve));
      if (fails(items)) throw new Error(`batch ${items.map((i) => i.n).join(',')} failed`);
      return items.map((i) => `done ${i.n}`);
    },
  });
  /** Lets every write started so far finish, and whatever they start, until none is left. */
  const releaseAll = async () => {
    for (let rounds = 0; rounds < 100; rounds++) {
      await new Promise((r) => setImmediate(r));
      const open = gates.splice(0);
      if (open.length === 0) return;
      open.forEach((release) => release());
    }
  };
  return { batcher, writes, releaseAll };
}

const item = (n: number, key = `lb${n}`): Item => ({ key, n });

test('a lone call is written at once; calls arriving during a write go together into the next, up to maxBatch', async () => {
  const { batcher, writes, releaseAll } = gated(3);
  const first = batcher.submit(item(1));
  const rest = [2, 3, 4, 5, 6].map((n) => batcher.submit(item(n)));
  await releaseAll();
  expect(await first).toBe('done 1');
  expect(await Promise.all(rest)).toEqual(['done 2', 'done 3', 'done 4', 'done 5', 'done 6']);
  expect(writes).toEqual([[1], [2, 3, 4], [5, 6]]);
});

test('items of one key never share a write, and each key keeps its order', async () => {
  const { batcher, writes, releaseAll } = gated(10);
  const all = [batcher.submit(item(0)), ...[1, 2, 3, 4].map((n) => batcher.submit(item(n, n % 2 ? 'odd' : 'even')))];
  await releaseAll();
  await Promise.all(all);
  expect(writes).toEqual([[0], [1, 2], [3, 4]]);
});

test('a failed batch is written again item by item: only the item that cannot be written fails', async () => {
  const { batcher, writes, releaseAll } = gated(10, (items) => items.some((i) => i.n === 3));
  const first = batcher.submit(item(1));
  const results = [2, 3, 4].map((n) => batcher.submit(item(n)).catch((err: Error) => err.message));
  await releaseAll();
  expect(await first).toBe('done 1');
  expect(await Promise.all(results)).toEqual(['done 2', 'batch 3 failed', 'done 4']);
  expect(writes).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
});
