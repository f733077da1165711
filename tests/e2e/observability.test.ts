import { join } from 'node:path';
import { repoRoot } from '@liveblog/devstack';
import { eventually, getJson, startPipeline, writeSourcesFile, type RunningPipeline } from './pipeline-harness';

interface Page { items: { entryCount: number }[] }

const WORKERS = [
  ['fetcher', 'fetch'],
  ['parser', 'parse'],
  ['deduplicator', 'dedup'],
  ['indexer', 'index'],
] as const;

describe('observability of the worker services', () => {
  let pipeline: RunningPipeline;

  beforeAll(async () => {
    const sourcesFile = writeSourcesFile(`sources:\n  - path: ${join(repoRoot(), 'config', 'samples', 'sturmtief.txt')}\n`);
    pipeline = await startPipeline({ sourcesFile, services: ['api', 'indexer', 'deduplicator', 'parser', 'fetcher'] });
    await eventually(async () => {
      const { body } = await getJson<Page>(`${pipeline.apiUrl}/v1/liveblogs`);
      return body.items[0]?.entryCount ? true : undefined;
    }, 'the sample liveblog to be indexed');
  }, 60_000);

  afterAll(() => pipeline?.stop());

  /** Each worker logs the port its health server took (HEALTH_PORT=0 in tests). */
  function healthUrl(service: string): string {
    const line = pipeline.services.get(service as never)!.recentLines().find((l) => l.includes('"health server listening"'));
    const port = line && (JSON.parse(line) as { healthPort: number }).healthPort;
    if (!port) throw new Error(`${service} logged no health port`);
    return `http://127.0.0.1:${port}`;
  }

  test.each(WORKERS)('%s answers /healthz, /readyz and counts its %s jobs in /metrics', async (service, queue) => {
    const base = healthUrl(service);
    expect((await getJson(`${base}/healthz`)).status).toBe(200);
    const ready = await getJson<{ ready: boolean; checks: Record<string, string> }>(`${base}/readyz`);
    expect(ready.body).toEqual({ ready: true, checks: { redis: 'ok', mongodb: 'ok' } });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const completed = new RegExp(`liveblog_jobs_total\\{queue="${queue}",outcome="completed",service="${service}"\\} ([0-9]+)`).exec(metrics);
    expect(Number(completed?.[1])).toBeGreaterThanOrEqual(1);
    const timed = metrics.split('\n').find((l) => l.startsWith('liveblog_job_duration_seconds_count{') && l.includes(`queue="${queue}"`));
    expect(Number(timed?.split(' ').pop())).toBeGreaterThanOrEqual(1);
  });

  test('the fetcher counts polls by result', async () => {
    const metrics = await (await fetch(`${healthUrl('fetcher')}/metrics`)).text();
    expect(metrics).toMatch(/liveblog_fetches_total\{result="changed",service="fetcher"\} [1-9]/);
  });

  test('log lines written while a job runs carry its trace id', () => {
    const indexed = pipeline.services.get('indexer')!.recentLines().find((l) => l.includes('"msg":"indexed"'));
    expect(JSON.parse(indexed!)).toMatchObject({ trace_id: expect.stringMatching(/^[0-9a-f]{32}$/), span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });
});
