import { AdminSourceSpec, SourceConflictError, SourceControls, UnknownSourceError, type SourceManager } from '@liveblog/sources';
import type { SourceStore } from '@liveblog/storage';
import express, { type NextFunction, type Request, type Response } from 'express';
import { HttpError, notFound } from '../http-error';
import { parseOrThrow } from '../params';
import { requireAdminToken } from './auth';
import { SourceId } from '../params';
import { SourceListQuery } from './params';
import { presentSource } from './present-source';

export interface AdminDeps {
  /** Unset: the admin routes answer that they are disabled. */
  token: string | undefined;
  manager: SourceManager;
  sources: SourceStore;
  /** Queues a parse of the source's latest snapshot with today's extractor and rules. */
  reparse: (id: string) => Promise<{ snapshotId: string; jobId: string }>;
}

/** Source management under /v1/sources, every route behind the admin token. */
export function adminRouter({ token, manager, sources, reparse }: AdminDeps): express.Router {
  const router = express.Router();
  router.use('/v1/sources', requireAdminToken(token), express.json({ limit: '16kb' }));

  router.post('/v1/sources', async (req, res) => {
    const spec = parseOrThrow(AdminSourceSpec, req.body ?? {}, 'body');
    const { source, created } = await manager.add(spec);
    res.status(created ? 201 : 200).json(presentSource(source));
  });

  router.get('/v1/sources', async (req, res) => {
    const { limit, cursor } = parseOrThrow(SourceListQuery, req.query, 'query');
    const page = await sources.listPage(cursor ?? null, limit);
    res.json({ items: page.items.map(presentSource), next: page.next });
  });

  router.get('/v1/sources/:id', async (req, res) => {
    const id = parseOrThrow(SourceId, req.params.id, 'id');
    const doc = await sources.get(id);
    if (!doc) throw notFound(`source ${id} not found`);
    res.json(presentSource(doc));
  });

  router.patch('/v1/sources/:id', async (req, res) => {
    const id = parseOrThrow(SourceId, req.params.id, 'id');
    const change = parseOrThrow(SourceControls, req.body ?? {}, 'body');
    res.json(presentSource(await manager.update(id, change)));
  });

  router.post('/v1/sources/:id/reparse', async (req, res) => {
    res.status(202).json(await reparse(parseOrThrow(SourceId, req.params.id, 'id')));
  });

  router.delete('/v1/sources/:id', async (req, res) => {
    await manager.remove(parseOrThrow(SourceId, req.params.id, 'id'));
    res.status(204).end();
  });

  router.use('/v1/sources', (err: unknown, _req: Request, _res: Response, next: NextFunction) => {
    if (err instanceof UnknownSourceError) return next(notFound(err.message));
    next(err instanceof SourceConflictError ? new HttpError(409, 'conflict', err.message) : err);
  });
  return router;
}
