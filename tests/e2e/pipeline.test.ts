import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '@liveblog/devstack';
import { extract } from '@liveblog/extract';
import { ids } from '@liveblog/fingerprint';
import { redisKeys, createRedis, type RedisClient } from '@liveblog/runtime';
import { testEnv } from '../harness/env';
import { OtlpReceiver } from './otlp-receiver';
import { eventually, getJson, sharedDir, startPipeline, writeSourcesFile, type RunningPipeline } from './pipeline-harness';

interface Liveblog { id: string; url: string; title: string; entryCount: number }
interface Entry { id: string; liveblogId: string; key: string; headline: string | null; text: string; agencies: string[] }
interface Page<T> { items: T[]; next: string | null }

const seedsDir = join(sharedDir, 'seeds');
const seedFiles = readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort();
const samplePath = join(repoRoot(), 'config', 'samples', 'sturmtief.txt');

/** What the pipeline must end up with, per liveblog: the extraction library's own reading of each file. */
function expectedEntries(url: string, body: string): number {
  return extract({ body, url }).entries.length;
}

describe('the pipeline, end to end on real Redis and FerretDB', () => {
  let pipeline: RunningPipeline;
  let otlp: OtlpReceiver;
  let sampleServer: Server;
  let sampleBody = readFileSync(samplePath, 'utf8');
  let sampleUrl: string;
  const expected = new Map<string, number>();

  beforeAll(async () => {
    sampleServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(sampleBody);
    });
    await new Promise<void>((r) => sampleServer.listen(0, '127.0.0.1', r));
    sampleUrl = `http://127.0.0.1:${(sampleServer.address() as AddressInfo).port}/sturmtief.txt`;

    for (const f of seedFiles) {
      const url = pathToFileURL(join(seedsDir, f)).href;
      expected.set(ids.liveblog(url), expectedEntries(url, readFileSync(join(seedsDir, f), 'utf8')));
    }
    expected.set(ids.liveblog(sampleUrl), expectedEntries(sampleUrl, sampleBody));

    otlp = new OtlpReceiver();
    const otlpUrl = await otlp.start();
    const sourcesFile = writeSourcesFile(
      [
        'sources:',
        `  - path: ${join(seedsDir, '*.txt')}`,
        `  - url: ${sampleUrl}`,
        '    intervalSeconds: 5',
      ].join('\n'),
    );
    pipeline = await startPipeline({
      sourcesFile,
      services: ['api', 'indexer', 'deduplicator', 'parser', 'fetcher'],
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl },
    });
  }, 60_000);

  afterAll(async () => {
    await pipeline?.stop();
    await otlp?.stop();
    await new Promise((r) => sampleServer?.close(r));
  });

  test('every seed and the sample become a liveblog with all its entries', async () => {
    expect(seedFiles).toHaveLength(5);
    const liveblogs = await eventually(async () => {
      const { body } = await getJson<Page<Liveblog>>(`${pipeline.apiUrl}/v1/liveblogs?limit=100`);
      const done = body.items.length === expected.size && body.items.every((l) => l.entryCount === expected.get(l.id));
      return done ? body.items : undefined;
    }, 'all liveblogs fully indexed');
    expect(new Set(liveblogs.map((l) => l.id))).toEqual(new Set(expected.keys()));
    for (const count of expected.values()) expect(count).toBeGreaterThan(0);
  }, 90_000);

  test('an entry reads back with its headline, paragraphs and credits moved out of the text', async () => {
    const url = pathToFileURL(join(seedsDir, seedFiles.find((f) => f.startsWith('001_'))!)).href;
    const entries = await allEntries(ids.liveblog(url));
    const putin = entries.find((e) => e.headline === 'Putin empfängt Nordkoreas Außenministerin');
    expect(putin).toBeDefined();
    expect(putin!.text.startsWith('Russlands Präsident Wladimir Putin empfing im Kreml erneut Nordkoreas Außenministerin Choe Son Hui.')).toBe(true);
    expect(putin!.text.split('\n\n').length).toBeGreaterThan(1);
    const direct = await getJson<Entry>(`${pipeline.apiUrl}/v1/entries/${putin!.id}`);
    expect(direct.status).toBe(200);
    expect(direct.body.text).toBe(putin!.text);
    for (const e of entries) expect(e.text).not.toMatch(/\((dts|dpa|afp|rtr)(\/[a-z]+)*\)/i);
  });

  test('cursor pagination walks every entry exactly once, newest first', async () => {
    const url = pathToFileURL(join(seedsDir, seedFiles.find((f) => f.startsWith('002_'))!)).href;
    const liveblogId = ids.liveblog(url);
    const whole = await getJson<Page<Entry>>(`${pipeline.apiUrl}/v1/liveblogs/${liveblogId}/entries?limit=100`);
    const paged = await allEntries(liveblogId, 2);
    expect(paged.map((e) => e.id)).toEqual(whole.body.items.map((e) => e.id));
    expect(new Set(paged.map((e) => e.id)).size).toBe(expected.get(liveblogId));
    // Page order is newest first: the page's first entry comes first.
    const firstOnPage = extract({ body: readFileSync(new URL(url), 'utf8'), url }).entries[0]!;
    expect(paged[0]!.key).toBe(firstOnPage.key);
  });

  test('an edited entry is re-indexed alone and announced as updated', async () => {
    const liveblogId = ids.liveblog(sampleUrl);
    const before = await allEntries(liveblogId);
    const target = before[before.length - 1]!;
    const redis = createRedis(testEnv().redisUrl);
    try {
      const stream = redisKeys.entryEvents(testEnv().queuePrefix);
      const lastId = ((await redis.xrevrange(stream, '+', '-', 'COUNT', 1))[0]?.[0]) ?? '0';
      const firstSentence = target.text.split('\n\n')[0]!;
      sampleBody = sampleBody.replace(firstSentence, `${firstSentence} Korrigiert: eine Ergänzung der Redaktion.`);
      const updated = await eventually(async () => {
        const e = await getJson<Entry>(`${pipeline.apiUrl}/v1/entries/${target.id}`);
        return e.body.text.includes('Korrigiert: eine Ergänzung der Redaktion.') ? e.body : undefined;
      }, 'the edit to reach the API', 30_000);
      expect(updated.key).toBe(target.key);
      const after = await allEntries(liveblogId);
      expect(after).toHaveLength(before.length);
      // The indexer announces an entry after writing it: the event may trail the API by a moment.
      const events = await eventually(async () => {
        const since = (await redis.xrange(stream, `(${lastId}`, '+')).map(([, fields]) => JSON.parse(fields[1]!) as { type: string; entryId: string });
        return since.length > 0 ? since : undefined;
      }, 'the update event', 30_000);
      expect(events).toEqual([expect.objectContaining({ type: 'entry.updated', entryId: target.id })]);
    } finally {
      redis.disconnect();
    }
  }, 60_000);

  test('one trace follows a snapshot through fetch, parse, dedup and index', async () => {
    const stages = ['fetcher', 'parser', 'deduplicator', 'indexer'];
    const traceId = await eventually(async () => {
      const byTrace = new Map<string, Set<string>>();
      for (const s of otlp.spans) byTrace.set(s.traceId, (byTrace.get(s.traceId) ?? new Set()).add(s.service));
      return [...byTrace].find(([, services]) => stages.every((s) => services.has(s)))?.[0];
    }, 'a trace spanning all four stages', 30_000);
    const spans = () => otlp.spans.filter((s) => s.traceId === traceId);
    for (const [service, queue] of [['fetcher', 'fetch'], ['parser', 'parse'], ['deduplicator', 'dedup'], ['indexer', 'index']]) {
      expect(spans().some((s) => s.service === service && s.name.includes(queue!))).toBe(true);
    }
    // Every span but the root has its parent inside the same trace. Each service exports its spans in
    // batches of its own, so a parent may arrive after its child: it is given a few export rounds.
    const orphans = () => {
      const spanIds = new Set(spans().map((s) => s.spanId));
      return spans().filter((s) => s.parentSpanId && !spanIds.has(s.parentSpanId));
    };
    await eventually(async () => (orphans().length === 0 ? true : undefined), 'every parent span exported', 5_000).catch(() => undefined);
    expect(orphans()).toEqual([]);
  }, 40_000);

  test('bad input gets a 400 with a clear message, unknown ids a 404, never a stack trace', async () => {
    const cases: [string, number, RegExp][] = [
      ['/v1/liveblogs?limit=abc', 400, /limit/],
      ['/v1/liveblogs?limit=100000', 400, /limit/],
      ['/v1/liveblogs?cursor=not-a-cursor', 400, /cursor/],
      ['/v1/liveblogs?limit[$ne]=1', 400, /unknown parameter/],
      ['/v1/liveblogs?colour=red', 400, /unknown parameter colour/],
      ['/v1/liveblogs/../../etc', 404, /no route/],
      ['/v1/liveblogs/xyz', 400, /id/],
      ['/v1/liveblogs/lb_0000000000000000', 404, /not found/],
      ['/v1/liveblogs/lb_0000000000000000/entries', 404, /not found/],
      ['/v1/entries/en_zz', 400, /id/],
      ['/v1/nothing', 404, /no route/],
    ];
    for (const [path, status, message] of cases) {
      const res = await getJson<{ error: { code: string; message: string } }>(`${pipeline.apiUrl}${path}`);
      expect([path, res.status]).toEqual([path, status]);
      expect(res.body.error.message).toMatch(message);
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(js|ts):\d+/);
    }
    expect((await getJson(`${pipeline.apiUrl}/readyz`)).status).toBe(200);
  });

  async function allEntries(liveblogId: string, limit = 100): Promise<Entry[]> {
    const out: Entry[] = [];
    let next: string | null = null;
    do {
      const q: string = next ? `&cursor=${encodeURIComponent(next)}` : '';
      const res = await getJson<Page<Entry>>(`${pipeline.apiUrl}/v1/liveblogs/${liveblogId}/entries?limit=${limit}${q}`);
      expect(res.status).toBe(200);
      out.push(...res.body.items);
      next = res.body.next;
    } while (next);
    return out;
  }
});
