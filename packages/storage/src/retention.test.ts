import type { CommandStartedEvent } from 'mongodb';
import { contentHash } from '@liveblog/fingerprint';
import { testEnv } from '../../../tests/harness/env';
import { Store as StoreClass } from './store';
import { filterShapes, filtersSentTo, openRecordingStore } from './testdata/commands';
import { blockIds } from './extractions';
import { GROUP_SPAN_MS } from './snapshots';
import { entry, extraction } from './testdata/extractions';

let store: StoreClass;
const opened: StoreClass[] = [];
/** Another process's store: nothing of it in memory, so reads go to the database. */
const fresh = async () => {
  const other = await StoreClass.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  opened.push(other);
  return other;
};
let sent: CommandStartedEvent[];
beforeAll(async () => {
  ({ store, sent } = await openRecordingStore());
});
afterAll(async () => {
  await Promise.all([store, ...opened].map((s) => s.close()));
});

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
  // Each extraction's blocks (one hour each here, so none shared): they go with it.
  const blocks = new Map<string, string[]>();
  for (const id of [quietOld, quietLatest, ...busyOld, ...busyRecent]) blocks.set(id, blockIds((await store.database.collections.extractions.findOne({ _id: id }))!));
  const blocksStored = async (id: string) => (await Promise.all(blocks.get(id)!.map((b) => store.database.collections.extractionBlocks.findOne({ _id: b })))).every(Boolean);
  const exists = async (ids: string[]) =>
    Promise.all(
      ids.map(async (id) => [Boolean(await store.database.collections.snapshots.findOne({ _id: id })), Boolean(await store.database.collections.extractions.findOne({ _id: id })) && (await blocksStored(id))]),
    );
  expect([...blocks.values()].every((ids) => ids.length > 0)).toBe(true);
  const entriesBefore = await store.database.collections.entries.countDocuments({});

  const from = sent.length;
  expect(await store.retention.sweep(now, RETENTION)).toEqual({ deleted: 3, kept: 1 });
  expect(await exists([quietOld, ...busyOld])).toEqual([[false, false], [false, false], [false, false]]);
  expect(await Promise.all([quietOld, ...busyOld].flatMap((id) => blocks.get(id)!).map((b) => store.database.collections.extractionBlocks.findOne({ _id: b })))).toEqual([null, null, null]);
  expect(await exists([quietLatest, ...busyRecent])).toEqual([[true, true], [true, true], [true, true]]);
  // Found and deleted by _id alone; only the small sources collection is listed.
  for (const collection of ['snapshots', 'extractions', 'extractionBlocks', 'snapshotDirectory']) expect(filterShapes(filtersSentTo(collection, sent.slice(from)))).toEqual(['_id']);

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

test('snapshots stored as chunks: a group goes only once closed, and never a chunk that a kept snapshot still reads', async () => {
  const [a, b] = await store.sources.upsertSpecs(
    ['https://retention.example/chunks-a', 'https://retention.example/chunks-b'].map((url) => ({ url, intervalSeconds: 60, liveblogIntervalSeconds: 60, kind: 'liveblog' as const, render: false })),
  );
  const furniture = Array.from({ length: 2000 }, (_, i) => `<li><a href="/r/${i}">Ressort ${i}</a></li>`).join('');
  const bodies = new Map<string, Buffer>();
  let previous = new Map<string, string | null>();
  const snapshot = async (sourceId: string, at: Date, n: number) => {
    const body = Buffer.from(`<nav>${furniture}</nav>${Array.from({ length: n }, (_, i) => `<p>${`Meldung ${i} `.repeat(50)}</p>`).join('')}<footer>${furniture}</footer>`);
    const id = `sn_${sourceId}_${at.getTime()}`;
    await store.snapshots.put({ id, sourceId, url: 'https://retention.example/', contentType: 'text/html', contentHash: contentHash(body), body, fetchedAt: at, previousId: previous.get(sourceId) ?? null });
    previous = new Map(previous).set(sourceId, id);
    await store.sources.recordFetch(sourceId, { kind: 'changed', httpStatus: 200, bytes: body.length, contentHash: contentHash(body), snapshotId: id, etag: null, lastModified: null }, at);
    bodies.set(id, body);
    return id;
  };
  /** Read by a process that has none of the chunks in memory: one per check, as a check follows deletions. */
  const readBack = async (ids: string[]) => {
    const reader = await fresh();
    return Promise.all(ids.map(async (id) => (await reader.snapshots.get(id)).body.equals(bodies.get(id)!)));
  };
  const chunksOfGroup = async (group: string) => (await store.database.collections.snapshotChunks.find({}).toArray()).filter((c) => c._id.startsWith(`${group}:`)).length;
  const cutoff = new Date(Math.floor((now.getTime() - RETENTION) / 3_600_000) * 3_600_000);
  const minutes = (from: Date, m: number) => new Date(from.getTime() + m * 60_000);

  // A: one group of three snapshots, long past the retention; the last is its latest.
  const [a1, a2, a3] = [await snapshot(a!._id, daysAgo(20), 1), await snapshot(a!._id, minutes(daysAgo(20), 1), 2), await snapshot(a!._id, minutes(daysAgo(20), 2), 3)];
  // B: a group that started 30 minutes before the cutoff and goes on after it.
  const [b1, b2, b3] = [await snapshot(b!._id, minutes(cutoff, -30), 1), await snapshot(b!._id, minutes(cutoff, -10), 2), await snapshot(b!._id, minutes(cutoff, 20), 3)];
  expect(await chunksOfGroup(a1)).toBeGreaterThan(0);

  expect(await store.retention.sweep(now, RETENTION)).toEqual({ deleted: 2, kept: 1 });
  expect(await readBack([a3, b1, b2, b3])).toEqual([true, true, true, true]);
  expect(await store.database.collections.snapshots.findOne({ _id: a1 })).toBeNull();
  expect(await store.database.collections.snapshots.findOne({ _id: a2 })).toBeNull();
  // A sweep again: the same result, nothing more deleted.
  const chunksLeft = await chunksOfGroup(a1);
  expect(await store.retention.sweep(now, RETENTION)).toEqual({ deleted: 0, kept: 1 });
  expect(await chunksOfGroup(a1)).toBe(chunksLeft);

  // Once its span has passed the cutoff too, B's group is closed: its older snapshots go, its latest reads on.
  const later = new Date(now.getTime() + GROUP_SPAN_MS + 2 * 3_600_000);
  expect(await store.retention.sweep(later, RETENTION)).toEqual({ deleted: 2, kept: 2 });
  expect(await readBack([a3, b3])).toEqual([true, true]);
  // A changes: its former latest goes, and with it the last chunks of its group.
  await snapshot(a!._id, now, 4);
  expect(await store.retention.sweep(later, RETENTION)).toEqual({ deleted: 1, kept: 1 });
  expect(await chunksOfGroup(a1)).toBe(0);
  expect(await readBack([b3])).toEqual([true]);
});
