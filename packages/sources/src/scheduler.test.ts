import { jobId } from '@liveblog/contracts';
import { Store } from '@liveblog/storage';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { testEnv } from '../../../tests/harness/env';
import { dueAfter } from './jitter';
import { SourceScheduler } from './scheduler';

/** The poll chains against the real Redis queue and the real store. */
const redis = new Redis(testEnv().redisUrl, { maxRetriesPerRequest: null });
const queue = new Queue('fetch', { connection: redis, prefix: `${testEnv().queuePrefix}:{fetch}` });
let store: Store;
let scheduler: SourceScheduler;
let n = 0;

beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  scheduler = new SourceScheduler(queue, store.sources);
});
afterAll(async () => {
  await queue.close();
  redis.disconnect();
  await store.close();
});

async function newSource(intervalSeconds = 60) {
  n += 1;
  const { source } = await store.sources.create({ url: `https://news.example/live/${n}`, kind: 'liveblog', intervalSeconds, liveblogIntervalSeconds: 60, render: false });
  return source;
}
const doc = async (id: string) => (await store.sources.get(id))!;
const queued = async (id: string) => (await queue.getJobs(['delayed', 'waiting', 'completed', 'failed'])).filter((j) => j.data.sourceId === id);
const stateOfPlan = async (id: string) => {
  const due = (await doc(id)).status.nextDueAt;
  return due ? queue.getJobState(jobId.fetch({ sourceId: id, dueAt: due.getTime() })) : 'no plan';
};

test('a source never polled is planned now; arming it again, as every restart does, adds nothing', async () => {
  const source = await newSource();
  const before = Date.now();
  await scheduler.ensure(source);
  const planned = (await doc(source._id)).status.nextDueAt!;
  expect(planned.getTime()).toBeGreaterThanOrEqual(before);
  expect(await stateOfPlan(source._id)).toBe('waiting');
  await scheduler.ensure(await doc(source._id));
  await scheduler.ensure(await doc(source._id));
  expect(await queued(source._id)).toHaveLength(1);
});

test('a plan recorded but never queued (a crash in between) is queued for its due time', async () => {
  const source = await newSource();
  const due = new Date(Date.now() + 30_000);
  await store.sources.planPoll(source._id, due);
  await scheduler.ensure(await doc(source._id));
  const [job] = await queued(source._id);
  expect(job!.data.dueAt).toBe(due.getTime());
  expect(await job!.getState()).toBe('delayed');
});

test('a planned poll that finished without moving the plan (skipped while paused) runs again on resume', async () => {
  await queue.drain(true);
  const source = await newSource();
  await scheduler.ensure(source);
  // A worker takes the job and completes it without polling, as the fetcher does for a paused source.
  const worker = new Worker('fetch', null, { connection: redis, prefix: `${testEnv().queuePrefix}:{fetch}`, autorun: false });
  const job = (await worker.getNextJob('token'))!;
  expect(job.data.sourceId).toBe(source._id);
  await job.moveToCompleted('skipped', 'token', false);
  await worker.close();
  expect(await stateOfPlan(source._id)).toBe('completed');
  await scheduler.ensure(await doc(source._id));
  expect(await stateOfPlan(source._id)).toBe('waiting');
  expect(await queued(source._id)).toHaveLength(1);
});

test('pausing takes the planned poll out of the queue; paused and ended sources are not armed', async () => {
  const source = await newSource();
  await scheduler.ensure(source);
  await store.sources.updateControls(source._id, { paused: true });
  await scheduler.ensure(await doc(source._id));
  expect(await stateOfPlan(source._id)).toBe('unknown');
  await scheduler.ensure(await doc(source._id));
  expect(await queued(source._id)).toHaveLength(0);
  await store.sources.updateControls(source._id, { paused: false });
  await scheduler.ensure(await doc(source._id));
  expect(await queued(source._id)).toHaveLength(1);
});

test('a new interval moves the planned poll to one new interval after the last poll, replacing it', async () => {
  const source = await newSource(600);
  const lastPoll = new Date(Date.now() - 20_000);
  await store.sources.recordFetch(source._id, { kind: 'unchanged', httpStatus: 304, bytes: 0 }, lastPoll, { intervalSeconds: 600, rhythmSeconds: null, floorSeconds: null, nextDueAt: dueAfter(lastPoll, 600, source._id), ended: false });
  await scheduler.ensure(await doc(source._id));
  const shorter = await store.sources.updateControls(source._id, { intervalSeconds: 60 });
  await scheduler.reschedule(shorter!);
  const jobs = await queued(source._id);
  expect(jobs.map((j) => j.data.dueAt)).toEqual([dueAfter(lastPoll, 60, source._id).getTime()]);
  // A due time already past is now, not earlier and not twice.
  const faster = await store.sources.updateControls(source._id, { intervalSeconds: 10 });
  const before = Date.now();
  await scheduler.reschedule(faster!);
  const [job] = await queued(source._id);
  expect(job!.data.dueAt).toBeGreaterThanOrEqual(before);
  expect(await queued(source._id)).toHaveLength(1);
});
