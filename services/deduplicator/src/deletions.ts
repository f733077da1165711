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

/** A live entry and the time it sorts by, newest first (ms); null for an entry live from before ages were kept. */
export interface LiveEntryAge {
  key: string;
  sortAt: number | null;
}

/** An entry on the fetched page, with the time it sorts by. */
export interface PageEntryAge {
  key: string;
  sortAt: number;
  /** Kept on top whatever its age: it says nothing about how far back the page reaches. */
  pinned: boolean;
}

/** How far back a page reaches: the age of its oldest unpinned entry (of its oldest, if all are pinned). */
export function oldestShown(page: readonly PageEntryAge[]): number {
  const unpinned = page.filter((e) => !e.pinned);
  return Math.min(...(unpinned.length > 0 ? unpinned : page).map((e) => e.sortAt));
}

/**
 * The live entries that a complete fetch no longer shows; none for a fetch that may be incomplete.
 *
 * Many liveblog pages show only their newest entries, and older ones scroll off into further pages that
 * are not fetched. So a page speaks for the span it shows: a live entry missing within it is deleted
 * (the completeness share counting only the live entries within reach), while one older than the
 * oldest entry shown is not deleted by its absence. Except for entries that the previous fetch still
 * showed (`previousOldestShown`): a page showing its newest entries pushes out one old entry per new
 * one, so of those, as many of the oldest as entries arrived have scrolled off, and the rest were
 * deleted. A page that shows everything thus still reveals a deleted oldest entry, unless new entries
 * arrived in the same fetch. The completeness share counts the live entries of both spans, so a page
 * cut off after its newest entries deletes nothing. Entries of unknown age are judged as if within the
 * span.
 *
 * A `reread` page is a stored snapshot read again (a reparse): the same bytes, so nothing arrived or
 * scrolled off since the previous reading, and every entry that reading showed and this one does not is
 * gone, however old.
 */
export interface DeletionJudgement {
  /** Whether the page was whole enough to judge: only then does its span count as what was last shown. */
  complete: boolean;
  deleted: string[];
}

export function judgeDeletions(
  live: readonly LiveEntryAge[],
  page: readonly PageEntryAge[],
  previousOldestShown: number | null,
  reread = false,
): DeletionJudgement {
  const onPage = new Set(page.map((e) => e.key));
  const span = oldestShown(page);
  const reach = previousOldestShown === null ? span : Math.min(span, previousOldestShown);
  const judged = live.filter((e) => e.sortAt === null || e.sortAt >= reach);
  // Over both spans: a page cut off after its newest entries must not pass for one that lost the rest.
  if (!isCompleteFetch(onPage.size, judged.length)) return { complete: false, deleted: [] };
  const missing = judged.filter((e) => !onPage.has(e.key));
  const inSpan = missing.filter((e) => e.sortAt === null || e.sortAt >= span);
  const leftTheSpan = missing.flatMap((e) => (e.sortAt !== null && e.sortAt < span ? [{ key: e.key, sortAt: e.sortAt }] : []));
  const liveKeys = new Set(live.map((e) => e.key));
  const arrived = reread ? 0 : [...onPage].filter((k) => !liveKeys.has(k)).length;
  const deletedBeyondSpan = leftTheSpan.sort((a, b) => a.sortAt - b.sortAt).slice(arrived);
  return { complete: true, deleted: [...inSpan, ...deletedBeyondSpan].map((e) => e.key) };
}
