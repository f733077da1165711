import { AdminSourceSpec, SourceControls, UnknownSourceError, type SourceManager } from '@liveblog/sources';
import type { FetchLogStore, SourceDoc, SourceStore } from '@liveblog/storage';
import express, { type NextFunction, type Request, type Response } from 'express';
import { SourceBusyError } from '@liveblog/runtime';
import { HttpError, notFound } from '../http-error';
import { parseOrThrow } from '../params';
import { requireAdminToken } from './auth';
import { SourceId } from '../params';
import { FetchLogQuery, SourceListQuery } from './params';
import { presentFetch, presentSource } from './present-source';

export interface AdminDeps {
  /** Unset: the admin routes answer that they are disabled. */
  token: string | undefined;
  manager: SourceManager;
  sources: SourceStore;
  fetchLog: FetchLogStore;
}

/** Source management under /v1/sources, every route behind the admin token. */
export function adminRouter({ token, manager, sources, fetchLog }: AdminDeps): express.Router {
  const router = express.Router();
  /** A source as the API shows it, with its polls of the last hour counted from the fetch log. */
  const view = async (doc: SourceDoc) => presentSource(doc, (await fetchLog.recent(doc._id, 1)).length);
  router.use('/v1/sources', requireAdminToken(token), express.json({ limit: '16kb' }));

  router.post('/v1/sources', async (req, res) => {
    const spec = parseOrThrow(AdminSourceSpec, req.body ?? {}, 'body');
    const { source, created } = await manager.add(spec);
    res.status(created ? 201 : 200).json(await view(source));
  });

  router.get('/v1/sources', async (req, res) => {
    const { limit, cursor } = parseOrThrow(SourceListQuery, req.query, 'query');
    const page = await sources.listPage(cursor ?? null, limit);
    res.json({ items: await Promise.all(page.items.map(view)), next: page.next });
  });

  router.get('/v1/sources/:id', async (req, res) => {
    const id = parseOrThrow(SourceId, req.params.id, 'id');
    const doc = await sources.get(id);
    if (!doc) throw notFound(`source ${id} not found`);
    res.json(await view(doc));
  });

  router.get('/v1/sources/:id/fetches', async (req, res) => {
    const id = parseOrThrow(SourceId, req.params.id, 'id');
    const { hours } = parseOrThrow(FetchLogQuery, req.query, 'query');
    if (!(await sources.get(id))) throw notFound(`source ${id} not found`);
    res.json({ items: (await fetchLog.recent(id, hours)).map(presentFetch) });
  });

  router.patch('/v1/sources/:id', async (req, res) => {
    const id = parseOrThrow(SourceId, req.params.id, 'id');
    const change = parseOrThrow(SourceControls, req.body ?? {}, 'body');
    res.json(await view(await manager.update(id, change)));
  });

  router.delete('/v1/sources/:id', async (req, res) => {
    await manager.remove(parseOrThrow(SourceId, req.params.id, 'id'));
    res.status(204).end();
  });

  router.use('/v1/sources', (err: unknown, _req: Request, _res: Response, next: NextFunction) => {
    if (err instanceof UnknownSourceError) return next(notFound(err.message));
    if (err instanceof SourceBusyError) return next(new HttpError(503, 'source_busy', err.message));
    next(err);
  });
  return router;
}
