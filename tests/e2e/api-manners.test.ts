import { request as httpRequest } from 'node:http';
import { freePort, startService, waitForHealthy, type ManagedProcess } from '@liveblog/devstack';
import { operations } from '../../services/api/src/operations';
import { startPipeline, writeSourcesFile, type RunningPipeline } from './pipeline-harness';

const ALLOWED_ORIGIN = 'https://allowed.example';
const LIMIT = 30;
const KEY = 'read-key-for-the-e2e-test-0123456789';
const OTHER_KEY = 'another-read-key-0123456789abcdef';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A request sent exactly as written: no URL normalisation, any method, any path bytes. */
function raw(base: string, method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

const b64 = (value: string) => Buffer.from(value).toString('base64url');
const remaining = (a: Answer) => Number(/\br=(\d+)/.exec(String(a.headers.ratelimit))?.[1]);

/**
 * Three api processes on one Redis: `a` (the pipeline's) and `b` share the rate-limit counters at
 * LIMIT per minute and send CORS headers for ALLOWED_ORIGIN; `keyed` requires read API keys and, on a
 * prefix of its own with a high limit, takes the hostile requests without touching their counters.
 */
describe('read API manners: validation, API keys, rate limit, CORS, security headers, OpenAPI', () => {
  let pipeline: RunningPipeline;
  let b: { url: string; proc: ManagedProcess };
  let keyed: { url: string; proc: ManagedProcess };

  const startApi = async (env: Record<string, string>) => {
    const port = await freePort();
    const proc = startService('api', { ...pipeline.env, ...env, PORT: String(port) });
    const url = `http://127.0.0.1:${port}`;
    await waitForHealthy(`${url}/readyz`, { process: proc, timeoutMs: 30_000 });
    return { url, proc };
  };

  beforeAll(async () => {
    pipeline = await startPipeline({
      sourcesFile: writeSourcesFile('sources: []\n'),
      services: ['api'],
      env: { CORS_ORIGINS: `${ALLOWED_ORIGIN}, https://second.example`, RATE_LIMIT_PER_MINUTE: String(LIMIT) },
    });
    b = await startApi({});
    keyed = await startApi({ API_KEYS: `${KEY},${OTHER_KEY}`, CORS_ORIGINS: '', RATE_LIMIT_PER_MINUTE: '100000', QUEUE_PREFIX: `${pipeline.env.QUEUE_PREFIX}-keyed` });
  }, 90_000);

  afterAll(async () => {
    await Promise.all([b?.proc.stop(), keyed?.proc.stop()]);
    await pipeline?.stop();
  });

  const withKey = { 'x-api-key': KEY };
  // [what, method, path, headers, expected status]
  const hostile: [string, string, string, Record<string, string>, number][] = [
    ['free-text date', 'GET', '/v1/entries?since=yesterday', withKey, 400],
    ['impossible date', 'GET', '/v1/entries?since=2024-13-45T00:00:00Z', withKey, 400],
    ['date without offset', 'GET', '/v1/entries?until=2024-11-01T00:00:00', withKey, 400],
    ['epoch number as date', 'GET', '/v1/entries?until=0', withKey, 400],
    ['since after until', 'GET', '/v1/entries?since=2024-11-02T00:00:00Z&until=2024-11-01T00:00:00Z', withKey, 400],
    ['unknown parameter', 'GET', '/v1/entries?foo=bar', withKey, 400],
    ['unknown parameter on liveblogs', 'GET', '/v1/liveblogs?sort=-1', withKey, 400],
    ['operator injection $ne', 'GET', '/v1/entries?liveblog[$ne]=x', withKey, 400],
    ['operator injection $gt', 'GET', '/v1/entries?q[$gt]=', withKey, 400],
    ['operator injection encoded', 'GET', '/v1/entries?source%5B%24regex%5D=.*', withKey, 400],
    ['operator injection on the stream', 'GET', '/v1/stream?liveblog[$ne]=x', withKey, 400],
    ['prototype pollution', 'GET', '/v1/liveblogs?__proto__[admin]=1', withKey, 400],
    ['oversized limit', 'GET', '/v1/entries?limit=1000', withKey, 400],
    ['negative limit', 'GET', '/v1/liveblogs?limit=-1', withKey, 400],
    ['zero limit', 'GET', '/v1/liveblogs?limit=0', withKey, 400],
    ['fractional limit', 'GET', '/v1/entries?limit=1.5', withKey, 400],
    ['non-numeric limit', 'GET', '/v1/entries?limit=abc', withKey, 400],
    ['limit in exponent form', 'GET', '/v1/entries?limit=1e3', withKey, 400],
    ['repeated parameter', 'GET', '/v1/entries?limit=10&limit=20', withKey, 400],
    ['includeDeleted not a boolean', 'GET', '/v1/liveblogs?includeDeleted=yes', withKey, 400],
    ['cursor not base64 json', 'GET', '/v1/entries?cursor=%%%not-a-cursor', withKey, 400],
    ['cursor of an object', 'GET', `/v1/entries?cursor=${b64('{"sortKey":1,"id":"x"}')}`, withKey, 400],
    ['cursor of one element', 'GET', `/v1/liveblogs?cursor=${b64('[1]')}`, withKey, 400],
    ['cursor with an operator id', 'GET', `/v1/entries?cursor=${b64('[1,{"$gt":""}]')}`, withKey, 400],
    ['cursor with a string time', 'GET', `/v1/entries?cursor=${b64('["1","en_0"]')}`, withKey, 400],
    ['cursor beyond representable time', 'GET', `/v1/entries?cursor=${b64('[9007199254740991,"x"]')}`, withKey, 400],
    ['cursor too long', 'GET', `/v1/entries?cursor=${b64(JSON.stringify([1, 'x'.repeat(300)]))}`, withKey, 400],
    ['forged cursor on revisions', 'GET', `/v1/entries/en_0000000000000000/revisions?cursor=${b64('[1,2]')}`, withKey, 400],
    ['huge query string', 'GET', `/v1/entries?q=${'x'.repeat(12_000)}`, withKey, 400],
    ['huge URL beyond the header limit', 'GET', `/v1/entries?q=${'x'.repeat(40_000)}`, withKey, 431],
    ['unicode garbage as id', 'GET', '/v1/liveblogs/%F0%9F%92%A9%FF%FE', withKey, 400],
    ['unicode garbage as agency', 'GET', '/v1/entries?agency=%C3%A4%FF%00', withKey, 400],
    ['NUL byte in id', 'GET', '/v1/entries/en_0000000000000000%00', withKey, 400],
    ['malformed entry id', 'GET', '/v1/entries/en_zzzz', withKey, 400],
    ['encoded path traversal in id', 'GET', '/v1/liveblogs/..%2F..%2Fetc%2Fpasswd', withKey, 400],
    ['raw path traversal', 'GET', '/v1/../../etc/passwd', withKey, 404],
    ['unknown route', 'GET', '/v1/nothing-here', withKey, 404],
    ['unknown liveblog', 'GET', '/v1/liveblogs/lb_0000000000000000', withKey, 404],
    ['unknown entry', 'GET', '/v1/entries/en_0000000000000000', withKey, 404],
    ['outlet in capitals', 'GET', '/v1/liveblogs?outlet=Tagesschau.DE', withKey, 400],
    ['outlet operator injection', 'GET', '/v1/liveblogs?outlet[$ne]=x', withKey, 400],
    ['active that is not a boolean', 'GET', '/v1/liveblogs?active=yes', withKey, 400],
    ['liveblogs since a word', 'GET', '/v1/liveblogs?since=yesterday', withKey, 400],
    ['bad Last-Event-ID', 'GET', '/v1/stream?lastEventId=abc', withKey, 400],
    ['malformed source on the stream', 'GET', '/v1/stream?source=src_x', withKey, 400],
    ['malformed cluster on the stream', 'GET', '/v1/stream?cluster=1', withKey, 400],
    ['POST on a list', 'POST', '/v1/liveblogs', withKey, 405],
    ['DELETE on an entry', 'DELETE', '/v1/entries/en_0000000000000000', withKey, 405],
    ['PUT on the stream', 'PUT', '/v1/stream', withKey, 405],
    ['PATCH on a liveblog', 'PATCH', '/v1/liveblogs/lb_0000000000000000', withKey, 405],
    ['POST on health', 'POST', '/readyz', {}, 405],
    ['no API key', 'GET', '/v1/entries', {}, 401],
    ['wrong API key', 'GET', '/v1/liveblogs', { 'x-api-key': 'not-the-key-but-long-enough' }, 401],
    ['key with one character changed', 'GET', '/v1/liveblogs', { 'x-api-key': `${KEY.slice(0, -1)}X` }, 401],
    ['key as a prefix of a real one', 'GET', '/v1/liveblogs', { 'x-api-key': KEY.slice(0, 16) }, 401],
    ['empty bearer', 'GET', '/v1/entries', { authorization: 'Bearer ' }, 401],
    ['basic auth instead of a key', 'GET', '/v1/entries', { authorization: `Basic ${b64(`user:${KEY}`)}` }, 401],
    ['key in the query string', 'GET', `/v1/entries?apiKey=${KEY}`, {}, 401],
    ['no key on the stream', 'GET', '/v1/stream', {}, 401],
    ['wrong key in the stream query', 'GET', '/v1/stream?apiKey=not-the-key-but-long-enough', {}, 401],
    ['no key on an unknown liveblog', 'GET', '/v1/liveblogs/lb_0000000000000000/entries', {}, 401],
  ];

  test.each(hostile)('%s', async (_what, method, path, headers, expected) => {
    const res = await raw(keyed.url, method, path, headers);
    expect(res.status).toBe(expected);
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
    const body = JSON.parse(res.text) as { error: { code: string; message: string } };
    expect(body.error.message).toEqual(expect.any(String));
    expect(res.text).not.toMatch(/\n\s+at |\.[jt]s:\d+|node_modules/);
    if (expected === 401) expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    if (expected === 405) expect(res.headers.allow).toMatch(/GET/);
  });

  test('after all of that the keyed service is healthy and serves a valid key, in either header', async () => {
    expect((await raw(keyed.url, 'GET', '/readyz')).status).toBe(200);
    expect((await raw(keyed.url, 'GET', '/v1/liveblogs', { 'x-api-key': KEY })).status).toBe(200);
    expect((await raw(keyed.url, 'GET', '/v1/entries', { authorization: `Bearer ${OTHER_KEY}` })).status).toBe(200);
    // EventSource cannot send headers: the stream alone takes the key in its query.
    const stream = await fetch(`${keyed.url}/v1/stream?apiKey=${encodeURIComponent(KEY)}`);
    expect([stream.status, stream.headers.get('content-type')]).toEqual([200, 'text/event-stream']);
    await stream.body?.cancel();
    // The admin routes keep their own token: a read key is no way in.
    expect((await raw(keyed.url, 'GET', '/v1/sources', { 'x-api-key': KEY })).status).toBe(404);
  });

  test('/openapi.json is OpenAPI 3.1 with every route and exactly the validated parameters', async () => {
    const res = await raw(pipeline.apiUrl, 'GET', '/openapi.json');
    expect(res.status).toBe(200);
    const doc = JSON.parse(res.text) as {
      openapi: string;
      info: { title: string; version: string };
      paths: Record<string, Record<string, { parameters: { name: string; in: string }[]; responses: Record<string, unknown>; requestBody?: unknown }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+/);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    const routes = operations.map((op) => `${op.method} ${op.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(documented.sort()).toEqual(routes.sort());
    for (const op of operations) {
      const documentedOp = doc.paths[op.path.replace(/:(\w+)/g, '{$1}')]![op.method]!;
      const names = (where: string) => documentedOp.parameters.filter((p) => p.in === where).map((p) => p.name).sort();
      expect(names('query')).toEqual(Object.keys(op.query?.shape ?? {}).sort());
      expect(names('path')).toEqual(Object.keys(op.pathParams ?? {}).sort());
      expect(names('path')).toEqual([...op.path.matchAll(/:(\w+)/g)].map((m) => m[1]).sort());
      expect(documentedOp.requestBody !== undefined).toBe(op.body !== undefined);
      expect(Object.keys(documentedOp.responses).length).toBeGreaterThan(0);
    }
    const limit = doc.paths['/v1/entries']!.get!.parameters.find((p) => p.name === 'limit') as unknown as { schema: unknown };
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
  });

  test('/docs loads every script and style from this origin, which is all the CSP allows besides one hash', async () => {
    const res = await raw(pipeline.apiUrl, 'GET', '/docs');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
    expect(res.text).not.toMatch(/<script>|<script[^>]+src="(?!\/docs\/assets\/)|<link[^>]+href="(?!\/docs\/assets\/)/);
    const assets = [...res.text.matchAll(/(?:src|href)="(\/docs\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(expect.arrayContaining(['/docs/assets/swagger-ui-bundle.js', '/docs/assets/docs-init.js', '/docs/assets/swagger-ui.css']));
    for (const path of assets) {
      const asset = await raw(pipeline.apiUrl, 'GET', path);
      expect([path, asset.status]).toEqual([path, 200]);
    }
    const scriptSrc = /script-src ([^;]*)/.exec(String(res.headers['content-security-policy']))![1]!.trim().split(/\s+/);
    expect(scriptSrc[0]).toBe("'self'");
    expect(scriptSrc.slice(1)).toEqual([expect.stringMatching(/^'sha256-[A-Za-z0-9+/]+=*'$/)]);
  });

  test('helmet headers on JSON answers', async () => {
    const res = await raw(pipeline.apiUrl, 'GET', '/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  test('CORS: a configured origin gets the header, another does not; preflight works', async () => {
    const allowed = await raw(pipeline.apiUrl, 'GET', '/healthz', { origin: ALLOWED_ORIGIN });
    expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(String(allowed.headers['access-control-expose-headers'])).toMatch(/ETag/);
    const other = await raw(pipeline.apiUrl, 'GET', '/healthz', { origin: 'https://evil.example' });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await raw(pipeline.apiUrl, 'OPTIONS', '/v1/entries', { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'GET' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    // Without CORS_ORIGINS no CORS header at all.
    const unconfigured = await raw(keyed.url, 'GET', '/healthz', { origin: ALLOWED_ORIGIN });
    expect(unconfigured.headers['access-control-allow-origin']).toBeUndefined();
  });

  // Last: it uses up the minute's budget of this client on `a` and `b`.
  test('rate limit: shared by two API processes through Redis, then 429 with RateLimit headers; probes exempt', async () => {
    const first = await raw(pipeline.apiUrl, 'GET', '/v1/liveblogs');
    expect(first.status).toBe(200);
    expect(String(first.headers['ratelimit-policy'])).toContain(`q=${LIMIT}`);
    let left = remaining(first);
    expect(left).toBeLessThan(LIMIT);
    // The other process continues the same count.
    const onB = await raw(b.url, 'GET', '/v1/liveblogs');
    expect(onB.status).toBe(200);
    expect(remaining(onB)).toBe(left - 1);
    left -= 1;
    for (let i = 0; i < left; i++) {
      const res = await raw(i % 2 ? b.url : pipeline.apiUrl, 'GET', '/v1/liveblogs');
      expect(res.status).toBe(200);
    }
    for (const url of [pipeline.apiUrl, b.url]) {
      const limited = await raw(url, 'GET', '/v1/liveblogs');
      expect(limited.status).toBe(429);
      expect(JSON.parse(limited.text)).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
      expect(remaining(limited)).toBe(0);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await raw(url, 'GET', '/healthz')).status).toBe(200);
      expect((await raw(url, 'GET', '/readyz')).status).toBe(200);
    }
  });
});
