import { z } from 'zod';

export const SourceKind = z.enum(['liveblog', 'file']);
export type SourceKind = z.infer<typeof SourceKind>;

/** A source as an operator declares it (config/sources.yml or, later, the admin API). */
export const SourceSpec = z
  .object({
    url: z
      .string()
      .url()
      .refine((u) => /^(https?|file):/.test(u), 'only http(s):// and file:// sources are supported'),
    name: z.string().min(1).max(200).optional(),
    intervalSeconds: z.number().int().min(5).max(86_400).default(300),
  })
  .strict();
export type SourceSpec = z.input<typeof SourceSpec>;
export type ParsedSourceSpec = z.output<typeof SourceSpec>;
