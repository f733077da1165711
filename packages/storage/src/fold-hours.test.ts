import type { CommandStartedEvent } from 'mongodb';
import type { ExtractedEntry } from '@liveblog/contracts';
import type { Store } from './store';
import { openRecordingStore } from './testdata/commands';
import { entry, extraction, keysOf } from './testdata/extractions';

let store: Store;
let sent: CommandStartedEvent[];
beforeAll(async () => {
  ({ store, sent } = await openRecordingStore());
});
afterAll(() => store.close());

const MINUTE = 60_000;
const HOUR = 3_600_000;
const published = (i: number, at: Date, text: string): ExtractedEntry => ({ ...entry(i, text), publishedAt: at.toISOString() });
const keys = async (query: string) => (await store.entries.search({ query }, null, 100)).items.map((e) => e.key);

/** Search's point reads of the timeline collection: posting documents (and rows, which a search across all never reads). */
async function timelineReads(query: string): Promise<number> {
  sent.length = 0;
  await keys(query);
  return sent.filter((e) => e.commandName === 'find' && e.command.find === 'timeline').length;
}

test('a word found once in a finished hour costs one posting read once the hour is folded; late postings are found beside it', async () => {
  const hour = new Date('2024-11-20T10:00:00Z');
  // One entry a minute for 40 minutes; every one says Kranich, only k5 Eisvogel.
  const entries = Array.from({ length: 40 }, (_, i) => published(i, new Date(hour.getTime() + i * MINUTE), `Kranich ${i} zieht. ${i === 5 ? 'Ein Eisvogel brütet.' : ''}`));
  const x = extraction('lb_fold', new Date(hour.getTime() + HOUR), entries);
  await store.entries.index(x, keysOf(x));
  const newestFirst = Array.from({ length: 40 }, (_, i) => `k${39 - i}`);

  expect(await keys('Eisvogel')).toEqual(['k5']);
  expect(await timelineReads('Eisvogel')).toBe(40);
  // Not before the hour is over and late entries have had time to come.
  expect(await store.entries.foldHours(new Date(hour.getTime() + HOUR), hour)).toBe(0);
  expect(await store.entries.foldHours(new Date(hour.getTime() + 2 * HOUR), hour)).toBe(1);
  expect(await store.entries.foldHours(new Date(hour.getTime() + 2 * HOUR), hour)).toBe(0);
  expect(await timelineReads('Eisvogel')).toBe(1);
  expect(await keys('Eisvogel')).toEqual(['k5']);
  expect(await keys('Kranich')).toEqual(newestFirst);
  expect(await keys('Kranich Eisvogel')).toEqual(['k5']);

  // A late entry of the folded hour, and an edit that takes the word from k5: read from their minutes.
  const late = extraction('lb_fold', new Date(hour.getTime() + 3 * HOUR), [
    published(50, new Date(hour.getTime() + 50 * MINUTE), 'Ein Eisvogel fischt.'),
    published(5, new Date(hour.getTime() + 5 * MINUTE), 'Kranich 5 zieht.'),
  ]);
  await store.entries.index(late, keysOf(late));
  expect(await keys('Eisvogel')).toEqual(['k50']);
  expect(await timelineReads('Eisvogel')).toBe(3);
  // Two late minutes are too few to fold again: they are read beside the hour until more come.
  expect(await store.entries.foldHours(new Date(hour.getTime() + 4 * HOUR), hour)).toBe(0);
  expect(await keys('Kranich')).toEqual(newestFirst);
});

test('folds racing writers into the same hour lose no posting', async () => {
  const hour = new Date('2024-11-21T10:00:00Z');
  const now = new Date(hour.getTime() + 2 * HOUR);
  // Every entry has a word of its own; twelve liveblogs write into the hour's minutes while folds run.
  const word = (lb: number, i: number) => `Fluss${String.fromCharCode(97 + lb)}${String.fromCharCode(97 + i)}quell`;
  const writing = Array.from({ length: 12 }, async (_, lb) => {
    for (let i = 0; i < 15; i++) {
      const x = extraction(`lb_race_fold_${lb}`, new Date(now.getTime() + i * MINUTE), [published(i, new Date(hour.getTime() + (i * 4 + (lb % 4)) * MINUTE), `Pegel meldet ${word(lb, i)}.`)]);
      await store.entries.index(x, keysOf(x));
    }
  });
  let writers = writing.length;
  const folding = (async () => {
    let folds = 0;
    while (writers > 0) folds += await store.entries.foldHours(now, hour);
    return folds;
  })();
  await Promise.all(writing.map((w) => w.finally(() => writers--)));
  expect(await folding).toBeGreaterThan(0);
  for (let lb = 0; lb < 12; lb++) for (let i = 0; i < 15; i++) expect(await keys(word(lb, i))).toEqual([`k${i}`]);
  await store.entries.foldHours(now, hour);
  for (let lb = 0; lb < 12; lb++) for (let i = 0; i < 15; i++) expect(await keys(word(lb, i))).toEqual([`k${i}`]);
  // 180 writes racing the folds and 360 searches: 21-37 s on a loaded 2-core machine, past the default.
}, 90_000);
