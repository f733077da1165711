import type { Request, Response } from 'express';
import type { CachedAnswer } from './listing-cache';

/** An answer of these bytes with the ETag Express would give them. */
export function answerOf(req: Request, text: string, type?: string, lastModified?: Date): CachedAnswer {
  const body = Buffer.from(text);
  const etagOf = req.app.get('etag fn') as (body: Buffer) => string;
  return { body, etag: etagOf(body), ...(type ? { type } : {}), ...(lastModified ? { lastModified } : {}) };
}

/** The answer `res.json(value)` would send. */
export const jsonAnswer = (req: Request, value: unknown): CachedAnswer => answerOf(req, JSON.stringify(value));

/**
 * Sends an answer made by answerOf; a matching If-None-Match, or an If-Modified-Since not older than its
 * lastModified, gets a 304 (Express's freshness check, as for res.json).
 */
export function sendAnswer(res: Response, answer: CachedAnswer): void {
  res.set({ 'Content-Type': answer.type ?? 'application/json; charset=utf-8', ETag: answer.etag });
  if (answer.lastModified) res.set('Last-Modified', answer.lastModified.toUTCString());
  res.send(answer.body);
}
