import { Redis } from 'ioredis';
import { redisKeys } from '@liveblog/runtime';
import { Store, type ExtractionDoc } from '@liveblog/storage';
import { testEnv } from '../../../tests/harness/env';
import { indexEntries } from './index-entries';

let store: Store;
let redis: Redis;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  redis = new Redis(testEnv().redisUrl);
});
afterAll(async () => {
  await store.close();
  redis.disconnect();
});

function extraction(n: number): ExtractionDoc {
  const fetchedAt = new Date(Date.UTC(2024, 10, 21, 9, n));
  return {
    _id: `sn_retention_${n}`,
    sourceId: 'src_retention',
    liveblogId: 'lb_retention',
    url: 'https://example.test/retention',
    fetchedAt,
    extractedAt: fetchedAt,
    liveblog: { title: 'Aufbewahrung', url: 'https://example.test/retention', language: 'de', summary: null, publishedAt: null, modifiedAt: null },
    entries: [{ key: `k${n}`, headline: `Meldung ${n}`, text: `Eintrag Nummer ${n}.`, html: `<p>Eintrag Nummer ${n}.</p>`, publishedAt: null, modifiedAt: null, authors: [], agencies: [], pinned: false }],
  };
}

test('the event stream keeps events for the retention time, then drops them as new ones arrive', async () => {
  const deps = { store, redis, prefix: testEnv().queuePrefix, eventRetentionMs: 500 };
  const stream = redisKeys.entryEvents(deps.prefix);
  const events = async () => (await redis.xrange(stream, '-', '+')).map(([, fields]) => JSON.parse(fields[1]!) as { key: string });
  for (const n of [1, 2]) await store.extractions.put(extraction(n));

  await indexEntries({ snapshotId: 'sn_retention_1', entryKeys: ['k1'], deletedKeys: [] }, deps);
  await indexEntries({ snapshotId: 'sn_retention_2', entryKeys: ['k2'], deletedKeys: [] }, { ...deps, eventRetentionMs: 60_000 });
  expect((await events()).map((e) => e.key)).toEqual(['k1', 'k2']);

  await new Promise((r) => setTimeout(r, 700));
  await indexEntries({ snapshotId: 'sn_retention_2', entryKeys: ['k2'], deletedKeys: [] }, deps);
  // The replay announces k2 again (at least once); both events older than 500 ms are gone.
  expect((await events()).map((e) => e.key)).toEqual(['k2']);
});
