import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from '../http-error';

/**
 * Guards the admin routes with `Authorization: Bearer <ADMIN_TOKEN>`. Without a configured token the
 * routes do not exist, so a deployment that never set one exposes nothing.
 */
export function requireAdminToken(token: string | undefined) {
  // Digests have equal length whatever was sent, so the comparison time says nothing about the token.
  const expected = token === undefined ? null : digest(token);
  return (req: Request, res: Response, next: NextFunction) => {
    if (!expected) throw new HttpError(404, 'admin_disabled', 'the admin API is disabled: ADMIN_TOKEN is not set on the api service');
    const match = /^Bearer +(\S+) *$/i.exec(req.get('authorization') ?? '');
    if (!match) {
      res.set('WWW-Authenticate', 'Bearer realm="liveblog-admin"');
      throw new HttpError(401, 'unauthorized', 'send the admin token as Authorization: Bearer <token>');
    }
    if (!timingSafeEqual(digest(match[1]!), expected)) throw new HttpError(403, 'forbidden', 'the admin token is not valid');
    next();
  };
}

const digest = (value: string) => createHash('sha256').update(value).digest();
