import { compile } from 'css-select';
import { z } from 'zod';

/**
 * True when css-select, the engine the rules run on, compiles the selector: a selector that does not
 * parse, or names a pseudo-class the engine does not know, is refused when the rules are saved rather
 * than when a page is read.
 */
function compiles(selector: string): boolean {
  try {
    compile(selector);
    return true;
  } catch {
    return false;
  }
}

const selector = z.string().trim().min(1).max(500).refine(compiles, 'must be a CSS selector');

/** `css` or `css@attribute`: '@' never occurs in a CSS selector outside quotes, so the last one splits. */
const ATTRIBUTE_SUFFIX = /@([a-zA-Z_:][-a-zA-Z0-9_:.]*)$/;

export function splitAttribute(field: string): { selector: string; attribute: string | null } {
  const match = ATTRIBUTE_SUFFIX.exec(field);
  return match ? { selector: field.slice(0, match.index), attribute: match[1]!.toLowerCase() } : { selector: field, attribute: null };
}

const selectorWithAttribute = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .refine((field) => compiles(splitAttribute(field).selector), 'must be a CSS selector, optionally followed by @attribute');

/** Node throws a RangeError for a zone it does not know; offsets and abbreviations are not zones. */
function isIanaZone(zone: string): boolean {
  if (!/^(?:UTC|[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+)$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * How to read one site's liveblog, when generic extraction reads it wrong: CSS selectors as css-select
 * understands them. They win over generic extraction for their source.
 */
export const ExtractRules = z
  .object({
    /** One match per entry. */
    entry: selector,
    /** Inside an entry: its headline. */
    headline: selector.optional(),
    /** Inside an entry: its body; without it, the entry less its headline and time. */
    body: selector.optional(),
    /** Inside an entry: its time, as text or from an attribute (`time@datetime`). */
    time: selectorWithAttribute.optional(),
    /** Removed from the page before anything is read. */
    exclude: z.array(selector).max(50).optional(),
    /** For times without an offset (IANA name, e.g. Europe/Berlin); UTC when absent. */
    timezone: z.string().refine(isIanaZone, 'must be an IANA time zone such as Europe/Berlin').optional(),
  })
  .strict();
export type ExtractRules = z.infer<typeof ExtractRules>;
