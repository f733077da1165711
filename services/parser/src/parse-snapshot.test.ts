import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Binary } from 'mongodb';
import { extractionId, type ParseJob } from '@liveblog/contracts';
import { contentHash } from '@liveblog/fingerprint';
import type { Pipeline } from '@liveblog/runtime';
import { Store } from '@liveblog/storage';
import { testEnv } from '../../../tests/harness/env';
import { parseSnapshot } from './parse-snapshot';

let store: Store;
beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
});
afterAll(() => store.close());

/** A real liveblog page, read from ../shared at test time. */
const page = gunzipSync(readFileSync(path.resolve(__dirname, '../../../../shared/fixtures/pages/Express_2024_07_18.html.gz')));
const enqueued: unknown[] = [];
const pipeline = { enqueue: async (...job: unknown[]) => void enqueued.push(job) } as unknown as Pipeline;
const fetchedAt = new Date('2026-12-07T10:00:00Z');
const url = 'https://www.express.co.uk/news/live';

test('a reparse reads a snapshot stored whole (the old layout) and one stored as chunks alike', async () => {
  await store.database.collections.snapshots.insertOne({
    _id: 'sn_reparse_whole',
    sourceId: 'src_reparse',
    url,
    contentType: 'text/html; charset=utf-8',
    contentHash: contentHash(page),
    bytes: page.length,
    bodyGzip: new Binary(gzipSync(page)),
    fetchedAt,
  });
  await store.snapshots.put({ id: 'sn_reparse_chunks', sourceId: 'src_reparse', url, contentType: 'text/html; charset=utf-8', contentHash: contentHash(page), body: page, fetchedAt });
  const reparse = (snapshotId: string): ParseJob => ({ snapshotId, sourceId: 'src_reparse', reparse: 'abc123' });
  const results = [];
  for (const snapshotId of ['sn_reparse_whole', 'sn_reparse_chunks']) {
    const { entries } = await parseSnapshot(reparse(snapshotId), { store, pipeline });
    expect(entries).toBeGreaterThan(5);
    results.push(await store.extractions.get(extractionId(reparse(snapshotId))));
  }
  const [whole, chunks] = results;
  expect(chunks!.entries).toEqual(whole!.entries);
  expect(chunks!.reread).toBe(true);
  expect(enqueued).toHaveLength(2);
});
