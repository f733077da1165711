import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { requireAdminToken } from '../admin/auth';
import { HttpError } from '../http-error';

const COOKIE = 'lbi_admin';

function cookieToken(req: Request): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** The dashboard page's anti-CSRF token: derived from the admin token, so every replica knows it. */
export const csrfToken = (adminToken: string) => createHmac('sha256', adminToken).update('liveblog-dashboard-csrf').digest('base64url');

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser cannot send the admin bearer header on a page load or an EventSource, so the token may also
 * arrive as an HttpOnly, SameSite=Strict cookie: script cannot read it and other sites cannot send it.
 * Cookies are ambient, though, so a change made with one must also carry X-CSRF-Token, which only a page
 * of this origin can read (from the dashboard's meta tag). The cookie is only translated into the header
 * here; the comparison stays with requireAdminToken.
 */
export function adminCookieAsBearer(adminToken: string | undefined): RequestHandler {
  const expected = adminToken === undefined ? null : Buffer.from(csrfToken(adminToken));
  return (req: Request, _res: Response, next: NextFunction) => {
    const token = req.get('authorization') === undefined ? cookieToken(req) : undefined;
    if (token === undefined) return next();
    if (expected && !SAFE_METHODS.has(req.method)) {
      const sent = Buffer.from(req.get('x-csrf-token') ?? '');
      if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
        throw new HttpError(403, 'csrf', 'a change made with the dashboard cookie must carry the X-CSRF-Token of the dashboard page');
      }
    }
    req.headers.authorization = `Bearer ${token}`;
    next();
  };
}

/**
 * `?token=` once on a page: stored as the cookie and removed from the address bar (and so from history
 * and Referer) by a redirect. A wrong token is stored too and then refused by the guard like any other.
 */
export function tokenFromQuery(req: Request, res: Response, next: NextFunction): void {
  const token = req.query.token;
  if (req.method !== 'GET' || typeof token !== 'string') return next();
  res.cookie(COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
  res.redirect(303, req.baseUrl + req.path);
}

/**
 * What operator pages and routes sit behind: the query login, the cookie, then the admin token check.
 * Disabled, the check alone: a deployment without a token sets no cookies and answers 404 to everything.
 */
export function adminSession(token: string | undefined): RequestHandler[] {
  const check = requireAdminToken(token);
  return token === undefined ? [check] : [tokenFromQuery, adminCookieAsBearer(token), check];
}
