import { readiness, type Logger, type ReadinessCheck, type RedisClient } from '@liveblog/runtime';
import type { Store } from '@liveblog/storage';
import cors from 'cors';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { ApiKeys } from './api-keys';
import { docsAssets, docsPage, DOCS_ASSETS_PATH } from './docs-page';
import { openApiDocument, packageVersion } from './openapi';
import { operations } from './operations';
import { rateLimiter } from './rate-limit';
import { adminRouter, type AdminDeps } from './admin/routes';
import { webhookRouter, type WebhookDeps } from './admin/webhook-routes';
import { HttpError, notFound } from './http-error';
import { methodNotAllowed } from './method-not-allowed';
import { ClusterId, EntryId, ListQuery, ListWithDeletedQuery, LiveblogId, LiveblogListQuery, parseList, parseOrThrow, WithDeletedQuery } from './params';
import { presentCluster, presentEntry, presentLiveblog, presentRevision } from './present';
import { registerEntrySearch } from './entry-search';
import type { EventHub } from './event-hub';
import { listingScopes, type ListingCache } from './listing-cache';
import { jsonAnswer, sendAnswer } from './json-answer';
import { registerEventStream } from './event-stream';
import { registerExports } from './exports/routes';
import { registerFeeds } from './feeds/routes';
import { registerOperatorRoutes, type OperatorDeps } from './dashboard/operator-routes';
import { dashboardScriptHash } from './dashboard/page';
import { adminCookieAsBearer } from './dashboard/admin-session';

export interface AppDeps {
  store: Store;
  readinessChecks: Record<string, ReadinessCheck>;
  logger: Logger;
  admin: AdminDeps;
  /** Webhook subscriptions and dead letters, behind the admin token. */
  webhooks: Omit<WebhookDeps, 'token'>;
  events: { hub: EventHub; redis: RedisClient };
  /** First pages of the hot listings; fed by the hub's entry events. */
  cache: ListingCache;
  manners: HttpManners;
  operator: OperatorDeps;
}

export interface HttpManners {
  /** Origins that get CORS headers; `*` for any; empty: no CORS headers at all. */
  corsOrigins: readonly string[];
  /** Requests per client and minute across all replicas; 0 disables the limit. */
  rateLimitPerMinute: number;
  /** Redis key prefix (QUEUE_PREFIX) under which the rate-limit counters live. */
  redisPrefix: string;
  /** Keys of the read API; empty: the read API is open. */
  apiKeys: readonly string[];
}

