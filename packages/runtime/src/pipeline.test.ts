import { BullMQOtel } from 'bullmq-otel';
import { testEnv } from '../../../tests/harness/env';
import { Pipeline } from './pipeline';
import { createRedis } from './redis';

const redis = createRedis(testEnv().redisUrl);
const pipeline = new Pipeline({ connection: redis, prefix: `${testEnv().queuePrefix}-lanes`, telemetry: new BullMQOtel() });
const queue = pipeline.queue('dedup');
const job = (snapshotId: string, liveblogId: string) => ({ snapshotId, liveblogId });
const laneOf = async (id: string) => ((await queue.getJobState(id)) === 'prioritized' ? 'backfill' : 'fresh');

afterAll(async () => {
  await queue.obliterate({ force: true });
  await pipeline.close();
  redis.disconnect();
});

test('a group stays in the backfill lane behind its backfill job, other groups go fresh; a done backfill frees its group', async () => {
  await pipeline.enqueue('dedup', job('s1', 'lb-new'), 'first-page', { lane: { group: 'lb-new', backfill: true } });
  await pipeline.enqueue('dedup', job('s2', 'lb-new'), 'next-page', { lane: { group: 'lb-new', backfill: false } });
  await pipeline.enqueue('dedup', job('s3', 'lb-old'), 'followed-change', { lane: { group: 'lb-old', backfill: false } });
  await pipeline.enqueue('dedup', job('s4', 'lb-old'), 'no-lane');
  expect(await Promise.all(['first-page', 'next-page', 'followed-change', 'no-lane'].map(laneOf))).toEqual(['backfill', 'backfill', 'fresh', 'fresh']);
  // Fresh work is taken first; the backfill lane keeps its order.
  expect((await queue.getWaiting()).map((j) => j.id).sort()).toEqual(['followed-change', 'no-lane']);
  expect((await queue.getPrioritized()).map((j) => j.id)).toEqual(['first-page', 'next-page']);

  // Adding a job again under its id is still a no-op, whatever lane it would take now.
  await pipeline.enqueue('dedup', job('s1', 'lb-new'), 'first-page', { lane: { group: 'lb-new', backfill: false } });
  expect(await laneOf('first-page')).toBe('backfill');

  // Once the group's last backfill job is gone (done and removed), its next job is fresh again.
  await queue.remove('next-page');
  await pipeline.enqueue('dedup', job('s5', 'lb-new'), 'later-change', { lane: { group: 'lb-new', backfill: false } });
  expect(await laneOf('later-change')).toBe('fresh');
});

test('with parts, a fresh job joins the backfill lane only behind a queued backfill job that touches one of its parts', async () => {
  const index = pipeline.queue('index');
  const indexJob = (snapshotId: string, entryKeys: string[], deletedKeys: string[] = []) => ({ snapshotId, liveblogId: 'lb-new', entryKeys, deletedKeys, clusters: {} });
  const enqueue = (id: string, entryKeys: string[], deletedKeys: string[] = [], backfill = false) =>
    pipeline.enqueue('index', indexJob(id, entryKeys, deletedKeys), id, { lane: { group: 'lb-new', backfill, parts: [...entryKeys, ...deletedKeys] } });
  const laneIn = async (id: string) => ((await index.getJobState(id)) === 'prioritized' ? 'backfill' : 'fresh');
  try {
    await enqueue('first-page', ['e1', 'e2', 'e3'], [], true);
    await enqueue('new-entry', ['e9']);
    await enqueue('edit', ['e2']);
    await enqueue('deletion', ['e10'], ['e3']);
    await enqueue('entry-of-a-joined-job', ['e10']);
    expect(await Promise.all(['first-page', 'new-entry', 'edit', 'deletion', 'entry-of-a-joined-job'].map(laneIn))).toEqual([
      'backfill',
      'fresh',
      'backfill',
      'backfill',
      'backfill',
    ]);
    expect((await index.getPrioritized()).map((j) => j.id)).toEqual(['first-page', 'edit', 'deletion', 'entry-of-a-joined-job']);

    // The first page done, its parts are free; a part a later job took over still waits behind that job.
    await index.remove('first-page');
    await enqueue('edit-of-e1', ['e1']);
    await enqueue('edit-of-e2', ['e2']);
    expect(await Promise.all(['edit-of-e1', 'edit-of-e2'].map(laneIn))).toEqual(['fresh', 'backfill']);
  } finally {
    await index.obliterate({ force: true });
  }
});
