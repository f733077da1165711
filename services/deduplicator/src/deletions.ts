/**
 * A fetch proves that an entry is gone only when it shows (nearly) the whole page. A failed fetch never
 * gets this far, but one that came back empty or truncated (a cut-off body, an error page that still
 * parses, a page briefly showing only its newest entries) would otherwise delete most of a liveblog.
 * So a page counts as complete when it has at least one entry and at least this share of the entries
 * currently live. Below it nothing is deleted; entries still missing from the next complete fetch are
 * deleted then.
 */
export const MIN_COMPLETE_SHARE = 0.5;

export function isCompleteFetch(extractedCount: number, liveCount: number): boolean {
  return extractedCount >= 1 && extractedCount >= liveCount * MIN_COMPLETE_SHARE;
}

/** The live keys that a complete fetch no longer shows; none for a fetch that may be incomplete. */
export function deletedKeys(liveKeys: readonly string[], extractedKeys: readonly string[]): string[] {
  const onPage = new Set(extractedKeys);
  if (!isCompleteFetch(onPage.size, liveKeys.length)) return [];
  return liveKeys.filter((k) => !onPage.has(k));
}
