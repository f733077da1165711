import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startService, type ManagedProcess } from '@liveblog/devstack';
import { eventually, startPipeline, writeSourcesFile, type RunningPipeline } from './pipeline-harness';

const SOURCES = 30;
const HOST_CONCURRENCY = 2;

describe('two fetcher replicas', () => {
  let server: Server;
  let pipeline: RunningPipeline;
  let second: ManagedProcess;
  let inFlight = 0;
  let maxInFlight = 0;
  const inFlightPerPath = new Map<string, number>();
  let maxPerPath = 0;
  const served = new Map<string, number>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/robots.txt') return void res.writeHead(404).end();
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const mine = (inFlightPerPath.get(path) ?? 0) + 1;
      inFlightPerPath.set(path, mine);
      maxPerPath = Math.max(maxPerPath, mine);
      // Slow pages keep requests overlapping, so a limit that did not hold would show.
      setTimeout(() => {
        inFlight--;
        inFlightPerPath.set(path, (inFlightPerPath.get(path) ?? 1) - 1);
        served.set(path, (served.get(path) ?? 0) + 1);
        res.writeHead(200, { 'content-type': 'text/plain' }).end(` date 2024-11 Seite ${path} mit einem Absatz Text.`);
      }, 150);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const entries = Array.from({ length: SOURCES }, (_, i) => `  - url: ${base}/liveblog/${i}\n    intervalSeconds: 5`).join('\n');
    const env = { FETCH_HOST_CONCURRENCY: String(HOST_CONCURRENCY), FETCH_HOST_MIN_INTERVAL_MS: '0', WORKER_CONCURRENCY: '8' };
    pipeline = await startPipeline({ sourcesFile: writeSourcesFile(`sources:\n${entries}\n`), services: ['fetcher'], env });
    second = startService('fetcher', pipeline.env);
    await second.waitForLine(/"msg":"started"/, { timeoutMs: 30_000 });
  }, 60_000);

  afterAll(async () => {
    await Promise.all([pipeline?.stop(), second?.stop()]);
    await new Promise((r) => server?.close(r));
  });

  test('the per-host limit holds across both, no source is fetched twice at once, and both do work', async () => {
    await eventually(async () => (served.size === SOURCES ? true : undefined), 'every source to be fetched', 60_000);
    expect(maxInFlight).toBeLessThanOrEqual(HOST_CONCURRENCY);
    expect(maxInFlight).toBe(HOST_CONCURRENCY);
    expect(maxPerPath).toBe(1);
    const fetchedBy = (p: ManagedProcess) => p.recentLines().filter((l) => l.includes('"msg":"fetched"')).length;
    expect(fetchedBy(pipeline.services.get('fetcher')!)).toBeGreaterThan(0);
    expect(fetchedBy(second)).toBeGreaterThan(0);
  }, 70_000);
});
