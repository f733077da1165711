/** Elements with no content, and elements whose end tag HTML lets authors omit: neither makes depth. */
const NON_NESTING: ReadonlySet<string> = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
  'p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'colgroup', 'rt', 'rp',
]);

/**
 * Past this depth a page is refused before it is parsed. htmlparser2 keeps its open-element stack with
 * Array#unshift, so parsing costs time quadratic in depth (seconds at 10^5); real pages nest a few dozen
 * levels, and nothing a reader sees hides thousands of levels deep.
 */
export const MAX_NESTING = 5_000;

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(\/?)>/g;

/** Whether the markup nests deeper than `limit`, judged in one linear pass over its tags. */
export function nestsDeeperThan(html: string, limit: number): boolean {
  let depth = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m !== null; m = TAG.exec(html)) {
    const [, closing, name, selfClosing] = m;
    if (NON_NESTING.has(name!.toLowerCase())) continue;
    if (closing) depth = Math.max(0, depth - 1);
    else if (!selfClosing && ++depth > limit) return true;
  }
  return false;
}
