import type { Worker } from 'bullmq';
import { BullMQOtel } from 'bullmq-otel';
import { testEnv } from '../../../tests/harness/env';
import { createLogger } from './logger';
import { Metrics } from './metrics';
import { Pipeline } from './pipeline';
import { createRedis } from './redis';
import { StageWorker } from './stage-worker';

const redis = createRedis(testEnv().redisUrl);
const telemetry = new BullMQOtel();
afterAll(() => redis.disconnect());

const liveness = { checkMs: 100, stuckMs: 1_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A parse stage of a prefix of its own, whose handler records the snapshots it ran and may take a while. */
function stage(name: string, handlerMs = 0, watch = liveness) {
  const prefix = `${testEnv().queuePrefix}-${name}`;
  const ran: string[] = [];
  const metrics = new Metrics('stage-worker-test');
  const worker = new StageWorker(
    'parse',
    async ({ snapshotId }) => {
      await sleep(handlerMs);
      ran.push(snapshotId);
    },
    { connection: redis, prefix, telemetry, concurrency: 1, lockMs: 5_000, logger: createLogger('stage-worker-test', 'silent'), metrics, liveness: watch },
  );
  const pipeline = new Pipeline({ connection: redis, prefix, telemetry });
  const add = (snapshotId: string, delay = 0) => pipeline.queue('parse').add('parse', { snapshotId, sourceId: 'src_w' }, { jobId: snapshotId, delay });
  const restarts = async () => (await metrics.workerRestarts.get()).values[0]?.value ?? 0;
  /** Stands in for a wedged connection: the BullMQ worker stops taking jobs and reports nothing. */
  const wedge = () => (worker as unknown as { worker: Worker }).worker.pause(true);
  const until = async (done: () => boolean, ms: number) => {
    for (const deadline = Date.now() + ms; !done() && Date.now() < deadline; ) await sleep(50);
  };
  const close = async () => {
    await worker.close();
    await pipeline.close();
  };
  return { worker, ran, add, restarts, wedge, until, close };
}

test('a worker that stops taking jobs is replaced once work has been ready for stuckMs: waiting and overdue delayed jobs then run', async () => {
  const s = stage('wedged');
  try {
    await s.add('sn_1');
    await s.until(() => s.ran.length === 1, 5_000);
    await s.wedge();
    await s.add('sn_2');
    await s.add('sn_3', 300);
    await s.until(() => s.ran.length === 3, 10_000);
    expect(s.ran.sort()).toEqual(['sn_1', 'sn_2', 'sn_3']);
    expect(await s.restarts()).toBe(1);
  } finally {
    await s.close();
  }
}, 30_000);

test('a worker busy for longer than stuckMs, or idle before a job falls due, is left alone', async () => {
  const s = stage('busy', 1_500);
  try {
    await s.add('sn_1');
    await s.add('sn_2');
    // Due two seconds after the others are done: the worker idles beside it for longer than stuckMs.
    await s.add('sn_3', 5_000);
    await s.until(() => s.ran.length === 3, 12_000);
    expect(s.ran).toEqual(['sn_1', 'sn_2', 'sn_3']);
    expect(await s.restarts()).toBe(0);
  } finally {
    await s.close();
  }
}, 30_000);

test('renew (Redis served again): a wedged worker takes jobs again at once, and the job it held finishes once', async () => {
  // The liveness check is an hour away: only the renewal can bring the waiting job in.
  const s = stage('renewed', 500, { checkMs: 100, stuckMs: 3_600_000 });
  try {
    await s.add('sn_1');
    await sleep(200);
    await s.wedge();
    await s.add('sn_2');
    await sleep(300);
    await s.worker.renew();
    await s.until(() => s.ran.length === 2, 5_000);
    expect(s.ran).toEqual(['sn_1', 'sn_2']);
    await sleep(500);
    expect(s.ran).toEqual(['sn_1', 'sn_2']);
    expect(await s.restarts()).toBe(1);
  } finally {
    await s.close();
  }
}, 30_000);
