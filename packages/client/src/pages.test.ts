import { eachItem, type Page } from './pages';

test('follows next through short and empty pages to the end, asking with each cursor once', async () => {
  const pages: Record<string, Page<number>> = {
    start: { items: [1, 2, 3], next: 'a' },
    a: { items: [], next: 'b' },
    b: { items: [4], next: 'c' },
    c: { items: [], next: null },
  };
  const asked: string[] = [];
  const seen: number[] = [];
  for await (const n of eachItem(async (cursor) => (asked.push(cursor ?? 'start'), pages[cursor ?? 'start']!))) seen.push(n);
  expect(seen).toEqual([1, 2, 3, 4]);
  expect(asked).toEqual(['start', 'a', 'b', 'c']);
});

test('stops asking when the consumer stops', async () => {
  let asked = 0;
  for await (const n of eachItem(async () => (asked++, { items: [1, 2], next: 'more' }))) if (n === 2) break;
  expect(asked).toBe(1);
});
