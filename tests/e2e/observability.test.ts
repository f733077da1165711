import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
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

  /** promtool from Debian's prometheus package; scripts/bootstrap.mjs --with-promtool installs it. */
  const promtool = (args: string[], input?: string) =>
    new Promise<{ code: number; output: string }>((resolve) => {
      const child = execFile('promtool', args, (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, output: stdout + stderr }));
      child.stdin!.end(input ?? '');
    });
  const scrapes = () => Promise.all([`${pipeline.apiUrl}/metrics`, ...WORKERS.map(([s]) => `${healthUrl(s)}/metrics`)].map(async (url) => [url, await (await fetch(url)).text()] as const));

  test('promtool accepts the /metrics of the API and of every worker, and the Prometheus config', async () => {
    // prom-client's default process gauges are named *_total, which promtool's lint flags; they are not
    // ours to rename. Anything else it finds (or a parse error, exit code 1) fails.
    const promClientNames = /^nodejs_active_(handles|requests|resources)_total non-counter metrics should not have "_total" suffix$/;
    for (const [url, text] of await scrapes()) {
      const { code, output } = await promtool(['check', 'metrics'], text);
      const findings = output.split('\n').filter((l) => l && !promClientNames.test(l));
      expect([url, findings, code === 0 || code === 3]).toEqual([url, [], true]);
    }
    const config = await promtool(['check', 'config', '--syntax-only', join(repoRoot(), 'infra', 'prometheus', 'prometheus.yml')]);
    expect(config.code).toBe(0);
  });

  test('every metric the Grafana dashboard queries is in the /metrics of a running service', async () => {
    const dashboard = JSON.parse(readFileSync(join(repoRoot(), 'infra', 'grafana', 'dashboards', 'liveblog-ingest.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
    const exposed = new Set((await scrapes()).flatMap(([, text]) => text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(/[{ ]/)[0]!)));
    const queried = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => (t.expr.match(/\bliveblog_[a-z_]+/g) ?? []).map((name) => [p.title, name])));
    expect(queried.length).toBeGreaterThanOrEqual(8);
    for (const name of ['liveblog_entry_lag_seconds_bucket', 'liveblog_entry_stage_seconds_bucket', 'liveblog_queue_jobs', 'liveblog_fetches_total', 'liveblog_entry_events_total']) expect(queried.map(([, n]) => n)).toContain(name);
    expect(queried.filter(([, name]) => !exposed.has(name!))).toEqual([]);
  });

  test('log lines written while a job runs carry its trace id', () => {
    const indexed = pipeline.services.get('indexer')!.recentLines().find((l) => l.includes('"msg":"indexed"'));
    expect(JSON.parse(indexed!)).toMatchObject({ trace_id: expect.stringMatching(/^[0-9a-f]{32}$/), span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });
});
