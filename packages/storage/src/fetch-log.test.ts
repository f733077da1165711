import { testEnv } from '../../../tests/harness/env';
import type { FetchLogRow } from './documents';
import { FETCH_LOG_HOURS } from './fetch-log';
import { Store } from './store';

let store: Store;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
});
afterAll(() => store.close());

const H = 3_600_000;
const t0 = Date.parse('2026-12-01T07:10:00Z');
const row = (at: number, over: Partial<FetchLogRow> = {}): FetchLogRow => ({
  at: new Date(at),
  result: 'not-modified',
  httpStatus: 304,
  bytes: 0,
  snapshotId: null,
  error: null,
  ...over,
});

test('polls are listed newest first over the hours asked for, a replayed write kept once', async () => {
  const rows = [row(t0 - 2 * H), row(t0 - 50 * 60_000, { result: 'changed', httpStatus: 200, bytes: 5120, snapshotId: 'sn_1' }), row(t0 - 20 * 60_000), row(t0, { result: 'failed', httpStatus: 500, bytes: null, error: 'HTTP 500' })];
  let previous: Date | null = null;
  for (const r of rows) {
    await store.fetchLog.append('src_a', r, previous);
    previous = r.at;
  }
  await store.fetchLog.append('src_a', rows[3]!, rows[2]!.at);
  await store.fetchLog.append('src_b', row(t0), null);

  expect(await store.fetchLog.recent('src_a', 1, t0 + 1)).toEqual([rows[3], rows[2], rows[1]]);
  expect(await store.fetchLog.recent('src_a', 3, t0 + 1)).toEqual([rows[3], rows[2], rows[1], rows[0]]);
  expect(await store.fetchLog.recent('src_c', 3, t0 + 1)).toEqual([]);
});

test(`the hours older than ${FETCH_LOG_HOURS} are deleted as new hours begin, also across a gap`, async () => {
  const docs = () => store.database.collections.fetchLog.countDocuments({ sourceId: 'src_p' });
  let previous: Date | null = null;
  // One poll an hour for three days, then a day of silence, then one more poll.
  for (let h = 0; h < 72; h += 1) {
    const r = row(t0 + h * H);
    await store.fetchLog.append('src_p', r, previous);
    previous = r.at;
  }
  // The current hour and the 48 before it.
  expect(await docs()).toBe(FETCH_LOG_HOURS + 1);
  await store.fetchLog.append('src_p', row(t0 + 96 * H), previous);
  // Hours 48 to 71 are within 48 hours of hour 96; 23 to 47 went.
  expect(await docs()).toBe(24 + 1);
  // The last 48 hours as time: hour 48's poll is 48 hours and 1 ms old.
  expect((await store.fetchLog.recent('src_p', FETCH_LOG_HOURS, t0 + 96 * H + 1)).length).toBe(23 + 1);
});

test('an hour written before polls were strings is read with the polls written into it since', async () => {
  const old = row(t0 - 30 * 60_000, { result: 'changed', httpStatus: 200, bytes: 900, snapshotId: 'sn_old' });
  await store.database.collections.fetchLog.insertOne({ _id: 'src_l:2026-12-01T07', sourceId: 'src_l', hour: '2026-12-01T07', rows: [old] });
  const now = row(t0);
  await store.fetchLog.append('src_l', now, old.at);
  expect(await store.fetchLog.recent('src_l', 1, t0 + 1)).toEqual([now, old]);
});

test('a source polled every 10 s writes an hour into six documents of at most 60 polls, read back whole', async () => {
  const hour = Date.parse('2026-12-01T09:00:00Z');
  const rows = Array.from({ length: 360 }, (_, i) => row(hour + i * 10_000));
  let previous: Date | null = null;
  for (const r of rows) {
    await store.fetchLog.append('src_s', r, previous);
    previous = r.at;
  }
  const docs = await store.database.collections.fetchLog.find({ sourceId: 'src_s' }).toArray();
  expect(docs.map((d) => d._id).sort()).toEqual(['src_s:2026-12-01T09', ...['10', '20', '30', '40', '50'].map((m) => `src_s:2026-12-01T09:${m}`)]);
  expect(docs.map((d) => Object.keys(d.polls ?? {}).length)).toEqual([60, 60, 60, 60, 60, 60]);
  expect(await store.fetchLog.recent('src_s', 1, hour + 3_600_000)).toEqual(rows.slice(1).reverse());
});
