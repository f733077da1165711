import { decodeCursor, InvalidCursorError, type Cursor } from '@liveblog/storage';
import { AgencyCode } from '@liveblog/contracts';
import { z } from 'zod';
import { badRequest } from './http-error';

export const LiveblogId = z.string().regex(/^lb_[0-9a-f]{16}$/, 'must look like lb_ followed by 16 hex digits');
export const EntryId = z.string().regex(/^en_[0-9a-f]{16}$/, 'must look like en_ followed by 16 hex digits');
export const SourceId = z.string().regex(/^src_[0-9a-f]{16}$/, 'must look like src_ followed by 16 hex digits');
/** A story cluster is named after the entry that started it. */
export const ClusterId = EntryId;

const listFields = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
};
const trueOrFalse = z.enum(['true', 'false']).transform((v) => v === 'true');
/** Deleted entries are left out of entry lists and counts unless asked for with includeDeleted=true. */
const includeDeleted = trueOrFalse.default(false);

/** List parameters. Unknown parameters are refused rather than silently ignored. */
export const ListQuery = z.object(listFields).strict();
export const ListWithDeletedQuery = z.object({ ...listFields, includeDeleted }).strict();
export const WithDeletedQuery = z.object({ includeDeleted }).strict();

const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

/** GET /v1/liveblogs: every filter optional, all of them must hold. */
export const LiveblogListQuery = z
  .object({
    ...listFields,
    includeDeleted,
    outlet: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}\.)*[a-z0-9-]{1,63}$/, 'must be a host name such as tagesschau.de (lower case, without www.)')
      .max(253)
      .optional(),
    active: trueOrFalse.optional(),
    since: instant.optional(),
  })
  .strict();

/** The entry listing's filters on what an entry is; webhook subscriptions filter with the same. */
export const entryFilterFields = {
  liveblog: LiveblogId.optional(),
  source: SourceId.optional(),
  agency: AgencyCode.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  cluster: ClusterId.optional(),
};

/** Those filters as the store takes them. */
export function entryFilters(f: { liveblog?: string | undefined; source?: string | undefined; agency?: string | undefined; q?: string | undefined; cluster?: string | undefined }) {
  return { liveblogId: f.liveblog, sourceId: f.source, agency: f.agency, query: f.q, clusterId: f.cluster };
}

/** The filters of the entry listings: what an entry is, and when it was seen. */
const entryListingFilters = { ...entryFilterFields, since: instant.optional(), until: instant.optional() };

const sinceBeforeUntil = ({ since, until }: { since?: Date; until?: Date }) => !since || !until || since < until;

const entryQuery = <S extends z.ZodRawShape>(shape: S) =>
  z
    .object({ ...shape, ...entryListingFilters })
    .strict()
    .refine((q) => sinceBeforeUntil(q as { since?: Date; until?: Date }), { message: 'since must be before until', path: ['since'] });

/** GET /v1/entries. */
export const EntrySearchQuery = entryQuery({ ...listFields, includeDeleted });
/** The entry feeds: the listing's first page; a deleted entry leaves a feed, so there is no includeDeleted. */
export const EntryFeedQuery = entryQuery({ limit: listFields.limit });
/** The exports: the whole listing, no pages. */
export const EntryExportQuery = entryQuery({ includeDeleted });
/** One liveblog's feeds. */
export const LiveblogFeedQuery = z.object({ limit: listFields.limit }).strict();

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const detail = result.error.issues
    .map((i) => (i.code === 'unrecognized_keys' ? `unknown parameter ${i.keys.join(', ')}` : `${[what, ...i.path].join('.')}: ${i.message}`))
    .join('; ');
  throw badRequest(detail);
}

export function parseList<T extends { cursor?: string | undefined }>(
  query: unknown,
  schema: z.ZodType<T>,
): Omit<T, 'cursor'> & { cursor: Cursor | null } {
  const { cursor, ...rest } = parseOrThrow(schema, query, 'query');
  try {
    const decoded = cursor ? decodeCursor(cursor) : null;
    // A well-formed cursor can still hold a time no Date represents; it was never issued by us.
    if (decoded && Number.isNaN(decoded.sortKey.getTime())) throw new InvalidCursorError();
    return { ...rest, cursor: decoded };
  } catch (err) {
    if (err instanceof InvalidCursorError) throw badRequest(err.message);
    throw err;
  }
}
