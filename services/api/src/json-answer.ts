import type { Request, Response } from 'express';
import type { CachedAnswer } from './listing-cache';

/** The answer `res.json(value)` would send, as bytes with the ETag Express would give them. */
export function jsonAnswer(req: Request, value: unknown): CachedAnswer {
  const body = Buffer.from(JSON.stringify(value));
  const etagOf = req.app.get('etag fn') as (body: Buffer) => string;
  return { body, etag: etagOf(body) };
}

/** Sends an answer made by jsonAnswer; a matching If-None-Match gets a 304, as for res.json. */
export function sendAnswer(res: Response, answer: CachedAnswer): void {
  res.set({ 'Content-Type': 'application/json; charset=utf-8', ETag: answer.etag }).send(answer.body);
}
