import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { bearerToken, digest } from '../credentials';
import { HttpError } from '../http-error';

/**
 * Guards the admin routes with `Authorization: Bearer <ADMIN_TOKEN>`. Without a configured token the
 * routes do not exist, so a deployment that never set one exposes nothing.
 */
export function requireAdminToken(token: string | undefined) {
  const expected = token === undefined ? null : digest(token);
  return (req: Request, res: Response, next: NextFunction) => {
    if (!expected) throw new HttpError(404, 'admin_disabled', 'the admin API is disabled: ADMIN_TOKEN is not set on the api service');
    const sent = bearerToken(req);
    if (sent === undefined) {
      res.set('WWW-Authenticate', 'Bearer realm="liveblog-admin"');
      throw new HttpError(401, 'unauthorized', 'send the admin token as Authorization: Bearer <token>');
    }
    if (!timingSafeEqual(digest(sent), expected)) throw new HttpError(403, 'forbidden', 'the admin token is not valid');
    next();
  };
}
