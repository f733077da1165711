import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IndexJob } from '@liveblog/contracts';
import { redisKeys, createRedis, type RedisClient } from '@liveblog/runtime';
import { Store } from '@liveblog/storage';
import { Queue } from 'bullmq';
import { entryWriter, indexEntries } from '../../services/indexer/src/index-entries';
import { testEnv } from '../harness/env';
import { eventually, getJson, startPipeline, tempDir, writeSourcesFile, type RunningPipeline } from './pipeline-harness';

interface Entry { id: string; liveblogId: string; headline: string; clusterId: string | null }
interface Member { liveblogId: string; entryId: string; firstSeenAt: string }
interface Cluster { id: string; firstSeenAt: string; first: Member; members: Member[] }
interface Page<T> { items: T[]; next: string | null }
interface Item { headline: string; text: string }

/** An invented liveblog in the seed text-dump format: a title line, a lead, then headline entries. */
function dump(title: string, items: readonly Item[]): string {
  const head = [` date 2024-11 Liveblog ${title} ++ Stand: 12.11.2024 09:00 Uhr`, '', `${title}: alle Entwicklungen im Liveblog.`, ''];
  return [...head, ...items.flatMap((i) => [i.headline, '', i.text, ''])].join('\n');
}

// One agency report as two newsrooms carry it: the second opens with its own sentence and drops the last.
const agency = {
  headline: 'Deich bei Auhof gebrochen',
  text:
    'Der Deich bei Auhof ist in der Nacht auf einer Länge von rund 40 Metern gebrochen. Das Wasser strömt in die ' +
    'Siedlung am Mühlbach, etwa 250 Bewohner wurden mit Booten in Sicherheit gebracht. Nach Angaben des Landkreises ' +
    'wurde niemand verletzt. Helfer versuchen, die Bruchstelle mit Sandsäcken und Steinen zu schließen. Der Pegel ' +
    'der Elbe soll erst am Donnerstag sinken. (dpa)',
};
const rewritten = {
  headline: 'Dramatische Nacht in Auhof',
  text:
    'Für die Menschen am Mühlbach war es eine Nacht ohne Schlaf. Das Wasser strömt in die Siedlung am Mühlbach, ' +
    'etwa 250 Bewohner wurden mit Booten in Sicherheit gebracht. Nach Angaben des Landkreises wurde niemand verletzt. ' +
    'Helfer versuchen, die Bruchstelle mit Sandsäcken und Steinen zu schließen. (dpa/lno)',
};
// Same flood, a different story.
const schools = {
  headline: 'Schulen im Landkreis bleiben zu',
  text:
    'Wegen des Hochwassers fällt an allen Schulen des Landkreises auch am Mittwoch der Unterricht aus. Das Schulamt ' +
    'bietet eine Notbetreuung in der Turnhalle am Markt an. Eltern sollen ihre Kinder bis 8 Uhr anmelden, teilte ' +
    'der Landkreis mit. Auch mehrere Kitas bleiben wegen der gesperrten Straßen geschlossen. (epd)',
};

