import type { CommandStartedEvent } from 'mongodb';
import type { Store } from './store';
import { filterShapes, filtersSentTo, openRecordingStore } from './testdata/commands';
import { entry, extraction } from './testdata/extractions';

let store: Store;
let sent: CommandStartedEvent[];
beforeAll(async () => {
  ({ store, sent } = await openRecordingStore());
});
afterAll(() => store.close());

const DAY = 86_400_000;
const RETENTION = 14 * DAY;
const now = new Date('2026-06-30T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY);

test("snapshots and extractions go after the retention time, each source's latest stays until it is not; entries stay", async () => {
  const [quiet, busy] = await store.sources.upsertSpecs(
    ['https://retention.example/quiet', 'https://retention.example/busy'].map((url) => ({ url, intervalSeconds: 60, liveblogIntervalSeconds: 60, kind: 'liveblog' as const, render: false })),
  );
  const snapshot = async (sourceId: string, at: Date) => {
    const id = `sn_${sourceId}_${at.getTime()}`;
    await store.snapshots.put({ id, sourceId, url: 'https://retention.example/', contentType: 'text/html', contentHash: id, body: Buffer.from(`<p>${id}</p>`), fetchedAt: at });
    const x = { ...extraction(`lb_${sourceId}`, at, [entry(1)]), _id: id, sourceId };
    await store.extractions.put(x);
    await store.entries.index(x, ['k1']);
    await store.sources.recordFetch(sourceId, { kind: 'changed', httpStatus: 200, bytes: 10, contentHash: id, snapshotId: id, etag: null, lastModified: null }, at);
    return id;
  };
  // The quiet source last changed 20 days ago; the busy one changes every few days.
  const quietOld = await snapshot(quiet!._id, daysAgo(30));
  const quietLatest = await snapshot(quiet!._id, daysAgo(20));
  const busyOld = [await snapshot(busy!._id, daysAgo(40)), await snapshot(busy!._id, daysAgo(15))];
  const busyRecent = [await snapshot(busy!._id, daysAgo(13)), await snapshot(busy!._id, daysAgo(1))];
  const exists = async (ids: string[]) =>
    Promise.all(ids.map(async (id) => [Boolean(await store.database.collections.snapshots.findOne({ _id: id })), Boolean(await store.database.collections.extractions.findOne({ _id: id }))]));
  const entriesBefore = await store.database.collections.entries.countDocuments({});

  const from = sent.length;
  expect(await store.retention.sweep(now, RETENTION)).toEqual({ deleted: 3, kept: 1 });
  expect(await exists([quietOld, ...busyOld])).toEqual([[false, false], [false, false], [false, false]]);
  expect(await exists([quietLatest, ...busyRecent])).toEqual([[true, true], [true, true], [true, true]]);
  // Found and deleted by _id alone; only the small sources collection is listed.
  for (const collection of ['snapshots', 'extractions', 'snapshotDirectory']) expect(filterShapes(filtersSentTo(collection, sent.slice(from)))).toEqual(['_id']);

  // Again: nothing more to do.
  expect(await store.retention.sweep(now, RETENTION)).toEqual({ deleted: 0, kept: 1 });
  // The quiet source changes: its former latest goes with the next sweep, wherever its hour was.
  await snapshot(quiet!._id, now);
  expect(await store.retention.sweep(now, RETENTION)).toEqual({ deleted: 1, kept: 0 });
  expect(await exists([quietLatest])).toEqual([[false, false]]);
  // Two days later the busy source's 13-day-old snapshot has passed the retention too.
  expect(await store.retention.sweep(new Date(now.getTime() + 2 * DAY), RETENTION)).toEqual({ deleted: 1, kept: 0 });
  expect(await exists(busyRecent)).toEqual([[false, false], [true, true]]);
  expect(await store.database.collections.entries.countDocuments({})).toBe(entriesBefore);
});
