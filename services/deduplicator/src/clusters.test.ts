import type { ExtractedEntry, JobPayloadOf, QueueName } from '@liveblog/contracts';
import { ids } from '@liveblog/fingerprint';
import { redisKeys, createRedis, type RedisClient } from '@liveblog/runtime';
import { DEFAULT_WINDOW_MS, MinHashIndex } from '@liveblog/similarity';
import { Store } from '@liveblog/storage';
import { entry, extraction } from '../../../packages/storage/src/testdata/extractions';
import { testEnv } from '../../../tests/harness/env';
import { BandLocks } from './band-locks';
import { dedupExtraction, type DedupDeps } from './dedup-extraction';

let store: Store;
let redis: RedisClient;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  redis = createRedis(testEnv().redisUrl);
});
afterAll(async () => {
  await store.close();
  redis.disconnect();
});

const report =
  'Die Ukraine meldet neue Angriffe auf die Energieversorgung im Osten des Landes. In Charkiw fiel der Strom ' +
  'für mehrere Stunden aus, Reparaturtrupps waren bis zum Abend im Einsatz. Verletzt wurde nach Behördenangaben ' +
  'niemand. Die Regierung in Kiew forderte erneut mehr Flugabwehr von den westlichen Partnern.';
const copy =
  'Nach den nächtlichen Angriffen bleibt die Lage im Osten angespannt. In Charkiw fiel der Strom ' +
  'für mehrere Stunden aus, Reparaturtrupps waren bis zum Abend im Einsatz. Verletzt wurde nach Behördenangaben niemand.';
const sameTopic =
  'Russland hat nach eigenen Angaben mehrere ukrainische Drohnen über der Region Belgorod abgeschossen. Das ' +
  'Verteidigungsministerium in Moskau sprach von einem versuchten Angriff auf Infrastruktur; unabhängig überprüfen ließ sich das nicht.';

const bridge =
  'Die Brücke über den Kanal in Hagenbrück bleibt nach einem Schaden an einem Pfeiler bis auf Weiteres gesperrt. ' +
  'Gutachter hatten Risse im Beton entdeckt, teilte die Stadt mit. Der Umweg für Autofahrer beträgt rund zwölf ' +
  'Kilometer, Busse fahren über die Landstraße. Wann die Reparatur beginnt, ist offen.';
const bridgeCopy =
  'Schlechte Nachrichten für Pendler. Gutachter hatten Risse im Beton entdeckt, teilte die Stadt mit. Der Umweg ' +
  'für Autofahrer beträgt rund zwölf Kilometer, Busse fahren über die Landstraße. Wann die Reparatur beginnt, ist offen.';

const at = (m: number) => new Date(Date.now() - 60 * 60_000 + m * 60_000);

/** Deduplicates one outlet's page against the index under `prefix`; returns the clusters it published. */
async function dedupOnce(prefix: string, liveblogId: string, m: number, entries: ExtractedEntry[], die = false) {
  const jobs: Array<JobPayloadOf<'index'>> = [];
  const pipeline: DedupDeps['pipeline'] = {
    async enqueue<Q extends QueueName>(_name: Q, payload: JobPayloadOf<Q>) {
      jobs.push(payload as JobPayloadOf<'index'>);
      if (die) throw new Error('killed');
    },
  };
  const x = extraction(liveblogId, at(m), entries);
  await store.extractions.put(x);
  const similarity = new MinHashIndex({ redis, prefix });
  const deps = { store, redis, prefix, pipeline, similarity, bandLocks: new BandLocks({ redis, prefix }), windowMs: DEFAULT_WINDOW_MS };
  await dedupExtraction(x._id, liveblogId, deps).catch((err: Error) => {
    if (err.message !== 'killed') throw err;
  });
  return jobs[0]?.clusters;
}

test('entries across outlets join the earliest cluster; a replay publishes the cluster decided first', async () => {
  const prefix = `${testEnv().queuePrefix}-clusters`;
  const run = (liveblogId: string, m: number, entries: ExtractedEntry[], die = false) => dedupOnce(prefix, liveblogId, m, entries, die);
  const first = ids.entry('lb_cl_a', 'k1');
  expect(await run('lb_cl_a', 0, [entry(1, report)])).toEqual({ k1: first });

  // Killed right after the enqueue: the replay decides the same.
  expect(await run('lb_cl_b', 5, [entry(1, copy), entry(2, sameTopic)], true)).toEqual({ k1: first, k2: ids.entry('lb_cl_b', 'k2') });
  expect(await run('lb_cl_b', 5, [entry(1, copy), entry(2, sameTopic)])).toEqual({ k1: first, k2: ids.entry('lb_cl_b', 'k2') });

  // Killed after the enqueue, and another outlet's copy is deduplicated before the replay: the copy
  // joins the cluster already published, and the replay publishes it again rather than joining the copy.
  const started = ids.entry('lb_cl_c', 'k1');
  expect(await run('lb_cl_c', 10, [entry(1, bridge)], true)).toEqual({ k1: started });
  expect(await run('lb_cl_d', 11, [entry(1, bridgeCopy)])).toEqual({ k1: started });
  expect(await run('lb_cl_c', 10, [entry(1, bridge)])).toEqual({ k1: started });

  // A replay of the first outlet after everything was inserted finds the copy that joined it and itself,
  // and keeps its recorded cluster.
  await redis.del(redisKeys.liveblogFingerprints(prefix, 'lb_cl_a'));
  expect(await run('lb_cl_a', 0, [entry(1, report)])).toEqual({ k1: first });
});

test('an entry whose label left the window keeps the cluster the store has for it', async () => {
  // Indexed long ago into another outlet's cluster; since then index and fingerprints have expired.
  const liveblogId = 'lb_cl_back';
  const original = ids.entry('lb_cl_origin', 'k1');
  const x = extraction(liveblogId, at(-2000), [entry(1, copy)]);
  await store.extractions.put(x);
  await store.entries.index(x, ['k1'], new Date(), { k1: original });
  const forgotten = `${testEnv().queuePrefix}-forgotten`;

  expect(await dedupOnce(forgotten, liveblogId, 30, [entry(1, copy)])).toEqual({ k1: original });
  // Recorded again, for copies still to come.
  const [label] = await new MinHashIndex({ redis, prefix: forgotten }).labels([ids.entry(liveblogId, 'k1')]);
  expect(JSON.parse(label!)).toMatchObject({ clusterId: original });
});
