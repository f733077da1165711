import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { QueueName } from '@liveblog/contracts';
import { extract } from '@liveblog/extract';
import { ids } from '@liveblog/fingerprint';
import { createRedis, redisKeys, type RedisClient } from '@liveblog/runtime';
import type { ServiceName } from '@liveblog/devstack';
import { Queue } from 'bullmq';
import { testEnv } from '../harness/env';
import { eventually, startPipeline, writeSourcesFile, type RunningPipeline } from './pipeline-harness';
import { syntheticDump } from './synthetic';

const TOKEN = 'admin-token-for-the-burst-test-0123456789';
/** Entries on a newly added liveblog's page: a start burst in one job per stage. */
const BURST = 100;
const FOLLOWED_ENTRIES = 3;

/** An entry of a dated liveblog page: published (or last modified) at `at`. */
interface DatedEntry {
  id: string;
  headline: string;
  text: string;
  at: Date;
  modifiedAt?: Date;
}

/** A liveblog page whose entries state their times, as real ones do (JSON-LD LiveBlogPosting). */
function datedPage(title: string, entries: readonly DatedEntry[]): string {
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'LiveBlogPosting',
    headline: title,
    inLanguage: 'de',
    liveBlogUpdate: entries.map((e) => ({ '@type': 'BlogPosting', url: `#${e.id}`, headline: e.headline, articleBody: e.text, datePublished: e.at.toISOString(), dateModified: (e.modifiedAt ?? e.at).toISOString() })),
  };
  const body = entries.map((e) => `<article id="${e.id}"><h2>${e.headline}</h2><p>${e.text}</p></article>`).join('\n');
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${title}</title><script type="application/ld+json">${JSON.stringify(ld)}</script></head><body><main><h1>${title}</h1>\n${body}</main></body></html>`;
}

/** Stream ids in stream order: `<ms>-<sequence>`, compared as numbers. */
function streamOrder(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am - bm || as - bs;
}

/**
 * A newly added liveblog with hundreds of entries does not hold back the change of a liveblog already
 * followed, at any stage. For each stage, its service is stopped, a large liveblog is added and its first
 * page queued at that stage, then the followed liveblog changes and its change queued there after it. With
 * one job at a time per service, the change must be announced before any entry of the burst: order, not
 * time. Lanes must not cost idempotency: every entry is announced once.
 */
describe('a start burst is absorbed', () => {
  let server: Server;
  let pipeline: RunningPipeline;
  let redis: RedisClient;
  let base = '';
  let followedEntries = FOLLOWED_ENTRIES;
  /** Entries on the pages of the liveblogs added together in the fourth test. */
  const allNewEntries = [BURST, BURST, BURST];
  /** The pages of the liveblogs added together in the last test: a backlog of the last day, newest first. */
  const dayAgo = Date.now() - 86_400_000;
  const datedPages = [0, 1, 2].map((file) =>
    Array.from({ length: BURST }, (_, i): DatedEntry => {
      const [headline, , text] = syntheticDump(30 + file, BURST).split('\n').slice(2 + 4 * (BURST - 1 - i), 5 + 4 * (BURST - 1 - i));
      return { id: `e${BURST - 1 - i}`, headline: headline!, text: text!, at: new Date(dayAgo + (BURST - i) * 60_000) };
    }),
  );
  const prefix = testEnv().queuePrefix;
  const stream = redisKeys.entryEvents(prefix);

  beforeAll(async () => {
    server = createServer((req, res) => {
      const burst = /^\/burst-(\d+)\.txt$/.exec(req.url ?? '');
      const allNew = /^\/all-new-(\d+)\.txt$/.exec(req.url ?? '');
      const dated = /^\/dated-(\d+)\.html$/.exec(req.url ?? '');
      if (dated) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(datedPage(`Datierter Ticker ${dated[1]}`, datedPages[Number(dated[1])]!));
      if (allNew) return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(syntheticDump(20 + Number(allNew[1]), allNewEntries[Number(allNew[1])]!));
      if (req.url === '/followed.txt') return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(syntheticDump(1, followedEntries));
      if (burst) return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(syntheticDump(10 + Number(burst[1]), BURST));
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    redis = createRedis(testEnv().redisUrl);
    pipeline = await startPipeline({
      sourcesFile: writeSourcesFile(['sources:', `  - url: ${base}/followed.txt`, '    intervalSeconds: 5'].join('\n')),
      services: ['api', 'indexer', 'deduplicator', 'parser', 'fetcher'],
      env: { FETCH_MIN_INTERVAL_SECONDS: '1', FETCH_HOST_MIN_INTERVAL_MS: '0', ADMIN_TOKEN: TOKEN, WORKER_CONCURRENCY: '1' },
    });
    await eventually(async () => ((await announced(ids.liveblog(`${base}/followed.txt`))).length >= FOLLOWED_ENTRIES ? true : undefined), 'the followed liveblog indexed', 60_000);
  }, 120_000);

  afterAll(async () => {
    await pipeline?.stop();
    redis?.disconnect();
    await new Promise((r) => server?.close(r));
  });

  /** Entry events of one liveblog in stream order, after the stream id `after`. */
  async function announced(liveblogId: string, after = '-'): Promise<{ id: string; type: string; key: string; snapshotId: string }[]> {
    const rows = (await redis.xrange(stream, after === '-' ? '-' : `(${after}`, '+')) as [string, string[]][];
    return rows.flatMap(([id, fields]) => {
      const event = JSON.parse(fields[1]!) as { type: string; liveblogId: string; key: string; snapshotId: string };
      return event.liveblogId === liveblogId ? [{ id, type: event.type, key: event.key, snapshotId: event.snapshotId }] : [];
    });
  }

  async function addSource(url: string): Promise<void> {
    const added = await fetch(`${pipeline.apiUrl}/v1/sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url, intervalSeconds: 5 }),
    });
    expect(added.status).toBe(201);
  }

  async function lanes(name: QueueName): Promise<{ fresh: number; backfill: number }> {
    const queue = new Queue(name, { connection: redis, prefix: redisKeys.queuePrefix(prefix, name) });
    const counts = await queue.getJobCounts('wait', 'prioritized');
    return { fresh: counts.wait ?? 0, backfill: counts.prioritized ?? 0 };
  }

  /** Whether no job is left to run at any stage after the fetcher. */
  async function idle(): Promise<boolean> {
    const counts = await Promise.all((['parse', 'dedup', 'index'] as const).map((name) => new Queue(name, { connection: redis, prefix: redisKeys.queuePrefix(prefix, name) }).getJobCounts('wait', 'prioritized', 'active', 'delayed')));
    return counts.every((c) => Object.values(c).every((n) => n === 0));
  }

  const stages: [ServiceName, QueueName][] = [
    ['parser', 'parse'],
    ['deduplicator', 'dedup'],
    ['indexer', 'index'],
  ];

  test.each(stages)('held at the %s: the followed liveblog\'s change goes first', async (service, queue) => {
    const round = stages.findIndex(([s]) => s === service);
    const [last] = (await redis.xrevrange(stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
    const since = last?.[0] ?? '0-0';
    await pipeline.services.get(service)!.stop();

    const burstUrl = `${base}/burst-${round}.txt`;
    await addSource(burstUrl);
    await eventually(async () => ((await lanes(queue)).backfill === 1 ? true : undefined), `the new liveblog's first page in the ${queue} backfill lane`, 60_000);

    followedEntries++;
    await eventually(async () => ((await lanes(queue)).fresh === 1 ? true : undefined), `the followed liveblog's change in the ${queue} queue`, 60_000);
    expect(await lanes(queue)).toEqual({ fresh: 1, backfill: 1 });

    await pipeline.start(service);
    const followed = ids.liveblog(`${base}/followed.txt`);
    const burst = ids.liveblog(burstUrl);
    const burstEvents = await eventually(async () => {
      const events = await announced(burst, since);
      return events.length >= BURST ? events : undefined;
    }, 'the burst indexed', 120_000);
    const change = await announced(followed, since);
    expect(change).toHaveLength(1);
    expect(streamOrder(change[0]!.id, burstEvents[0]!.id)).toBeLessThan(0);
    expect(new Set(burstEvents.map((e) => e.key)).size).toBe(burstEvents.length);
  }, 240_000);

  /**
   * Every liveblog new at once, as when the service starts: no change can wait for its liveblog to be
   * followed already. The indexer is stopped while three large liveblogs are added (their first pages
   * queued at the index stage one after the other), then the last one added gets a new entry. That entry
   * shares nothing with the first pages, so it must be announced before any of their entries; before,
   * it waited behind its own liveblog's first page, and so behind the whole burst.
   */
  test('all new at once: a new entry made during the burst goes before the burst\'s backlog', async () => {
    const [last] = (await redis.xrevrange(stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
    const since = last?.[0] ?? '0-0';
    await pipeline.services.get('indexer')!.stop();
    const urls = allNewEntries.map((_, i) => `${base}/all-new-${i}.txt`);
    for (const [i, url] of urls.entries()) {
      await addSource(url);
      await eventually(async () => ((await lanes('index')).backfill === i + 1 ? true : undefined), `first page ${i + 1} in the index backfill lane`, 60_000);
    }
    allNewEntries[2]!++;
    await eventually(async () => {
      const { fresh, backfill } = await lanes('index');
      return fresh + backfill === urls.length + 1 ? true : undefined;
    }, 'the new entry queued at the index stage', 60_000);

    await pipeline.start('indexer');
    const liveblogs = urls.map((url) => ids.liveblog(url));
    // Done when every first page is and the changed liveblog has its second snapshot's entry too.
    const events = await eventually(async () => {
      const all = await Promise.all(liveblogs.map((id) => announced(id, since)));
      const done = all.every((e) => e.length >= BURST) && new Set(all[2]!.map((e) => e.snapshotId)).size === 2;
      return done ? all : undefined;
    }, 'the burst and the new entry indexed', 180_000);
    // The change is the one entry announced from the changed liveblog's second snapshot.
    const changed = events[2]!;
    const change = changed.filter((e) => changed.filter((x) => x.snapshotId === e.snapshotId).length === 1);
    expect(change).toHaveLength(1);
    const burstEvents = events.flat().filter((e) => e.snapshotId !== change[0]!.snapshotId);
    expect(burstEvents.filter((e) => streamOrder(e.id, change[0]!.id) < 0)).toEqual([]);
    for (const e of events) expect(new Set(e.map((x) => x.key)).size).toBe(e.length);
  }, 300_000);
  /**
   * Every liveblog new at once, and each changes while its first page still waits at the parser, as in
   * a start burst, where every liveblog changes within a minute of being added. The parser is stopped
   * while three large liveblogs are added (their first pages queued at the parse stage), then the last
   * one added gets a new entry, an edit and a deletion. Before, the change waited behind its own
   * liveblog's first page in the parse and dedup backfill lanes, and so behind the whole burst: now the
   * new entry and the edit must be announced before any entry of the first pages, every entry once, and
   * the deleted entry must not be left live.
   */
  test("all new at once, held at the parser: a change to a liveblog whose first page still waits goes before the burst", async () => {
    const [last] = (await redis.xrevrange(stream, '+', '-', 'COUNT', 1)) as [string, string[]][];
    const since = last?.[0] ?? '0-0';
    await pipeline.services.get('parser')!.stop();
    const urls = datedPages.map((_, i) => `${base}/dated-${i}.html`);
    for (const [i, url] of urls.entries()) {
      await addSource(url);
      await eventually(async () => ((await lanes('parse')).backfill === i + 1 ? true : undefined), `first page ${i + 1} in the parse backfill lane`, 60_000);
    }
    const changed = datedPages[2]!;
    const now = new Date();
    const edited = changed.find((e) => e.id === 'e1')!;
    const news: DatedEntry = { id: `e${BURST}`, headline: 'Neue Meldung aus Husum', text: 'In Husum hat der Kreistag am Abend eine Sondersitzung einberufen. (dpa)', at: now };
    datedPages[2] = [news, ...changed.filter((e) => e.id !== 'e2').map((e) => (e === edited ? { ...e, text: `${e.text} Ergänzt: Die Sitzung wird fortgesetzt.`, modifiedAt: now } : e))];
    await eventually(async () => {
      const { fresh, backfill } = await lanes('parse');
      return fresh + backfill === urls.length + 1 ? true : undefined;
    }, 'the change queued at the parse stage', 60_000);

    await pipeline.start('parser');
    const liveblogs = urls.map((url) => ids.liveblog(url));
    const events = await eventually(async () => {
      const all = await Promise.all(liveblogs.map((id) => announced(id, since)));
      return all.every((e) => e.length >= BURST - 1) && (await idle()) ? all : undefined;
    }, 'the burst and the change indexed', 240_000);
    const keysOf = (page: readonly DatedEntry[]) => new Map(extract({ body: datedPage('Datierter Ticker 2', page), url: urls[2]! }).entries.map((e) => [e.headline, e.key]));
    const [before, after] = [keysOf(changed), keysOf(datedPages[2]!)];
    const [newKey, editedKey, deletedKey] = [after.get(news.headline)!, after.get(edited.headline)!, before.get(changed.find((e) => e.id === 'e2')!.headline)!];
    // The new entry and the edit, from the change's snapshot, before any entry of the first pages.
    const newEvent = events[2]!.find((e) => e.key === newKey)!;
    const change = events[2]!.filter((e) => (e.key === newKey || e.key === editedKey) && e.snapshotId === newEvent.snapshotId);
    expect(change.map((e) => e.key).sort()).toEqual([newKey, editedKey].sort());
    const lastOfChange = change.map((e) => e.id).sort(streamOrder).at(-1)!;
    expect(events.flat().filter((e) => !change.includes(e) && streamOrder(e.id, lastOfChange) < 0)).toEqual([]);
    // The edit is the entry's last version; the deleted entry is not live; every entry is created once.
    expect(events[2]!.filter((e) => e.key === editedKey).at(-1)).toBe(change.find((e) => e.key === editedKey));
    const deleted = events[2]!.filter((e) => e.key === deletedKey);
    expect(deleted.length === 0 || deleted.at(-1)!.type === 'entry.deleted').toBe(true);
    for (const e of events) {
      const created = e.filter((x) => x.type === 'entry.created').map((x) => x.key);
      expect(new Set(created).size).toBe(created.length);
    }
    const created = new Set(events[2]!.filter((e) => e.type === 'entry.created').map((e) => e.key));
    expect(created).toEqual(new Set([...after.values(), ...deleted.map((e) => e.key)]));
  }, 360_000);
});
