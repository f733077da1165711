/** Site names and dates that pages append to their titles are short; a headline's second half is not. */
const MAX_SUFFIX_CHARS = 25;
const SEPARATORS = / [|–—-] /g;

function letters(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join('');
}

/** "MDR.DE", "WELT", "DW", "28.04.2023": a suffix that names the site or dates the page. */
function isSiteSuffix(segment: string, siteName: string): boolean {
  if (segment.length > MAX_SUFFIX_CHARS) return false;
  const digits = segment.match(/\d/g)?.length ?? 0;
  if (digits > 0 && digits >= segment.replace(/\W/g, '').length / 2) return true;
  if (/\.[a-z]{2,4}\b/i.test(segment) || (segment === segment.toUpperCase() && /\p{Lu}/u.test(segment))) return true;
  const site = letters(siteName);
  const own = letters(segment);
  return own !== '' && site !== '' && (site.includes(own) || own.includes(site));
}

/** The page title without the site name and date the page appends ("… | DW | 28.04.2023", "… - WELT"). */
export function stripSiteSuffix(title: string, siteName: string): string {
  let rest = title.trim();
  for (;;) {
    const separators = [...rest.matchAll(SEPARATORS)];
    const last = separators[separators.length - 1];
    if (!last || !isSiteSuffix(rest.slice(last.index + last[0].length), siteName)) return rest;
    rest = rest.slice(0, last.index).trimEnd();
  }
}
