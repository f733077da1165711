import { testEnv } from '../../../tests/harness/env';
import type { ExtractedEntry } from '@liveblog/contracts';
import { findByIds } from './by-id';
import { decodeCursor, type Cursor } from './cursor';
import type { EntryDoc } from './documents';
import { entryPredicate, type EntryFilters } from './entry-filter';
import type { Page } from './page';
import { Store } from './store';
import { decodeRow, encodeRow, Timeline } from './timeline';
import { toEntryDoc } from './entries';
import { entry, extraction, keysOf } from './testdata/extractions';

let store: Store;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
});
afterAll(() => store.close());

const HOUR = 3_600_000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms).toISOString();
const published = (i: number, publishedAt: string, text?: string): ExtractedEntry => ({ ...entry(i, text), publishedAt });

/** Every page of a listing, following `next` to the end. */
async function walk(next: (cursor: Cursor | null) => Promise<Page<EntryDoc>>): Promise<Page<EntryDoc>[]> {
  const pages: Page<EntryDoc>[] = [];
  for (let cursor: Cursor | null = null; ; ) {
    const page = await next(cursor);
    pages.push(page);
    if (!page.next) return pages;
    cursor = decodeCursor(page.next);
  }
}
const keysOfPages = (pages: Page<EntryDoc>[]) => pages.flatMap((p) => p.items.map((e) => e.key));

test('pages run newest first across hours, ties broken by id, each entry once', async () => {
  const base = new Date('2024-11-06T00:00:00Z');
  // 40 entries over five hours, two at the very same time and several exactly on an hour's start.
  const entries = Array.from({ length: 40 }, (_, i) => published(i, at(base, Math.floor(i / 8) * HOUR + (i % 8) * 450_000 - (i === 9 ? 450_000 : 0))));
  const x = extraction('lb_hours', new Date(base.getTime() + 6 * HOUR), entries);
  await store.entries.index(x, keysOf(x));
  const stored = [...(await findByIds(store.database.collections.entries, (await store.entries.listByLiveblog('lb_hours', null, 100)).items.map((e) => e._id))).values()];
  const expected = stored
    .sort((a, b) => b.sortKey.getTime() - a.sortKey.getTime() || (a._id < b._id ? 1 : -1))
    .map((e) => e.key);
  expect(expected).toHaveLength(40);
  for (const filters of [{ liveblogId: 'lb_hours' }, { liveblogId: undefined, sourceId: 'src_test', since: base }]) {
    const pages = await walk((cursor) => store.entries.search(filters, cursor, 7));
    expect(keysOfPages(pages).filter((k) => expected.includes(k))).toEqual(expected);
    expect(pages.slice(0, -1).every((p) => p.items.length === 7)).toBe(true);
  }
});

test('a filter that matches little answers within its budget and resumes where it stopped', async () => {
  const base = new Date('2024-11-08T00:00:00Z');
  // One entry per hour for 40 hours; only the two oldest are credited to the agency asked for.
  const entries = Array.from({ length: 40 }, (_, i) => ({ ...published(i, at(base, (40 - i) * HOUR)), agencies: i >= 38 ? ['afp'] : ['dpa'] }));
  const x = extraction('lb_sparse', new Date(base.getTime() + 41 * HOUR), entries);
  await store.entries.index(x, keysOf(x));
  const timeline = new Timeline(store.database.collections, 10);
  const predicate = entryPredicate({ liveblogId: 'lb_sparse', agency: 'afp' });
  const pages = await walk((cursor) => timeline.page(predicate, cursor, 5, (ids) => store.entries.getMany(ids)));
  expect(keysOfPages(pages)).toEqual(['k38', 'k39']);
  // Reads of 1, 2, 4 and 8 hours make 15 rows per page at a budget of 10: three pages, the first ones empty.
  expect(pages.length).toBe(3);
  expect(pages[0]!.items).toEqual([]);
  expect(pages[0]!.next).not.toBeNull();
});

