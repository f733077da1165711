import { Store, WriteMeter, type FetchLogRow, type SourceDoc } from '@liveblog/storage';
import { testEnv } from '../../../tests/harness/env';
import { pollRecorder, type PollRecord } from './poll-recorder';

let store: Store;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb, { monitorCommands: true });
});
afterAll(() => store.close());

const t0 = Date.parse('2026-12-01T07:19:58Z');
const notModified = (at: Date): FetchLogRow => ({ at, result: 'not-modified', httpStatus: 304, bytes: 0, snapshotId: null, error: null });

async function sources(tag: string, n: number): Promise<SourceDoc[]> {
  return store.sources.upsertSpecs(Array.from({ length: n }, (_, i) => ({ url: `https://recorder.example/${tag}/${i}`, intervalSeconds: 10, liveblogIntervalSeconds: 10, kind: 'liveblog' as const, render: false })));
}

function record(source: SourceDoc, at: Date, previousAt: Date | null): PollRecord {
  return {
    sourceId: source._id,
    row: notModified(at),
    previousAt,
    outcome: { kind: 'unchanged', httpStatus: 304, bytes: 0 },
    schedule: { intervalSeconds: 10, rhythmSeconds: null, floorSeconds: null, nextDueAt: new Date(at.getTime() + 10_000), ended: false },
  };
}

test('polls in flight are written together, one command per collection, each as recorded alone', async () => {
  const polled = await sources('together', 12);
  const recorder = pollRecorder(store);
  const meter = new WriteMeter(store);
  const at = new Date(t0);
  // The first call is written at once; the eleven that arrive meanwhile go together into the next write.
  await Promise.all(polled.map((s) => recorder.submit(record(s, at, new Date(t0 - 10_000)))));
  const cost = await meter.take();
  meter.stop();
  expect(cost.commands.update).toBe(4);
  for (const s of polled) {
    expect(await store.fetchLog.recent(s._id, 1, t0 + 1)).toEqual([notModified(at)]);
    const { status } = (await store.sources.get(s._id))!;
    expect(status).toMatchObject({ lastFetchedAt: at, lastHttpStatus: 304, nextDueAt: new Date(t0 + 10_000), intervalSeconds: 10, consecutiveFailures: 0 });
  }
});

test('a source polled twice while a write is under way keeps both polls, in order', async () => {
  const [source] = await sources('twice', 1);
  const recorder = pollRecorder(store);
  const first = new Date(t0 + 60_000);
  const second = new Date(t0 + 70_000);
  await Promise.all([recorder.submit(record(source!, first, null)), recorder.submit(record(source!, second, first))]);
  expect((await store.fetchLog.recent(source!._id, 1, t0 + 80_000)).map((r) => r.at)).toEqual([second, first]);
  expect((await store.sources.get(source!._id))!.status.lastFetchedAt).toEqual(second);
});
