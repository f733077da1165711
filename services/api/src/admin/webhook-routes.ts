import { randomBytes } from 'node:crypto';
import type { WebhookDoc, WebhookStore } from '@liveblog/storage';
import { generateSecret } from '@liveblog/webhooks';
import type { Queue } from 'bullmq';
import express from 'express';
import { z } from 'zod';
import { retryFailedJob } from '../dashboard/job-retry';
import { notFound } from '../http-error';
import { entryFilterFields, entryFilters, parseOrThrow } from '../params';
import { requireAdminToken } from './auth';

export const WebhookId = z.string().regex(/^wh_[0-9a-f]{16}$/, 'must look like wh_ followed by 16 hex digits');

const EventKind = z.enum(['created', 'updated', 'deleted']);

export const WebhookSpec = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }).max(2_000),
    events: z
      .array(EventKind)
      .min(1)
      .default(['created', 'updated', 'deleted'])
      .transform((kinds) => [...new Set(kinds)])
      .meta({ description: 'what to be told of: created (restored entries count as created), updated, deleted' }),
    filters: z.object(entryFilterFields).strict().default({}).meta({ description: "the entry listing's filters (as GET /v1/entries takes them); none: every entry" }),
  })
  .strict();

export const DeadLetterQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) }).strict();

/** A subscription as the API shows it: filters under the listing's parameter names, never the secret. */
export function presentWebhook(doc: WebhookDoc) {
  const f = doc.filters;
  const filters = Object.fromEntries(Object.entries({ liveblog: f.liveblogId, source: f.sourceId, agency: f.agency, q: f.query, cluster: f.clusterId }).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return { id: doc._id, url: doc.url, events: doc.events, filters, createdAt: doc.createdAt.toISOString() };
}

export interface WebhookDeps {
  token: string | undefined;
  webhooks: WebhookStore;
  /** The deliver queue: its failed jobs are the dead letters. */
  deliveries: Queue;
}

/** Webhook subscriptions and their dead letters under /v1/webhooks, every route behind the admin token. */
export function webhookRouter({ token, webhooks, deliveries }: WebhookDeps): express.Router {
  const router = express.Router();
  router.use('/v1/webhooks', requireAdminToken(token), express.json({ limit: '16kb' }));

  router.post('/v1/webhooks', async (req, res) => {
    const spec = parseOrThrow(WebhookSpec, req.body ?? {}, 'body');
    const doc = await webhooks.create({
      _id: `wh_${randomBytes(8).toString('hex')}`,
      url: spec.url,
      events: spec.events,
      filters: entryFilters(spec.filters),
      secret: generateSecret(),
      createdAt: new Date(),
    });
    // The secret is shown this once: a receiver keeps it to verify signatures.
    res.status(201).json({ ...presentWebhook(doc), secret: doc.secret });
  });

  router.get('/v1/webhooks', async (_req, res) => {
    res.json({ items: (await webhooks.list()).map(presentWebhook) });
  });

  // Registered before /v1/webhooks/:id so that the literal path wins.
  router.get('/v1/webhooks/dead-letters', async (req, res) => {
    const { limit } = parseOrThrow(DeadLetterQuery, req.query, 'query');
    const failed = await deliveries.getJobs(['failed'], 0, limit - 1);
    res.json({
      items: failed.flatMap((job) =>
        job.id === undefined
          ? []
          : [{ id: job.id, subscriptionId: String(job.data.subscriptionId), eventId: String(job.data.eventId), type: String(job.data.event?.type), entryId: String(job.data.event?.entryId), failedReason: job.failedReason, attemptsMade: job.attemptsMade, failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null }],
      ),
    });
  });

  router.post('/v1/webhooks/dead-letters/:id/redeliver', async (req, res) => {
    res.status(202).json({ ...(await retryFailedJob([deliveries], 'deliver', req.params.id)), state: 'waiting' });
  });

  router.get('/v1/webhooks/:id', async (req, res) => {
    const id = parseOrThrow(WebhookId, req.params.id, 'id');
    const doc = await webhooks.get(id);
    if (!doc) throw notFound(`webhook ${id} not found`);
    res.json(presentWebhook(doc));
  });

  router.delete('/v1/webhooks/:id', async (req, res) => {
    const id = parseOrThrow(WebhookId, req.params.id, 'id');
    if (!(await webhooks.remove(id))) throw notFound(`webhook ${id} not found`);
    res.status(204).end();
  });
  return router;
}
