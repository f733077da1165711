import type { ReadBy } from './extract-with-rules';

export const RULES_MISSED_HINT = 'extract rules: the entry selector matched nothing on the last page, so it was read generically';
export const LARGE_PAGE_HINT = 'one entry from a large page: try extract rules or render';

/** Text-bearing HTML above this size holds more than one entry's worth of text on any liveblog. */
export const LARGE_PAGE_BYTES = 50 * 1024;

const NON_TEXT = /<(script|style|noscript|template|svg)\b[^>]*>[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->/gi;

/** What a parse suggests to an operator about the source, or null when it looks right. */
export function operatorHint(parsed: { body: string; entries: number; readBy: ReadBy }): string | null {
  if (parsed.readBy === 'generic-fallback') return RULES_MISSED_HINT;
  if (parsed.entries > 1) return null;
  return textBearingBytes(parsed.body) > LARGE_PAGE_BYTES ? LARGE_PAGE_HINT : null;
}

/** The page's size without scripts, styles, inline graphics and comments: what could hold entries. */
export function textBearingBytes(body: string): number {
  return Buffer.byteLength(body.replace(NON_TEXT, ''));
}
