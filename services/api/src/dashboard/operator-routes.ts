import type { Store } from '@liveblog/storage';
import type { Queue } from 'bullmq';
import type { Express } from 'express';
import type { Registry } from 'prom-client';
import type { IngestTracker } from '../metrics/ingest-tracker';
import { queueCounts } from '../metrics/queue-counts';
import { presentSource } from '../admin/present-source';
import { notFound } from '../http-error';
import { parseOrThrow, SourceId } from '../params';
import { adminSession, csrfToken } from './admin-session';
import { retryFailedJob } from './job-retry';
import { dashboardPage } from './page';
import { queuesBoard, QUEUES_BOARD_PATH } from './queues-board';
import { recentFailures } from './recent-failures';
import { sourceDetail } from './source-detail';
import { listSources, SourceListQuery } from './source-list';

export interface OperatorDeps {
  /** Unset: every operator page and route answers 404 admin_disabled; /metrics stays. */
  adminToken: string | undefined;
  /** The four pipeline queues, in pipeline order. */
  queues: readonly Queue[];
  registry: Registry;
  tracker: IngestTracker;
  store: Pick<Store, 'sources' | 'entries' | 'extractions' | 'fetchLog' | 'liveblogs'>;
}

/** What an operator keeps open: the dashboard, its JSON, the queues board, retries, and /metrics. */
export function registerOperatorRoutes(app: Express, { adminToken, queues, registry, tracker, store }: OperatorDeps): void {
  const session = adminSession(adminToken);

  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });

  app.get('/dashboard', ...session, (_req, res) => {
    // Reached only with a valid token, so adminToken is set here.
    res.type('html').set('cache-control', 'no-store').send(dashboardPage(csrfToken(adminToken ?? '')));
  });

  app.get('/admin/sources', ...session, async (req, res) => {
    const query = parseOrThrow(SourceListQuery, req.query, 'query');
    const page = listSources(await store.sources.list(), query, new Date());
    const items = await Promise.all(page.items.map(async (s) => ({ ...presentSource(s.source, (await store.fetchLog.recent(s.source._id, 1)).length), health: s.health, outlet: s.outlet })));
    res.set('cache-control', 'no-store').json({ ...page, items });
  });

  app.get('/admin/sources/:id', ...session, async (req, res) => {
    const id = parseOrThrow(SourceId, req.params.id, 'id');
    const detail = await sourceDetail(store, id);
    if (!detail) throw notFound(`source ${id} not found`);
    res.set('cache-control', 'no-store').json(detail);
  });

  app.get('/admin/stats', ...session, async (_req, res) => {
    const [counts, failures] = await Promise.all([queueCounts(queues), recentFailures(queues)]);
    res.set('cache-control', 'no-store').json({ queues: counts, failures, series: tracker.series() });
  });

  app.post('/admin/jobs/:queue/:id/retry', ...session, async (req, res) => {
    const job = await retryFailedJob(queues, req.params.queue, req.params.id);
    res.status(202).json({ ...job, state: 'waiting' });
  });

  app.use(QUEUES_BOARD_PATH, ...session, queuesBoard(queues));
}
