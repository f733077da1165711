import { ids } from '@liveblog/fingerprint';
import { testEnv } from '../../../tests/harness/env';
import { Store } from './store';
import { entry, extraction } from './testdata/extractions';

let store: Store;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
});
afterAll(() => store.close());

describe('clusters', () => {
  test('entries carry their cluster; members are added once; the first outlet is the earliest member', async () => {
    const t0 = new Date('2024-11-05T10:00:00Z');
    const t1 = new Date('2024-11-05T11:00:00Z');
    const first = ids.entry('lb_cluster_a', 'k1');
    const second = ids.entry('lb_cluster_b', 'k1');
    await store.entries.index(extraction('lb_cluster_b', t1, [entry(1)]), ['k1'], t1, { k1: first });
    await store.entries.index(extraction('lb_cluster_a', t0, [entry(1)]), ['k1'], t0, { k1: first });
    await store.clusters.addMembers([second]);
    await store.clusters.addMembers([first]);
    await store.clusters.addMembers([first, second]);
    expect((await store.entries.get(second))?.clusterId).toBe(first);
    const cluster = await store.clusters.get(first);
    expect(cluster).toMatchObject({ id: first, firstSeenAt: t0, first: { liveblogId: 'lb_cluster_a', entryId: first } });
    expect(cluster?.members.map((m) => m.entryId)).toEqual([first, second]);
    expect((await store.entries.search({ clusterId: first }, null, 10)).items.map((e) => e._id).sort()).toEqual([first, second].sort());
    expect(await store.clusters.get('en_0000000000000000')).toBeNull();
  });

  test('a job without clusters keeps the stored cluster and adds no member', async () => {
    const t0 = new Date('2024-11-05T10:00:00Z');
    const id = ids.entry('lb_cluster_keep', 'k1');
    await store.entries.index(extraction('lb_cluster_keep', t0, [entry(1)]), ['k1'], t0, { k1: id });
    await store.entries.index(extraction('lb_cluster_keep', new Date(t0.getTime() + 1000), [entry(1, 'Neu.')]), ['k1']);
    expect((await store.entries.get(id))?.clusterId).toBe(id);
    await store.entries.index(extraction('lb_cluster_none', t0, [entry(1)]), ['k1']);
    await store.clusters.addMembers([ids.entry('lb_cluster_none', 'k1')]);
    expect(await store.clusters.get(ids.entry('lb_cluster_none', 'k1'))).toBeNull();
  });
});
