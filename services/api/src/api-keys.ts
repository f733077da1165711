import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { bearerToken, digest } from './credentials';
import { HttpError } from './http-error';

/** The read API keys; with none configured every client is anonymous and the read API is open. */
export class ApiKeys {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  get required(): boolean {
    return this.digests.length > 0;
  }

  /**
   * A stable, non-secret name of the valid key the request carries (`X-API-Key`, `Authorization:
   * Bearer`, or on the event stream alone `?apiKey=`), or null. Digests have equal length whatever was sent, and every configured key is compared,
   * so timing reveals neither the keys nor which one matched.
   */
  identify(req: Request): string | null {
    const sent = req.get('x-api-key') ?? bearerToken(req) ?? eventSourceKey(req);
    if (sent === undefined) return null;
    const candidate = digest(sent);
    let match: Buffer | null = null;
    for (const d of this.digests) if (timingSafeEqual(candidate, d)) match = d;
    return match ? match.toString('hex').slice(0, 16) : null;
  }

  /** Middleware for the read routes: 401 when keys are configured and the request has no valid one. */
  guard() {
    return (req: Request, res: Response, next: NextFunction) => {
      if (this.required && this.identify(req) === null) {
        res.set('WWW-Authenticate', 'Bearer realm="liveblog-read"');
        throw new HttpError(401, 'unauthorized', 'send a valid API key as X-API-Key: <key> or Authorization: Bearer <key>');
      }
      next();
    };
  }
}

/**
 * A browser's EventSource cannot send headers, so the event stream alone also takes the key as a query
 * parameter. Everywhere else a key in the URL is refused: URLs end up in logs and browser histories.
 */
function eventSourceKey(req: Request): string | undefined {
  // originalUrl: req.path is relative to wherever the middleware is mounted.
  const key = req.originalUrl.split('?')[0] === '/v1/stream' ? req.query.apiKey : undefined;
  return typeof key === 'string' ? key : undefined;
}