export function createApp({ store, readinessChecks, logger, admin, webhooks, events, cache, manners, operator }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Flat string parameters only: `?a[$ne]=x` must arrive as a literal key, never as an operator object.
  app.set('query parser', 'simple');

  // helmet's defaults suit a JSON API; /docs loads its scripts from this origin, the dashboard's inline
  // script is allowed by its hash. Requests are not upgraded to https: inside a network the API is often
  // plain http, and /docs fetches from its origin.
  app.use(helmet({ contentSecurityPolicy: { directives: { scriptSrc: ["'self'", dashboardScriptHash], upgradeInsecureRequests: null } } }));
  if (manners.corsOrigins.length > 0) {
    app.use(
      cors({
        origin: manners.corsOrigins.includes('*') ? '*' : [...manners.corsOrigins],
        exposedHeaders: ['ETag', 'RateLimit', 'RateLimit-Policy', 'Retry-After'],
        maxAge: 600,
      }),
    );
  }
  const apiKeys = new ApiKeys(manners.apiKeys);
  if (manners.rateLimitPerMinute > 0) {
    app.use(rateLimiter({ perMinute: manners.rateLimitPerMinute, redis: events.redis, prefix: manners.redisPrefix, keys: apiKeys }));
  }

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const r = await readiness(readinessChecks);
    res.status(r.ready ? 200 : 503).json(r);
  });

  const openApi = openApiDocument(operations, packageVersion());
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  app.get('/docs', (_req, res) => {
    res.type('html').send(docsPage);
  });
  app.use(DOCS_ASSETS_PATH, ...docsAssets());

  app.use(
    operations.filter((op) => op.guard === 'apiKey').map((op) => op.path),
    apiKeys.guard(),
  );

  app.get('/v1/liveblogs', async (req, res) => {
    const { limit, cursor, includeDeleted, outlet, active, since } = parseList(req.query, LiveblogListQuery);
    const answer = async () => {
      const page = await store.liveblogs.list({ outlet, active, since }, cursor, limit);
      const counts = await store.liveblogs.entryCounts(page.items.map((l) => l._id), includeDeleted);
      return jsonAnswer(req, { items: page.items.map((l) => presentLiveblog(l, counts.get(l._id) ?? 0)), next: page.next });
    };
    const hot = !cursor && !outlet && active === undefined && !since;
    sendAnswer(res, hot ? await cache.answer(`liveblogs|${limit}|${includeDeleted}`, listingScopes.liveblogs, answer) : await answer());
  });

  app.get('/v1/liveblogs/:id', async (req, res) => {
    const id = parseOrThrow(LiveblogId, req.params.id, 'id');
    const { includeDeleted } = parseOrThrow(WithDeletedQuery, req.query, 'query');
    const doc = await store.liveblogs.get(id);
    if (!doc) throw notFound(`liveblog ${id} not found`);
    const counts = await store.liveblogs.entryCounts([id], includeDeleted);
    res.json(presentLiveblog(doc, counts.get(id) ?? 0));
  });

  app.get('/v1/liveblogs/:id/entries', async (req, res) => {
    const id = parseOrThrow(LiveblogId, req.params.id, 'id');
    const { limit, cursor, includeDeleted } = parseList(req.query, ListWithDeletedQuery);
    const answer = async () => {
      if (!(await store.liveblogs.get(id))) throw notFound(`liveblog ${id} not found`);
      const page = await store.entries.listByLiveblog(id, cursor, limit, includeDeleted);
      return jsonAnswer(req, { items: page.items.map(presentEntry), next: page.next });
    };
    const scope = listingScopes.liveblog(id);
    sendAnswer(res, cursor ? await answer() : await cache.answer(`liveblog-entries|${scope}|${limit}|${includeDeleted}`, scope, answer));
  });

  // Registered before /v1/entries/:id so that the literal paths win.
  registerEntrySearch(app, store, cache);
  registerFeeds(app, store, cache);
  registerExports(app, store, logger);
  registerEventStream(app, events.hub, store, events.redis);

  app.get('/v1/entries/:id', async (req, res) => {
    const id = parseOrThrow(EntryId, req.params.id, 'id');
    const doc = await store.entries.get(id);
    if (!doc) throw notFound(`entry ${id} not found`);
    res.json(presentEntry(doc));
  });

  app.get('/v1/entries/:id/revisions', async (req, res) => {
    const id = parseOrThrow(EntryId, req.params.id, 'id');
    const { limit, cursor } = parseList(req.query, ListQuery);
    const entry = await store.entries.get(id);
    if (!entry) throw notFound(`entry ${id} not found`);
    const page = await store.revisions.listByEntry(entry, cursor, limit);
    res.json({ items: page.items.map(presentRevision), next: page.next });
  });

  app.get('/v1/clusters/:id', async (req, res) => {
    const id = parseOrThrow(ClusterId, req.params.id, 'id');
    const cluster = await store.clusters.get(id);
    if (!cluster) throw notFound(`cluster ${id} not found`);
    res.json(presentCluster(cluster));
  });

  // The dashboard calls the source routes with the admin cookie of its page.
  app.use('/v1/sources', adminCookieAsBearer(admin.token));
  app.use(adminRouter(admin));
  app.use('/v1/webhooks', adminCookieAsBearer(admin.token));
  app.use(webhookRouter({ token: admin.token, ...webhooks }));
  registerOperatorRoutes(app, operator);

  app.use(methodNotAllowed(operations));

  app.use((req, _res, next) => next(notFound(`no route for ${req.method} ${req.path}`)));

  // Express needs all four parameters to recognise an error handler.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: { code: err.code, message: err.message } });
      return;
    }
    const status = typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
    if (status >= 400 && status < 500) {
      res.status(status).json({ error: { code: 'bad_request', message: (err as Error).message } });
      return;
    }
    logger.error({ err: err instanceof Error ? err.message : String(err), path: req.path }, 'request failed');
    res.status(500).json({ error: { code: 'internal', message: 'internal error; it has been logged' } });
  });
  return app;
}
