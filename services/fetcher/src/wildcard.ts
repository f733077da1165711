/** A pattern in which `*` matches any characters, as regular-expression source; everything else is literal. */
export function wildcardSource(pattern: string): string {
  return pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
}
