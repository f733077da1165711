import { Pipeline, createRedis } from '@liveblog/runtime';
import { Store } from '@liveblog/storage';
import { BullMQOtel } from 'bullmq-otel';
import { testEnv } from '../../../tests/harness/env';
import { AddressGuard } from './address-guard';
import { fetchSource } from './fetch-source';
import { createHttpAgent } from './http-page';
import { FaultServer } from './testdata/fault-server';

const server = new FaultServer();
const limits = { connectTimeoutMs: 1_000, headersTimeoutMs: 500, timeoutMs: 2_000, maxBytes: 1024 * 1024, maxRedirects: 5, userAgent: 'test' };
const guard = new AddressGuard(['127.0.0.1']);
const fetching = { limits, guard, agent: createHttpAgent(guard, limits) };
const redis = createRedis(testEnv().redisUrl);
const pipeline = new Pipeline({ connection: redis, prefix: testEnv().queuePrefix, telemetry: new BullMQOtel() });
let store: Store;

beforeAll(async () => {
  await server.start();
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
});
afterAll(async () => {
  await pipeline.close();
  redis.disconnect();
  await fetching.agent.close();
  await store.close();
  await server.stop();
});

async function sourceFor(path: string) {
  const [source] = await store.sources.upsertSpecs([{ url: `${server.base}${path}`, intervalSeconds: 60 }]);
  return source!;
}
const poll = (id: string) => fetchSource(id, { store, pipeline, fetching });
const status = async (id: string) => (await store.sources.get(id))!.status;
const parseJobs = () => pipeline.queue('parse').getJobCountByTypes('waiting', 'active', 'completed', 'failed', 'delayed');

test('500 then recovery: counted as a failure in words, then cleared, and only the good page is parsed', async () => {
  const source = await sourceFor('/flaky');
  const before = await parseJobs();
  expect(await poll(source._id)).toBe('failed');
  expect(await status(source._id)).toMatchObject({ lastHttpStatus: 500, consecutiveFailures: 1, lastError: 'HTTP 500' });
  expect(await parseJobs()).toBe(before);
  expect(await poll(source._id)).toBe('changed');
  expect(await status(source._id)).toMatchObject({ lastHttpStatus: 200, consecutiveFailures: 0, lastError: null, lastChanged: true });
  expect(await parseJobs()).toBe(before + 1);
});

test('ETag round trip: the second poll is a 304 and costs no parse', async () => {
  const source = await sourceFor('/page');
  expect(await poll(source._id)).toBe('changed');
  const jobs = await parseJobs();
  expect(await poll(source._id)).toBe('not-modified');
  expect(await status(source._id)).toMatchObject({ lastHttpStatus: 304, lastChanged: false, etag: '"v1"', consecutiveFailures: 0 });
  expect(await parseJobs()).toBe(jobs);
});

test.each([
  ['/to-localhost', /refusing to fetch localhost/],
  ['/gzip-bomb', /after decompression/],
  ['/loop', /more than 5 redirects/],
  ['/busy', /HTTP 429/],
])('%s leaves the source failing with its reason, and the next source still fetches', async (path, reason) => {
  const source = await sourceFor(path);
  expect(await poll(source._id)).toBe('failed');
  const s = await status(source._id);
  expect(s.consecutiveFailures).toBe(1);
  expect(s.lastError).toMatch(reason);
  expect(await poll((await sourceFor('/dated'))._id)).toMatch(/^(changed|unchanged|not-modified)$/);
});
