import type { AddressInfo } from 'node:net';
import { createLogger } from '@liveblog/runtime';
import type { Store } from '@liveblog/storage';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Registry } from 'prom-client';
import { HttpError } from '../http-error';
import { IngestTracker } from '../metrics/ingest-tracker';
import { registerOperatorRoutes } from './operator-routes';

test('without ADMIN_TOKEN every operator page and route is 404 admin_disabled; /metrics still answers', async () => {
  const app = express();
  const registry = new Registry();
  const tracker = new IngestTracker(registry, { get: async () => null }, createLogger('test', 'silent'));
  registerOperatorRoutes(app, { adminToken: undefined, queues: [], registry, tracker, store: {} as Store });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res.status(err instanceof HttpError ? err.status : 500).json({ code: err instanceof HttpError ? err.code : 'internal' });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    for (const [method, path] of [['GET', '/dashboard'], ['GET', '/admin/sources'], ['GET', '/admin/sources/src_0000000000000001'], ['GET', '/dashboard?token=anything-at-all-here'], ['GET', '/admin/stats'], ['GET', '/admin/queues/'], ['POST', '/admin/jobs/parse/x/retry']] as const) {
      const res = await fetch(`${base}${path}`, { method, redirect: 'manual', headers: { cookie: 'lbi_admin=anything-at-all-here' } });
      expect([path, res.status, res.status === 404 ? ((await res.json()) as { code: string }).code : null]).toEqual([path, 404, 'admin_disabled']);
    }
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('liveblog_entry_events_total');
  } finally {
    server.close();
  }
});
