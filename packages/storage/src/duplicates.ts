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

/**
 * The entries that the given new entries re-post under another key: the first entry of their liveblog
 * that carried the same content, now or in an earlier version, among the liveblog's recorded versions.
 */
export function findOriginals(recorded: readonly RecordedVersion[], fresh: readonly EntryDoc[]): Map<string, string> {
  if (fresh.length === 0) return new Map();
  const freshIds = new Set(fresh.map((d) => d._id));
  const hashes = new Set(fresh.map((d) => d.contentHash));
  const stored = recorded.flatMap((v) =>
    hashes.has(v.contentHash) && !freshIds.has(v.entryId)
      ? [{ _id: v.entryId, contentHash: v.contentHash, firstSeenAt: new Date(v.firstSeenAt), sortKey: new Date(v.sortKey) }]
      : [],
  );
  const originals = pickOriginals([...stored, ...fresh]);
  return new Map([...originals].filter(([id]) => freshIds.has(id)));
}
