/** A near-duplicate already assigned to a story cluster. */
export interface ClusteredCandidate {
  id: string;
  outlet: string;
  clusterId: string;
  /** When the candidate's cluster was started (ms): its first entry's first-seen time. */
  clusterFirstSeenAt: number;
}

export interface NewEntry {
  id: string;
  outlet: string;
}

export type ClusterAssignment =
  | { kind: 'joined'; clusterId: string; outlets: string[] }
  | { kind: 'started'; clusterId: string };

/**
 * The cluster an entry belongs to: the earliest-started cluster among its near-duplicates, or a new
 * cluster named after the entry itself. Ties go to the smaller cluster id, and the entry's own earlier
 * versions never count, so replays and any candidate order give the same answer.
 */
export function assignCluster(entry: NewEntry, candidates: readonly ClusteredCandidate[]): ClusterAssignment {
  const others = candidates.filter((candidate) => candidate.id !== entry.id);
  const earliest = others.reduce<ClusteredCandidate | null>((best, candidate) => {
    if (!best) return candidate;
    if (candidate.clusterFirstSeenAt !== best.clusterFirstSeenAt) {
      return candidate.clusterFirstSeenAt < best.clusterFirstSeenAt ? candidate : best;
    }
    return candidate.clusterId < best.clusterId ? candidate : best;
  }, null);
  if (!earliest) return { kind: 'started', clusterId: entry.id };
  const outlets = others.filter((candidate) => candidate.clusterId === earliest.clusterId).map((candidate) => candidate.outlet);
  return { kind: 'joined', clusterId: earliest.clusterId, outlets: [...new Set(outlets)].sort() };
}
