import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IndexJob } from '@liveblog/contracts';
import { ids } from '@liveblog/fingerprint';
import { redisKeys, createRedis, type RedisClient } from '@liveblog/runtime';
import { Store } from '@liveblog/storage';
import { Queue } from 'bullmq';
import { parseAtomFeed, parseJsonFeed } from 'feedsmith';
import { entryWriter, indexEntries } from '../../services/indexer/src/index-entries';
import { testEnv } from '../harness/env';
import { eventually, getJson, startPipeline, writeSourcesFile, type RunningPipeline } from './pipeline-harness';

interface Entry { id: string; key: string; headline: string; text: string; agencies: string[]; revisionCount: number; deletedAt: string | null; duplicateOf: string | null; lastSeenAt: string }
interface Revision { id: string; entryId: string; text: string; seenAt: string }
interface Page<T> { items: T[]; next: string | null }
interface Event { type: string; entryId: string; liveblogId: string }
interface Item { headline: string; text: string }

/** An invented liveblog in the seed text-dump format: a title line, a lead, then headline entries. */
function dump(items: readonly Item[]): string {
  const head = [' date 2024-11 Liveblog Hochwasser in Elbstadt ++ Stand: 12.11.2024 09:00 Uhr', '', 'Das Hochwasser in Elbstadt: alle Entwicklungen im Liveblog.', ''];
  return [...head, ...items.flatMap((i) => [i.headline, '', i.text, ''])].join('\n');
}

const pegel = { headline: 'Pegel in Elbstadt steigt weiter', text: 'Der Pegel der Elbe hat am Morgen 7,20 Meter erreicht. Die Stadt rechnet mit dem Scheitel am Abend. (dpa)' };
const pegelKorrigiert = { ...pegel, text: 'Der Pegel der Elbe hat am Morgen 7,40 Meter erreicht. Die Stadt rechnet mit dem Scheitel in der Nacht. (dpa)' };
const altstadt = { headline: 'Altstadt wird geräumt', text: 'Die Feuerwehr räumt die Häuser an der Uferpromenade. Rund 300 Menschen sind betroffen. (dpa)' };
const bahn = { headline: 'Bahnstrecke nach Neudorf gesperrt', text: 'Zwischen Elbstadt und Neudorf fahren bis auf Weiteres keine Züge. Ein Ersatzverkehr mit Bussen ist eingerichtet. (dpa)' };
const schulen = { headline: 'Schulen bleiben geschlossen', text: 'Das Schulamt hat den Unterricht für Mittwoch abgesagt. Eine Notbetreuung wird angeboten. (epd)' };
const deich = { headline: 'Deich bei Auhof hält', text: 'Der Deich bei Auhof hat dem Druck in der Nacht standgehalten. Helfer hatten ihn mit Sandsäcken verstärkt. (dpa)' };
const spenden = { headline: 'Spendenkonto eingerichtet', text: 'Die Stadt hat ein Spendenkonto für die Betroffenen eingerichtet. Der Bürgermeister sagte: "Jede Hilfe zählt." (dpa)' };
/** The same entry with only noise changed: case, typographic quotes, whitespace and its credit. */
const spendenNoise = { ...spenden, text: 'Die Stadt hat ein  Spendenkonto für die Betroffenen eingerichtet. Der Bürgermeister sagte: „JEDE Hilfe zählt.“ (dpa/afp)' };

