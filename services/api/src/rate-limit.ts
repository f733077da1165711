import { isCluster, type RedisClient } from '@liveblog/runtime';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { ApiKeys } from './api-keys';
import { HttpError } from './http-error';

/** Health probes and long-lived event streams are not requests a client could repeat too often. */
export const RATE_LIMIT_EXEMPT: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/v1/stream']);

/**
 * Requests per client per minute, counted in Redis so that every API replica sees the same count. A
 * client is its API key when it sends a valid one, its IP address otherwise (IPv6 by /56, as one host
 * usually holds the whole prefix).
 */
export function rateLimiter(opts: { perMinute: number; redis: RedisClient; prefix: string; keys: ApiKeys }): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: opts.perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => RATE_LIMIT_EXEMPT.has(req.path),
    keyGenerator: (req) => {
      const key = opts.keys.identify(req);
      return key ? `key:${key}` : `ip:${ipKeyGenerator(req.ip ?? '')}`;
    },
    handler: (_req, _res, next, options) => next(new HttpError(options.statusCode, 'rate_limited', `more than ${opts.perMinute} requests in a minute; retry later`)),
    // Redis unreachable: serve rather than fail every request; /readyz reports the outage.
    passOnStoreError: true,
    store: new RedisStore({
      prefix: `${opts.prefix}:{ratelimit}:`,
      sendCommand: (command: string, ...args: string[]) => sendCommand(opts.redis, command, args),
    }),
  });
}

/**
 * On a cluster, a script is loaded into every master: SCRIPT LOAD has no key, so ioredis would send it
 * to any one node, and the EVALSHA that follows runs on the node of the client's key. After a failover
 * the promoted replica has no scripts; the store then reloads on NOSCRIPT, which comes back here.
 */
async function sendCommand(redis: RedisClient, command: string, args: string[]): Promise<RedisReply> {
  if (isCluster(redis) && command.toUpperCase() === 'SCRIPT') {
    const [sha] = await Promise.all(redis.nodes('master').map((node) => node.call(command, ...args)));
    return sha as RedisReply;
  }
  return redis.call(command, ...args) as Promise<RedisReply>;
}