describe('story clusters across outlets', () => {
  const dir = tempDir('lbi-clusters-');
  let pipeline: RunningPipeline;
  let store: Store;
  let redis: RedisClient;

  beforeAll(async () => {
    const first = join(dir.path, 'elbkurier.txt');
    const second = join(dir.path, 'landesecho.txt');
    writeFileSync(first, dump('Hochwasser an der Elbe', [agency]));
    writeFileSync(second, dump('Hochwasser: die Lage im Landkreis', [schools, rewritten]));
    store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
    redis = createRedis(testEnv().redisUrl);
    const services = ['api', 'indexer', 'deduplicator', 'parser'] as const;
    pipeline = await startPipeline({
      sourcesFile: writeSourcesFile(['sources:', `  - path: ${first}`, '    intervalSeconds: 3600'].join('\n')),
      services: [...services, 'fetcher'],
    });
    // The second outlet only once the first one's copy is indexed, so that "first" is well defined.
    await eventually(async () => ((await entries()).length === 1 ? true : undefined), 'the first outlet indexed', 45_000);
    await pipeline.services.get('fetcher')?.stop();
    writeFileSync(
      join(dir.path, 'sources.yml'),
      ['sources:', `  - path: ${first}`, '    intervalSeconds: 3600', `  - path: ${second}`, '    intervalSeconds: 3600'].join('\n'),
    );
    pipeline.env.SOURCES_FILE = join(dir.path, 'sources.yml');
    await pipeline.start('fetcher');
  }, 120_000);

  afterAll(async () => {
    await pipeline?.stop();
    await store?.close();
    redis?.disconnect();
    dir.remove();
  });

  const api = <T>(path: string) => getJson<T>(`${pipeline.apiUrl}${path}`);
  async function entries(): Promise<Entry[]> {
    return (await api<Page<Entry>>('/v1/entries?limit=100')).body.items ?? [];
  }
  const byHeadline = async () => new Map((await entries()).map((e) => [e.headline, e]));

  test('the agency copy of both outlets shares a cluster; the other story has its own', async () => {
    const all = await eventually(async () => {
      const found = await byHeadline();
      return found.size === 3 ? found : undefined;
    }, 'both outlets indexed', 60_000);
    const original = all.get(agency.headline) as Entry;
    const copy = all.get(rewritten.headline) as Entry;
    const other = all.get(schools.headline) as Entry;
    expect(original.liveblogId).not.toBe(copy.liveblogId);
    expect(original.clusterId).toBe(original.id);
    expect(copy.clusterId).toBe(original.id);
    expect(other.clusterId).toBe(other.id);

    const cluster = await api<Cluster>(`/v1/clusters/${original.id}`);
    expect(cluster.status).toBe(200);
    expect(cluster.body.first).toMatchObject({ liveblogId: original.liveblogId, entryId: original.id });
    expect(cluster.body.members.map((m) => m.entryId)).toEqual([original.id, copy.id]);
    expect((await api(`/v1/entries/${copy.id}`)).body).toMatchObject({ clusterId: original.id });
    // The cluster filter of /v1/entries: the story's entries across outlets, newest first, and only them.
    const story = (await api<Page<Entry>>(`/v1/entries?cluster=${original.id}`)).body.items.map((e) => e.id);
    expect([...story].sort()).toEqual([original.id, copy.id].sort());
    expect((await api<Page<Entry>>(`/v1/entries?cluster=${other.id}`)).body.items.map((e) => e.id)).toEqual([other.id]);
    expect((await api(`/v1/entries?cluster=nope`)).status).toBe(400);
  }, 90_000);

  test('a malformed cluster id is a 400, an unknown one a 404', async () => {
    expect((await api('/v1/clusters/nope')).status).toBe(400);
    expect((await api('/v1/clusters/en_0000000000000000')).status).toBe(404);
  });

  test('re-running every index job changes no entry and no cluster', async () => {
    await pipeline.stop();
    const c = store.database.collections;
    // Entries through the store: FerretDB stores a null written on insert as a missing field. indexedAt
    // records when a write last ran, which a replay rightly renews.
    const state = async () => ({
      entries: (await store.entries.search({ includeDeleted: true }, null, 100)).items.map(({ indexedAt, ...e }) => e),
      clusters: await c.clusters.find({}).sort({ _id: 1 }).toArray(),
    });
    const before = await state();
    const queue = new Queue('index', { connection: redis, prefix: redisKeys.queuePrefix(testEnv().queuePrefix, 'index') });
    try {
      const jobs = await queue.getJobs(['completed']);
      expect(jobs.length).toBeGreaterThanOrEqual(2);
      const deps = { store, redis, writer: entryWriter(store), prefix: testEnv().queuePrefix, eventRetentionMs: 3_600_000 };
      for (const job of jobs) await indexEntries(IndexJob.parse(job.data), deps);
    } finally {
      await queue.close();
    }
    expect(await state()).toEqual(before);
  }, 60_000);
});
