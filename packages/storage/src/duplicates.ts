import type { EntryDoc } from './documents';
import type { RecordedVersion } from './versions';

type Candidate = Pick<EntryDoc, '_id' | 'contentHash' | 'firstSeenAt' | 'sortKey'>;

/** Earlier means first seen earlier, then lower on the page (older), then the smaller id. */
const earlier = (a: Candidate, b: Candidate): boolean =>
  a.firstSeenAt.getTime() !== b.firstSeenAt.getTime()
    ? a.firstSeenAt < b.firstSeenAt
    : a.sortKey.getTime() !== b.sortKey.getTime()
      ? a.sortKey < b.sortKey
      : a._id < b._id;

/** For each candidate, the first entry with the same content, when that is another entry. */
export function pickOriginals(candidates: readonly Candidate[]): Map<string, string> {
  const first = new Map<string, Candidate>();
  for (const c of candidates) {
    const known = first.get(c.contentHash);
    if (!known || earlier(c, known)) first.set(c.contentHash, c);
  }
  const originals = new Map<string, string>();
  for (const c of candidates) {
    const original = first.get(c.contentHash);
    if (original && original._id !== c._id) originals.set(c._id, original._id);
  }
  return originals;
}

/** Recorded versions of other entries than the given new ones that carried one of their contents. */
function storedWithContentOf(recorded: readonly RecordedVersion[], fresh: readonly EntryDoc[]): (Candidate & { seenAt: number })[] {
  const freshIds = new Set(fresh.map((d) => d._id));
  const hashes = new Set(fresh.map((d) => d.contentHash));
  return recorded.flatMap((v) =>
    hashes.has(v.contentHash) && !freshIds.has(v.entryId)
      ? [{ _id: v.entryId, contentHash: v.contentHash, firstSeenAt: new Date(v.firstSeenAt), sortKey: new Date(v.sortKey), seenAt: v.seenAt }]
      : [],
  );
}

/**
 * The entries that the given new entries re-post under another key: the first entry of their liveblog
 * that carried the same content, now or in an earlier version, among the liveblog's recorded versions.
 */
export function findOriginals(recorded: readonly RecordedVersion[], fresh: readonly EntryDoc[]): Map<string, string> {
  if (fresh.length === 0) return new Map();
  const freshIds = new Set(fresh.map((d) => d._id));
  const originals = pickOriginals([...storedWithContentOf(recorded, fresh), ...fresh]);
  return new Map([...originals].filter(([id]) => freshIds.has(id)));
}

/** The other entries a late original needs to look at: stored ones that carried a new entry's content. */
export const laterCopyCandidates = (recorded: readonly RecordedVersion[], fresh: readonly EntryDoc[]): string[] => [
  ...new Set(storedWithContentOf(recorded, fresh).map((c) => c._id)),
];

/**
 * The stored entries that re-post one of the given new entries, by the new one they re-post: created
 * with its content (their version at their first sight, `firstSeen`) after it. A liveblog's first page
 * may be indexed after later changes that share none of its entries (see Lane in the runtime), so a
 * re-post can be stored before its original; it then learns its original here, as findOriginals would
 * have told it on its creation.
 */
export function findLaterCopies(recorded: readonly RecordedVersion[], fresh: readonly EntryDoc[], firstSeen: ReadonlyMap<string, Date>): Map<string, string> {
  const freshIds = new Set(fresh.map((d) => d._id));
  const stored = storedWithContentOf(recorded, fresh);
  const createdWith = new Set(stored.filter((c) => firstSeen.get(c._id)?.getTime() === c.seenAt).map((c) => c._id));
  const originals = pickOriginals([...stored, ...fresh]);
  return new Map([...originals].filter(([id, original]) => createdWith.has(id) && freshIds.has(original)));
}