describe('search reads only the hours all of its words have', () => {
  const base = new Date('2024-11-15T00:00:00Z');
  // One entry per hour for 60 hours, in two liveblogs. Deich occurs in every third, Bruch in every fifth:
  // both in every fifteenth; Sturmflut only in k7, and Deichbruch, one word, only in k50.
  const text = (i: number) =>
    [`Eintrag ${i}.`, i % 3 === 0 ? 'Der Deich hält.' : '', i % 5 === 0 ? 'Ein Bruch im Rohr.' : '', i === 7 ? 'Sturmflut erwartet.' : '', i === 50 ? 'Deichbruch bei Hamburg.' : ''].join(' ');
  const timeline = () => new Timeline(store.database.collections, 10);
  const search = (filters: EntryFilters) =>
    walk((cursor) => timeline().page(entryPredicate(filters), cursor, 5, (ids) => store.entries.getMany(ids)));

  beforeAll(async () => {
    for (const lb of ['lb_words_a', 'lb_words_b']) {
      const own = Array.from({ length: 60 }, (_, i) => i).filter((i) => (lb === 'lb_words_a') === i < 30);
      const x = extraction(lb, new Date(base.getTime() + 61 * HOUR), own.map((i) => published(i, at(base, i * HOUR), text(i))));
      await store.entries.index(x, keysOf(x));
    }
  });

  test.each([
    ['a word found once in all time', { query: 'Sturmflut' }, ['k7']],
    ['a word found once, in a liveblog that has it', { query: 'Deichbruch', liveblogId: 'lb_words_b' }, ['k50']],
    ['a word found once, in a liveblog that has it not', { query: 'Deichbruch', liveblogId: 'lb_words_a' }, []],
    ['two common words that meet rarely', { query: 'Deich Bruch' }, ['k45', 'k30', 'k15', 'k0']],
    ['two common words in one liveblog', { query: 'bruch deich', liveblogId: 'lb_words_a' }, ['k15', 'k0']],
    ['a word no entry has', { query: 'Xylophon' }, []],
  ])('%s: one page, however sparse, within a budget of 10 rows', async (_name, filters, expected) => {
    const pages = await search(filters);
    expect(pages).toHaveLength(1);
    expect(keysOfPages(pages)).toEqual(expected);
  });

  test('a common word pages through every entry that has it, newest first', async () => {
    const keys = keysOfPages(await search({ query: 'Deich' }));
    expect(keys).toEqual(Array.from({ length: 60 }, (_, i) => 59 - i).filter((i) => i % 3 === 0).map((i) => `k${i}`));
  });

  test('an entry whose edit or deletion removed the word is not found by it', async () => {
    const later = new Date(base.getTime() + 62 * HOUR);
    const edited = extraction('lb_words_b', later, [published(50, at(base, 50 * HOUR), 'Der Damm hält.')]);
    await store.entries.index(edited, ['k50']);
    expect(keysOfPages(await search({ query: 'Deichbruch' }))).toEqual([]);
    expect(keysOfPages(await search({ query: 'Damm' }))).toEqual(['k50']);
    await store.entries.markDeleted(extraction('lb_words_a', later, []), ['k7']);
    expect(keysOfPages(await search({ query: 'Sturmflut' }))).toEqual([]);
    expect(keysOfPages(await search({ query: 'Sturmflut', includeDeleted: true }))).toEqual(['k7']);
  });
});

test('an edit is found by its new words only, and listed once', async () => {
  const t0 = new Date('2024-11-09T10:00:00Z');
  const before = extraction('lb_edit', t0, [published(1, at(t0, -HOUR), 'Die Fähre fällt aus.'), published(2, at(t0, -2 * HOUR))]);
  await store.entries.index(before, keysOf(before));
  const after = extraction('lb_edit', new Date(t0.getTime() + 60_000), [published(1, at(t0, -HOUR), 'Die Brücke ist gesperrt.'), before.entries[1]!]);
  await store.entries.index(after, ['k1']);
  const keys = async (filters: EntryFilters) => (await store.entries.search(filters, null, 10)).items.map((e) => e.key);
  expect(await keys({ liveblogId: 'lb_edit', query: 'Brücke' })).toEqual(['k1']);
  expect(await keys({ liveblogId: 'lb_edit', query: 'Fähre' })).toEqual([]);
  expect(await keys({ liveblogId: 'lb_edit' })).toEqual(['k1', 'k2']);
});

test('a corrected publication time lists the entry once, at its new place', async () => {
  const t0 = new Date('2024-11-10T12:00:00Z');
  const first = extraction('lb_moved', t0, [published(1, at(t0, -5 * HOUR)), published(2, at(t0, -3 * HOUR))]);
  await store.entries.index(first, keysOf(first));
  const corrected = extraction('lb_moved', new Date(t0.getTime() + 60_000), [published(1, at(t0, -HOUR)), first.entries[1]!]);
  await store.entries.index(corrected, ['k1']);
  const pages = await walk((cursor) => store.entries.search({ liveblogId: 'lb_moved' }, cursor, 1));
  expect(keysOfPages(pages)).toEqual(['k1', 'k2']);
});

test('replaying an index job adds no timeline rows or postings', async () => {
  const t0 = new Date('2024-11-11T12:00:00Z');
  const x = extraction('lb_rows', t0, Array.from({ length: 5 }, (_, i) => published(i, at(t0, -i * HOUR), `Schleusenwärter ${i} meldet Hochwasser.`)));
  const written = async () => {
    const buckets = await store.database.collections.timeline.find({}).toArray();
    const rows = buckets.filter((b) => b._id.startsWith('lb:lb_rows|')).reduce((n, b) => n + Object.keys(b.rows ?? {}).length, 0);
    const postings = buckets.reduce((n, b) => n + (b.postings?.['schleusenwart']?.length ?? 0), 0);
    return { rows, postings };
  };
  await store.entries.index(x, keysOf(x));
  expect(await written()).toEqual({ rows: 5, postings: 5 });
  await store.entries.index(x, keysOf(x));
  expect(await written()).toEqual({ rows: 5, postings: 5 });
});