describe('entry lifecycle within a liveblog: revisions, deletions, re-posts', () => {
  let server: Server;
  let body = dump([pegel, altstadt, bahn, schulen, deich, spenden]);
  let pipeline: RunningPipeline;
  let store: Store;
  let redis: RedisClient;
  let liveblogId: string;
  const stream = redisKeys.entryEvents(testEnv().queuePrefix);

  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hochwasser.txt`;
    liveblogId = ids.liveblog(url);
    store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
    redis = createRedis(testEnv().redisUrl);
    pipeline = await startPipeline({
      sourcesFile: writeSourcesFile(['sources:', `  - url: ${url}`, '    intervalSeconds: 5'].join('\n')),
      services: ['api', 'indexer', 'deduplicator', 'parser', 'fetcher'],
    });
  }, 60_000);

  afterAll(async () => {
    await pipeline?.stop();
    await store?.close();
    redis?.disconnect();
    await new Promise((r) => server?.close(r));
  });

  const api = <T>(path: string) => getJson<T>(`${pipeline.apiUrl}${path}`);
  const entries = async (query = '') => (await api<Page<Entry>>(`/v1/liveblogs/${liveblogId}/entries?limit=100${query}`)).body.items;
  const entry = async (headline: string, query = '&includeDeleted=true') => (await entries(query)).find((e) => e.headline === headline);
  const events = async () =>
    (await redis.xrange(stream, '-', '+')).map(([, f]) => JSON.parse(f[1]!) as Event).filter((e) => e.liveblogId === liveblogId);
  /** Serves a new version of the page and waits until the pipeline shows `done`. */
  async function publish<T>(items: readonly Item[], done: () => Promise<T | undefined>, what: string): Promise<T> {
    body = dump(items);
    return eventually(done, what, 45_000);
  }

  /**
   * The liveblog's Atom and JSON feeds, and the entry feed narrowed to it, hold exactly the entries of its
   * listing: the same ids in the same order, each with its headline and the time its version was seen.
   * Retried a while: the feeds may come from the listing cache until the API hears of the change.
   */
  async function expectFeedsHoldTheListing(): Promise<void> {
    const text = async (path: string) => (await fetch(`${pipeline.apiUrl}${path}`)).text();
    await eventually(async () => {
      const listed = (await entries()).map((e) => ({ id: e.id, title: e.headline, updated: e.lastSeenAt }));
      const atom = parseAtomFeed(await text(`/v1/liveblogs/${liveblogId}/feed.atom?limit=100`)).entries ?? [];
      const json = parseJsonFeed(await text(`/v1/liveblogs/${liveblogId}/feed.json?limit=100`)).items ?? [];
      const filtered = parseJsonFeed(await text(`/v1/entries/feed.json?liveblog=${liveblogId}&limit=100`)).items ?? [];
      const asJson = (items: typeof json) => items.map((i) => ({ id: i.id, title: i.title, updated: i.date_modified }));
      expect({
        atom: atom.map((e) => ({ id: e.id?.replace('urn:liveblog-ingest:entry:', ''), title: e.title?.value, updated: e.updated })),
        json: asJson(json),
        filtered: asJson(filtered),
      }).toEqual({ atom: listed, json: listed, filtered: listed });
      return true;
    }, 'the feeds to hold the listing', 20_000);
  }

  test('all entries are indexed, each with one revision', async () => {
    const all = await eventually(async () => {
      const items = await entries().catch(() => []);
      return items.length === 6 ? items : undefined;
    }, 'six entries', 45_000);
    expect(all.map((e) => [e.revisionCount, e.deletedAt, e.duplicateOf])).toEqual(Array(6).fill([1, null, null]));
    await expectFeedsHoldTheListing();
  }, 60_000);

  test('an edit makes a revision; noise in the same fetch does not; a complete page without an entry deletes it', async () => {
    const edited = await publish(
      [pegelKorrigiert, altstadt, schulen, deich, spendenNoise],
      async () => {
        const [p, b] = [await entry(pegel.headline), await entry(bahn.headline)];
        return p?.revisionCount === 2 && b?.deletedAt ? p : undefined;
      },
      'the edit and the deletion',
    );
    expect(edited.text).toBe(pegelKorrigiert.text.replace(' (dpa)', ''));
    const noisy = await entry(spenden.headline);
    expect(noisy).toMatchObject({ revisionCount: 1, text: spenden.text.replace(' (dpa)', ''), agencies: ['dpa'] });

    const live = await entries();
    expect(live.map((e) => e.headline)).not.toContain(bahn.headline);
    expect(live).toHaveLength(5);
    expect((await api<{ entryCount: number }>(`/v1/liveblogs/${liveblogId}`)).body.entryCount).toBe(5);
    expect((await api<{ entryCount: number }>(`/v1/liveblogs/${liveblogId}?includeDeleted=true`)).body.entryCount).toBe(6);
    const gone = (await entry(bahn.headline))!;
    expect((await api<Entry>(`/v1/entries/${gone.id}`)).body.deletedAt).toBe(gone.deletedAt);
    expect((await events()).filter((e) => e.type === 'entry.deleted').map((e) => e.entryId)).toEqual([gone.id]);
    // In the feeds: the edit with its new time, the deleted entry gone.
    expect(edited.lastSeenAt).not.toBe(noisy!.lastSeenAt);
    await expectFeedsHoldTheListing();
  }, 60_000);

  test('a truncated page deletes nothing', async () => {
    // Two of five live entries: below the completeness share. The edit shows that the fetch went through.
    await publish(
      [pegel, altstadt],
      async () => ((await entry(pegel.headline))?.revisionCount === 3 ? true : undefined),
      'the truncated page to be indexed',
    );
    expect(await entries()).toHaveLength(5);
    expect((await events()).filter((e) => e.type === 'entry.deleted')).toHaveLength(1);
  }, 60_000);

  test('an entry back on the page is restored and announced', async () => {
    const back = await publish(
      [pegel, altstadt, bahn, schulen, deich, spendenNoise],
      async () => {
        const b = await entry(bahn.headline, '');
        return b && b.deletedAt === null ? b : undefined;
      },
      'the restore',
    );
    expect(back.revisionCount).toBe(1);
    expect(await entries()).toHaveLength(6);
    const lifecycle = (await events()).filter((e) => e.entryId === back.id).map((e) => e.type);
    expect(lifecycle).toEqual(['entry.created', 'entry.deleted', 'entry.restored']);
    await expectFeedsHoldTheListing();
  }, 60_000);

  test('a re-post under a new key is kept and points at the first entry', async () => {
    const original = (await entry(altstadt.headline))!;
    const repost = await publish(
      [altstadt, pegel, altstadt, bahn, schulen, deich, spendenNoise],
      async () => (await entries()).find((e) => e.headline === altstadt.headline && e.id !== original.id),
      'the re-post',
    );
    expect(repost.duplicateOf).toBe(original.id);
    expect((await api<Entry>(`/v1/entries/${original.id}`)).body.duplicateOf).toBeNull();
    expect(await entries()).toHaveLength(7);
    await expectFeedsHoldTheListing();
  }, 60_000);

  test('A → B → A: every version is listed newest first with the time it was seen', async () => {
    const { id } = (await entry(pegel.headline))!;
    const versions: Revision[] = [];
    let next: string | null = null;
    do {
      const page: { status: number; body: Page<Revision> } = await api<Page<Revision>>(
        `/v1/entries/${id}/revisions?limit=2${next ? `&cursor=${encodeURIComponent(next)}` : ''}`,
      );
      expect(page.status).toBe(200);
      versions.push(...page.body.items);
      next = page.body.next;
    } while (next);
    expect(versions.map((v) => v.text.slice(0, 40))).toEqual([pegel, pegelKorrigiert, pegel].map((i) => i.text.slice(0, 40)));
    const seen = versions.map((v) => Date.parse(v.seenAt));
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
    expect(new Set(seen).size).toBe(3);
  });

  test('the revisions route: 404 for an unknown entry, 400 for a malformed id or parameter', async () => {
    expect((await api(`/v1/entries/en_0000000000000000/revisions`)).status).toBe(404);
    expect((await api(`/v1/entries/nope/revisions`)).status).toBe(400);
    const { id } = (await entry(pegel.headline))!;
    expect((await api(`/v1/entries/${id}/revisions?includeDeleted=true`)).status).toBe(400);
    expect((await api(`/v1/liveblogs/${liveblogId}/entries?includeDeleted=yes`)).status).toBe(400);
  });

  test('replaying every index job, newest first, changes no entry, revision or flag', async () => {
    await pipeline.stop();
    const c = store.database.collections;
    // Read through the store: FerretDB stores a null written on insert as a missing field. indexedAt
    // records when a write last ran, which a replay rightly renews.
    const state = async () => ({
      entries: (await store.entries.listByLiveblog(liveblogId, null, 100, true)).items.map(({ indexedAt, ...e }) => e),
      revisions: await c.revisions.find({ liveblogId }).sort({ _id: 1 }).toArray(),
    });
    const before = await state();
    const queue = new Queue('index', { connection: redis, prefix: redisKeys.queuePrefix(testEnv().queuePrefix, 'index') });
    try {
      const jobs = (await queue.getJobs(['completed'])).sort((a, b) => b.timestamp - a.timestamp);
      // First sight, edit and deletion, truncated page, restore, re-post.
      expect(jobs).toHaveLength(5);
      const deps = { store, redis, writer: entryWriter(store), prefix: testEnv().queuePrefix, eventRetentionMs: 3_600_000 };
      for (const job of jobs) await indexEntries(IndexJob.parse(job.data), deps);
      for (const job of [...jobs].reverse()) await indexEntries(IndexJob.parse(job.data), deps);
    } finally {
      await queue.close();
    }
    expect(await state()).toEqual(before);
  }, 60_000);
});
