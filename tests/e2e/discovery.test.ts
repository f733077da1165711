import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from '@liveblog/devstack';
import { extract } from '@liveblog/extract';
import { Store } from '@liveblog/storage';
import { testEnv } from '../harness/env';
import { eventually, getJson, startPipeline, writeSourcesFile, type RunningPipeline } from './pipeline-harness';

interface Liveblog { url: string; entryCount: number }

describe('discovery of new liveblogs from an index source', () => {
  const sample = readFileSync(join(repoRoot(), 'config', 'samples', 'sturmtief.txt'), 'utf8');
  let items = ['/sport/ergebnisse'];
  let server: Server;
  let base = '';
  let pipeline: RunningPipeline;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/feed.xml') {
        const links = items.map((p) => `<item><title>x</title><link>${base}${p}</link></item>`).join('');
        return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<rss version="2.0"><channel>${links}</channel></rss>`);
      }
      if (req.url === '/liveblog/sturmtief') return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(sample);
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sourcesFile = writeSourcesFile(
      `sources:\n  - url: ${base}/feed.xml\n    kind: index\n    linkPattern: /liveblog/\n    intervalSeconds: 5\n    liveblogIntervalSeconds: 5\n`,
    );
    pipeline = await startPipeline({ sourcesFile, services: ['api', 'indexer', 'deduplicator', 'parser', 'fetcher'] });
  }, 60_000);

  afterAll(async () => {
    await pipeline?.stop();
    await new Promise((r) => server?.close(r));
  });

  test('a liveblog added to the feed is polled and its entries reach the API without any operator action', async () => {
    const store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
    try {
      const index = await eventually(async () => (await store.sources.list()).find((s) => s.kind === 'index' && s.status.lastFetchedAt), 'the index to be polled');
      expect((await getJson<{ items: Liveblog[] }>(`${pipeline.apiUrl}/v1/liveblogs`)).body.items).toEqual([]);

      items = ['/liveblog/sturmtief', ...items];
      const url = `${base}/liveblog/sturmtief`;
      const expected = extract({ body: sample, url }).entries.length;
      const liveblog = await eventually(async () => {
        const { body } = await getJson<{ items: Liveblog[] }>(`${pipeline.apiUrl}/v1/liveblogs`);
        return body.items.find((l) => l.url === url && l.entryCount === expected);
      }, 'the discovered liveblog to be indexed', 45_000);
      expect(liveblog.entryCount).toBeGreaterThan(0);
      const discovered = (await store.sources.list()).filter((s) => s.discoveredFrom === index._id);
      expect(discovered.map((s) => [s.url, s.kind])).toEqual([[url, 'liveblog']]);
    } finally {
      await store.close();
    }
  }, 60_000);
});
