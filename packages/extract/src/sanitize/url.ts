/** Link targets a reader can follow safely; `javascript:`, `data:` and `vbscript:` never pass. */
const SAFE_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);

/**
 * The absolute form of a link target, resolved against the page's address, or null when it is
 * unsafe or unparsable. The URL parser strips the tabs and line breaks that hide "java\tscript:".
 */
export function safeHref(href: string, baseUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(href.trim(), baseUrl);
  } catch {
    return null;
  }
  return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
}
