import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge, type Registry } from 'prom-client';

export type ReadinessCheck = () => Promise<void>;

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** Liveness at /healthz, readiness at /readyz (every dependency answers), Prometheus at /metrics. */
export async function startHealthServer(port: number, checks: Record<string, ReadinessCheck>, registry: Registry): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/healthz') return send(200, { status: 'ok' });
    if (req.url === '/readyz') {
      void readiness(checks).then((r) => send(r.ready ? 200 : 503, r));
      return;
    }
    if (req.url === '/metrics') {
      void registry.metrics().then((text) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(text);
      });
      return;
    }
    send(404, { error: { code: 'not_found', message: 'try /healthz, /readyz or /metrics' } });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * `liveblog_dependency_up{dependency}`: 1 when Redis or MongoDB answered its readiness check at scrape
 * time, else 0, so that an alert names the dependency rather than only the service that cannot reach it.
 */
export function registerDependencyGauge(registry: Registry, checks: Record<string, ReadinessCheck>): void {
  new Gauge({
    name: 'liveblog_dependency_up',
    help: 'Whether each dependency (redis, mongodb) answered its readiness check at scrape time: 1 yes, 0 no.',
    labelNames: ['dependency'],
    registers: [registry],
    async collect() {
      const { checks: results } = await readiness(checks);
      for (const [dependency, result] of Object.entries(results)) this.set({ dependency }, result === 'ok' ? 1 : 0);
    },
  });
}

export async function readiness(checks: Record<string, ReadinessCheck>): Promise<{ ready: boolean; checks: Record<string, string> }> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await withTimeout(check(), 2_000);
        return [name, 'ok'] as const;
      } catch (err) {
        return [name, err instanceof Error ? err.message : String(err)] as const;
      }
    }),
  );
  return { ready: results.every(([, r]) => r === 'ok'), checks: Object.fromEntries(results) };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}
