import { z } from 'zod';
import { ExtractRules } from './extract-rules';

/** liveblog: a page to poll; index: a feed, sitemap or page on which new liveblogs are discovered; file: a local dump. */
export const SourceKind = z.enum(['liveblog', 'index', 'file']);
export type SourceKind = z.infer<typeof SourceKind>;

const interval = z.number().int().min(5).max(86_400);

/** A source as an operator declares it (config/sources.yml or the admin API). */
export const SourceSpec = z
  .object({
    url: z
      .string()
      .url()
      .refine((u) => /^(https?|file):/.test(u), 'only http(s):// and file:// sources are supported'),
    name: z.string().min(1).max(200).optional(),
    /** Declared kind of an http(s) source; file:// sources are always 'file'. */
    kind: z.enum(['liveblog', 'index']).default('liveblog'),
    intervalSeconds: interval.default(300),
    /** Index sources: a regular expression that the URLs of liveblogs match (required for HTML pages). */
    linkPattern: z
      .string()
      .min(1)
      .max(500)
      .refine((p) => {
        try {
          new RegExp(p);
          return true;
        } catch {
          return false;
        }
      }, 'must be a valid regular expression')
      .optional(),
    /** Index sources: the polling interval of the liveblogs they discover. */
    liveblogIntervalSeconds: interval.default(120),
    /** Liveblog sources: how to read the site, where generic extraction reads it wrong. */
    extract: ExtractRules.optional(),
    /** http(s) sources: fetched through a headless browser, for pages whose entries a script draws. */
    render: z.boolean().default(false),
  })
  .strict()
  .refine((s) => s.kind === 'index' || s.linkPattern === undefined, { message: 'linkPattern applies to index sources only', path: ['linkPattern'] })
  .refine((s) => s.kind === 'liveblog' || !s.url.startsWith('file:'), { message: 'an index source must be an http(s) URL', path: ['kind'] })
  .refine((s) => s.kind === 'liveblog' || s.extract === undefined, { message: 'extract applies to liveblog sources only', path: ['extract'] })
  .refine((s) => !s.render || !s.url.startsWith('file:'), { message: 'render applies to http(s) sources only', path: ['render'] });
export type SourceSpec = z.input<typeof SourceSpec>;
export type ParsedSourceSpec = z.output<typeof SourceSpec>;
