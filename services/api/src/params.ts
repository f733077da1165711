import { decodeCursor, InvalidCursorError, type Cursor } from '@liveblog/storage';
import { z } from 'zod';
import { badRequest } from './http-error';

export const LiveblogId = z.string().regex(/^lb_[0-9a-f]{16}$/, 'must look like lb_ followed by 16 hex digits');
export const EntryId = z.string().regex(/^en_[0-9a-f]{16}$/, 'must look like en_ followed by 16 hex digits');

/** List parameters. Unknown parameters are refused rather than silently ignored. */
export const ListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const detail = result.error.issues
    .map((i) => (i.code === 'unrecognized_keys' ? `unknown parameter ${i.keys.join(', ')}` : `${[what, ...i.path].join('.')}: ${i.message}`))
    .join('; ');
  throw badRequest(detail);
}

export function parseList(query: unknown): { limit: number; cursor: Cursor | null } {
  const q = parseOrThrow(ListQuery, query, 'query');
  try {
    return { limit: q.limit, cursor: q.cursor ? decodeCursor(q.cursor) : null };
  } catch (err) {
    if (err instanceof InvalidCursorError) throw badRequest(err.message);
    throw err;
  }
}
