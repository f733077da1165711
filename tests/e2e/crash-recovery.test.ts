import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { extract } from '@liveblog/extract';
import { entryContentHash, ids } from '@liveblog/fingerprint';
import { Store } from '@liveblog/storage';
import { testEnv } from '../harness/env';
import { eventually, startPipeline, tempDir, writeSourcesFile, type RunningPipeline } from './pipeline-harness';
import { syntheticDump } from './synthetic';

const FILES = 12;
const ENTRIES_PER_FILE = 150;

describe('crash recovery', () => {
  const dir = tempDir('lbi-crash-');
  let pipeline: RunningPipeline;
  let store: Store;
  /** entry id → content hash, as the extraction library reads the files. */
  const expected = new Map<string, string>();

  beforeAll(async () => {
    for (let f = 0; f < FILES; f++) {
      const path = join(dir.path, `ticker-${String(f).padStart(2, '0')}.txt`);
      writeFileSync(path, syntheticDump(f, ENTRIES_PER_FILE));
      const url = pathToFileURL(path).href;
      for (const e of extract({ body: readFileSync(path, 'utf8'), url }).entries) {
        expected.set(ids.entry(ids.liveblog(url), e.key), entryContentHash(e));
      }
    }
    store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  });

  afterAll(async () => {
    await pipeline?.stop();
    await store?.close();
    dir.remove();
  });

  test('the synthetic dumps parse as the test expects', () => {
    // Each file: its lead paragraph plus the headline entries.
    expect(expected.size).toBe(FILES * (ENTRIES_PER_FILE + 1));
  });

  test('SIGKILL of the indexer mid-ingest, three times: every entry ends up indexed exactly once', async () => {
    const sourcesFile = writeSourcesFile(`sources:\n  - path: ${join(dir.path, '*.txt')}\n    intervalSeconds: 3600\n`);
    pipeline = await startPipeline({ sourcesFile, services: ['indexer', 'deduplicator', 'parser', 'fetcher'], env: { WORKER_CONCURRENCY: '1' } });
    const count = () => store.database.collections.entries.countDocuments({});

    const killedAt: number[] = [];
    let floor = 0;
    for (let kill = 0; kill < 3 && floor < expected.size; kill++) {
      // Wait for visible progress since the last restart, then kill without warning.
      const seen = await eventually(async () => {
        const n = await count();
        return n > floor ? n : undefined;
      }, 'indexing to make progress', 60_000);
      await pipeline.services.get('indexer')!.kill();
      killedAt.push(seen);
      floor = await count();
      await pipeline.start('indexer');
    }
    // The kills really happened in the middle of ingestion.
    expect(killedAt[0]).toBeLessThan(expected.size);

    await eventually(async () => ((await count()) === expected.size ? true : undefined), 'all entries indexed', 120_000);
    const docs = await store.database.collections.entries.find({}, { projection: { _id: 1, contentHash: 1, liveblogId: 1, key: 1 } }).toArray();
    expect(docs).toHaveLength(expected.size);
    for (const d of docs) expect(d.contentHash).toBe(expected.get(d._id));
    const perKey = await store.database.collections.entries
      .aggregate<{ _id: unknown; n: number }>([{ $group: { _id: { l: '$liveblogId', k: '$key' }, n: { $sum: 1 } } }, { $match: { n: { $gt: 1 } } }])
      .toArray();
    expect(perKey).toEqual([]);
    expect(await store.database.collections.liveblogs.countDocuments({})).toBe(FILES);
  }, 240_000);
});
