import { AddressGuard } from '@liveblog/runtime';
import { FetchError } from './errors';
import { createHttpAgent, fetchHttpPage, retryAfterMs, type HttpLimits } from './http-page';
import type { Validators } from './page-response';
import { FaultServer } from './testdata/fault-server';

const limits: HttpLimits = {
  connectTimeoutMs: 1_000,
  headersTimeoutMs: 300,
  timeoutMs: 2_500,
  maxBytes: 1024 * 1024,
  maxRedirects: 5,
  userAgent: 'liveblog-ingest-test',
};
const none: Validators = { etag: null, lastModified: null };
const server = new FaultServer();
const guard = new AddressGuard(['127.0.0.1'], 'FETCH_ALLOWED_HOSTS');
const agent = createHttpAgent(guard, limits);
const get = (path: string, validators = none) => fetchHttpPage(`${server.base}${path}`, validators, limits, agent, guard);

beforeAll(() => server.start());
afterAll(async () => {
  await agent.close();
  await server.stop();
});

test('a page and its validators, then a 304 for the same ETag', async () => {
  const first = await get('/page');
  expect(first).toMatchObject({ kind: 'page', httpStatus: 200, contentType: 'text/html; charset=utf-8', validators: { etag: '"v1"' } });
  expect(first.kind === 'page' && first.body.toString()).toBe('<p>Hallo</p>');
  expect(await get('/page', { etag: '"v1"', lastModified: null })).toEqual({ kind: 'not-modified', httpStatus: 304 });
});

test('Last-Modified round trip ends in 304', async () => {
  const first = await get('/dated');
  expect(first.kind === 'page' && first.validators.lastModified).toBe('Tue, 22 Oct 2024 00:41:00 GMT');
  expect(await get('/dated', { etag: null, lastModified: 'Tue, 22 Oct 2024 00:41:00 GMT' })).toEqual({ kind: 'not-modified', httpStatus: 304 });
});

test('brotli bodies are decoded', async () => {
  const page = await get('/brotli');
  expect(page.kind === 'page' && page.body.toString()).toBe('Grüße aus Kiel');
});

test('a redirect is followed to its target', async () => {
  expect(await get('/hop')).toMatchObject({ kind: 'page', httpStatus: 200 });
});

test.each([
  ['/slow-headers', /no response headers within 300 ms/, null],
  ['/drip', /not complete within 2500 ms/, 200],
  ['/big', /body larger than 1048576 bytes$/, 200],
  ['/gzip-bomb', /body larger than 1048576 bytes after decompression/, 200],
  ['/loop', /more than 5 redirects/, 302],
  ['/gone', /HTTP 404/, 404],
  ['/to-localhost', /refusing to fetch localhost: it resolves only to non-public addresses/, null],
  ['/to-metadata', /refusing to fetch 169\.254\.169\.254: not a public address/, null],
  ['/to-file', /refusing to follow a redirect to file: URL/, null],
])('%s fails with a clear reason', async (path, reason, status) => {
  const started = Date.now();
  const err = await get(path).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(FetchError);
  expect((err as FetchError).message).toMatch(reason);
  expect((err as FetchError).httpStatus).toBe(status);
  // A hang guard, not a performance claim: every failure comes back well before the test's timeout.
  expect(Date.now() - started).toBeLessThan(5_000);
});

test('500 then recovery', async () => {
  await expect(get('/flaky')).rejects.toMatchObject({ message: 'HTTP 500', httpStatus: 500 });
  expect(await get('/flaky')).toMatchObject({ kind: 'page', httpStatus: 200 });
});

test('429 carries Retry-After', async () => {
  await expect(get('/busy')).rejects.toMatchObject({ httpStatus: 429, retryAfterMs: 7_000 });
});

test('the agent still works after every failure above', async () => {
  expect(await get('/page')).toMatchObject({ kind: 'page', httpStatus: 200 });
});

test.each([
  ['120', 120_000],
  ['Tue, 22 Oct 2024 00:41:10 GMT', 10_000],
  ['soon', null],
  [null, null],
])('Retry-After %j → %j ms', (value, ms) => {
  expect(retryAfterMs(value, Date.parse('Tue, 22 Oct 2024 00:41:00 GMT'))).toBe(ms);
});
