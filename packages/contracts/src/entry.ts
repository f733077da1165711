import { z } from 'zod';

const isoTime = z.iso.datetime({ offset: true }).nullable();

/** An agency credit as a lower-case code: afp, dpa, rtr, ap, epd, kna, dts, … */
export const AgencyCode = z.string().regex(/^[a-z][a-z0-9-]{0,15}$/);

/** One entry as extraction produces it: the normalized form every later stage and the API share. */
export const ExtractedEntry = z
  .object({
    /** Stable across re-fetches and edits of the same entry. */
    key: z.string().min(1).max(200),
    headline: z.string().nullable(),
    /** Plain text, paragraphs separated by a blank line. */
    text: z.string(),
    /** Sanitized HTML of the body. */
    html: z.string(),
    publishedAt: isoTime,
    modifiedAt: isoTime,
    authors: z.array(z.string()),
    agencies: z.array(AgencyCode),
    pinned: z.boolean(),
  })
  .strict();
export type ExtractedEntry = z.infer<typeof ExtractedEntry>;

export const ExtractedLiveblog = z
  .object({
    title: z.string(),
    url: z.string(),
    language: z.string().nullable(),
    summary: z.string().nullable(),
    publishedAt: isoTime,
    modifiedAt: isoTime,
  })
  .strict();
export type ExtractedLiveblog = z.infer<typeof ExtractedLiveblog>;

/** What the extraction library returns for one page: the `liveblog parse` output contract. */
export const Extraction = z
  .object({
    liveblog: ExtractedLiveblog,
    entries: z.array(ExtractedEntry),
  })
  .strict();
export type Extraction = z.infer<typeof Extraction>;
