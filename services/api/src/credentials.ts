import { createHash } from 'node:crypto';
import type { Request } from 'express';

/** Secrets are compared as digests: equal length whatever was sent, so timing says nothing about them. */
export const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** The token of an `Authorization: Bearer <token>` header, if the request has one. */
export function bearerToken(req: Request): string | undefined {
  return /^Bearer +(\S+) *$/i.exec(req.get('authorization') ?? '')?.[1];
}
