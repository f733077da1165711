import { testEnv } from '../../../tests/harness/env';
import { Store } from './store';

let store: Store;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
});
afterAll(() => store.close());

test('a snapshot is stored compressed, read back byte for byte, and written once', async () => {
  const body = Buffer.from('Ä'.repeat(100_000) + '\u0000binary\u00ff');
  const snapshot = { id: 'sn_test', sourceId: 'src_t', url: 'file:///x.txt', contentType: 'text/plain', contentHash: 'h', body, fetchedAt: new Date('2024-11-01T00:00:00Z') };
  await store.snapshots.put(snapshot);
  await store.snapshots.put({ ...snapshot, fetchedAt: new Date('2025-01-01T00:00:00Z') });
  const read = await store.snapshots.get('sn_test');
  expect(read.body.equals(body)).toBe(true);
  expect(read.fetchedAt).toEqual(snapshot.fetchedAt);
  const raw = await store.database.collections.snapshots.findOne({ _id: 'sn_test' });
  expect(raw!.bodyGzip.buffer.length).toBeLessThan(body.length / 10);
});

test('a missing snapshot is an error naming it', async () => {
  await expect(store.snapshots.get('sn_missing')).rejects.toThrow('snapshot sn_missing not found');
});