test('pages walked while entries arrive above and below the cursor hold every earlier entry once, in order', async () => {
  const base = new Date('2024-11-12T00:00:00Z');
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const initial = Array.from({ length: 60 }, (_, i) => published(i, at(base, Math.floor(random() * 48) * 900_000)));
  const x = extraction('lb_moving', new Date(base.getTime() + 50 * HOUR), initial);
  await store.entries.index(x, keysOf(x));
  const seen: EntryDoc[] = [];
  let n = 1000;
  const pages = await walk(async (cursor) => {
    // Between pages: one entry newer than everything and one somewhere in the past arrive.
    const late = [published(n++, at(base, 60 * HOUR)), published(n++, at(base, Math.floor(random() * 48) * 900_000))];
    const arrival = extraction('lb_moving', new Date(base.getTime() + (50 + n) * HOUR), [...late, ...initial]);
    await store.entries.index(arrival, late.map((e) => e.key));
    const page = await store.entries.search({ liveblogId: 'lb_moving' }, cursor, 9);
    seen.push(...page.items);
    return page;
  });
  expect(pages.length).toBeGreaterThan(5);
  const keys = seen.map((e) => e.key);
  expect(new Set(keys).size).toBe(keys.length);
  for (const e of initial) expect(keys).toContain(e.key);
  const order = seen.map((e) => [e.sortKey.getTime(), e._id] as const);
  expect(order.every((o, i) => i === 0 || o[0] < order[i - 1]![0] || (o[0] === order[i - 1]![0] && o[1] < order[i - 1]![1]))).toBe(true);
});

test.each([
  ['agencies and terms', { agencies: ['dpa', 'afp'], text: 'Der Hafen von Kiel bleibt zu.' }],
  ['no agencies', { agencies: [], text: 'Der Hafen von Kiel bleibt zu.' }],
  ['no searchable word', { agencies: ['dpa'], text: 'und der die' }],
])('a row keeps what filters test: %s', (_name, { agencies, text }) => {
  const x = extraction('lb_row', new Date('2024-11-13T10:00:00Z'), [{ ...entry(1, text), agencies }]);
  const doc = toEntryDoc(x, x.entries[0]!, 0, new Date());
  expect(decodeRow(encodeRow(doc))).toEqual({ at: doc.sortKey.getTime(), sourceId: doc.sourceId, agencies: doc.agencies, terms: doc.terms });
});

test('liveblogs indexed at once into the same hours all get listed', async () => {
  const t0 = new Date('2024-11-14T10:00:00Z');
  const blogs = Array.from({ length: 6 }, (_, b) => extraction(`lb_race_${b}`, t0, Array.from({ length: 5 }, (_, i) => published(i, at(t0, -i * HOUR)))));
  await Promise.all(blogs.map((x) => store.entries.index(x, keysOf(x))));
  const pages = await walk((cursor) => store.entries.search({ sourceId: 'src_test', since: new Date(t0.getTime() - 5 * HOUR), until: new Date(t0.getTime() + 1) }, cursor, 7));
  const listed = pages.flatMap((p) => p.items.map((e) => e.liveblogId)).filter((id) => id.startsWith('lb_race_'));
  expect(listed).toHaveLength(30);
});

test('all entries and the postings grow a document per minute, not per hour: a write rewrites a minute at most', async () => {
  const hour = new Date('2024-11-13T10:00:00Z');
  // Thirty liveblogs, one entry each in each of the hour's first four minutes: busy like a newsroom's morning.
  for (let minute = 0; minute < 4; minute++) {
    for (let lb = 0; lb < 30; lb++) {
      const x = extraction(`lb_busy${lb}`, new Date(hour.getTime() + 3_600_000), [published(minute, at(hour, minute * 60_000 + lb * 1_000), `Hafen ${minute} meldet Lage ${lb}.`)]);
      await store.entries.index(x, keysOf(x));
    }
  }
  const busy = (await store.entries.search({ query: 'Hafen Lage' }, null, 200)).items.filter((e) => e.liveblogId.startsWith('lb_busy'));
  expect(busy).toHaveLength(120);
  const ids = new Set(busy.map((e) => e._id));
  const shared = await store.database.collections.timeline.find({ _id: { $regex: '^(all|q~\\d+)[@|]' } }).toArray();
  const held = (entryIdsOf: (bucket: (typeof shared)[number]) => string[]) =>
    shared.map((b) => entryIdsOf(b).filter((id) => ids.has(id)).length).filter((n) => n > 0);
  // Each of all entries' documents holds one minute's thirty rows, not the hour's 120.
  expect(held((b) => Object.keys(b.rows ?? {}).map((f) => f.split('~')[0]!))).toEqual([30, 30, 30, 30]);
  // "meldet" is in every entry: its shard documents hold one minute's thirty postings each.
  expect(held((b) => (b.postings?.['meldet'] ?? []).map((p) => p.split('~')[0]!))).toEqual([30, 30, 30, 30]);
});
