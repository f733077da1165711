import { createRedis, type RedisClient } from '@liveblog/runtime';
import type { ExtractedEntry, JobPayloadOf, QueueName } from '@liveblog/contracts';
import { DEFAULT_WINDOW_MS, MinHashIndex } from '@liveblog/similarity';
import { Store } from '@liveblog/storage';
import { entry, extraction } from '../../../packages/storage/src/testdata/extractions';
import { testEnv } from '../../../tests/harness/env';
import { BandLocks } from './band-locks';
import { dedupExtraction, type DedupDeps } from './dedup-extraction';

const RUNS = 20;

let store: Store;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
});
afterAll(async () => {
  await store.close();
});

const report =
  'Die Fähre zwischen Sandhagen und der Insel Moorholm fällt wegen des Sturms bis Freitag aus. Die Reederei ' +
  'richtet einen Notdienst für Pendler und Schüler ein, der bei ruhigerem Wetter am Vormittag fahren soll. ' +
  'Die Versorgung der Insel sei gesichert, teilte die Gemeinde mit. Der Wetterdienst warnt vor Böen bis zu 110 Stundenkilometern.';
const copy =
  'Auf Moorholm heißt es warten. Die Reederei richtet einen Notdienst für Pendler und Schüler ein, der bei ' +
  'ruhigerem Wetter am Vormittag fahren soll. Die Versorgung der Insel sei gesichert, teilte die Gemeinde mit. ' +
  'Der Wetterdienst warnt vor Böen bis zu 110 Stundenkilometern.';

/** Deduplicates one outlet's page as replica `replica` would; returns the clusters of its index job. */
async function dedupOn(replica: RedisClient, prefix: string, liveblogId: string, at: Date, entries: ExtractedEntry[]): Promise<Record<string, string>> {
  const x = extraction(liveblogId, at, entries);
  await store.extractions.put(x);
  let clusters: Record<string, string> = {};
  const pipeline: DedupDeps['pipeline'] = {
    async enqueue<Q extends QueueName>(_name: Q, payload: JobPayloadOf<Q>) {
      clusters = (payload as JobPayloadOf<'index'>).clusters ?? {};
    },
  };
  const similarity = new MinHashIndex({ redis: replica, prefix });
  const bandLocks = new BandLocks({ redis: replica, prefix });
  await dedupExtraction(x._id, liveblogId, { store, redis: replica, prefix, pipeline, similarity, bandLocks, windowMs: DEFAULT_WINDOW_MS });
  return clusters;
}

// On a Redis Cluster the band locks are taken partition by partition: the guarantee must hold there too.
test.each([
  ['one Redis', () => testEnv().redisUrl],
  ['a Redis Cluster', () => testEnv().redisClusterUrl],
])(`on %s, two replicas deduplicating the first copies of one story at the same moment start one cluster (${RUNS} runs)`, async (where, url) => {
  // One connection per replica, as two deduplicator processes would have.
  const replicas = [createRedis(url()), createRedis(url())];
  const tag = where.includes('Cluster') ? 'cl' : 'one';
  const outcomes: string[] = [];
  for (let run = 0; run < RUNS; run++) {
    // A fresh index each run: both copies are first copies.
    const prefix = `${testEnv().queuePrefix}-${tag}-race${run}`;
    const seenAt = new Date(Date.now() - 60_000 + run);
    const [a, b] = await Promise.all([
      dedupOn(replicas[0]!, prefix, `lb_race${tag}_${run}_a`, seenAt, [entry(1, report)]),
      dedupOn(replicas[1]!, prefix, `lb_race${tag}_${run}_b`, seenAt, [entry(1, copy), entry(2, report.replace('Fähre', 'Autofähre'))]),
    ]);
    outcomes.push(new Set([a.k1, b.k1, b.k2]).size === 1 ? 'one' : `split ${JSON.stringify({ a, b })}`);
  }
  for (const redis of replicas) redis.disconnect();
  expect(outcomes).toEqual(Array(RUNS).fill('one'));
});
