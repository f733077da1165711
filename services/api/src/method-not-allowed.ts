import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './http-error';
import type { Operation } from './operations';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Placed after every route: a known path asked with a method it does not serve gets a 405 naming the
 * methods it does (Express routes match case-insensitively and with a trailing slash; so does this).
 */
export function methodNotAllowed(ops: readonly Operation[]) {
  const byPath = new Map<string, { pattern: RegExp; allowed: string[] }>();
  for (const op of ops) {
    const entry = byPath.get(op.path) ?? {
      pattern: new RegExp(`^${op.path.split(/(:[A-Za-z_]\w*)/).map((part) => (part.startsWith(':') ? '[^/]+' : escape(part))).join('')}/?$`, 'i'),
      allowed: [],
    };
    entry.allowed.push(...(op.method === 'get' ? ['GET', 'HEAD'] : [op.method.toUpperCase()]));
    byPath.set(op.path, entry);
  }
  return (req: Request, res: Response, next: NextFunction) => {
    const known = [...byPath.values()].find((p) => p.pattern.test(req.path));
    if (!known) {
      next();
      return;
    }
    res.set('Allow', known.allowed.join(', '));
    throw new HttpError(405, 'method_not_allowed', `${req.method} is not served here; use ${known.allowed.join(' or ')}`);
  };
}
