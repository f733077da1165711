import type { ExtractedEntry } from '@liveblog/contracts';
import { ids } from '@liveblog/fingerprint';
import {
  assignCluster,
  containment,
  CorruptIndexError,
  MINHASH_CHOSEN,
  shingleSet,
  type ClusteredCandidate,
  type MinHashEntry,
  type MinHashIndex,
  type ShingleSet,
} from '@liveblog/similarity';

/**
 * Shorter texts are left out of near-duplicate matching, as in the evaluation: one word is a tenth of
 * such an entry, and stock lines ("Der Liveblog ist beendet") would join unrelated outlets. They keep a
 * cluster of their own.
 */
export const MIN_CLUSTER_TEXT_CHARS = 200;

/** What an entry is matched on: the shingles of its text, none for a text too short to match. */
export function clusterShingles(entry: ExtractedEntry): ShingleSet {
  return entry.text.length >= MIN_CLUSTER_TEXT_CHARS ? shingleSet(entry.text, MINHASH_CHOSEN.shingleSize) : new Uint32Array(0);
}

/** What the index keeps with each entry: its cluster, when that cluster started, and the outlet. */
interface ClusterLabel {
  clusterId: string;
  clusterFirstSeenAt: number;
  outlet: string;
}

function parseLabel(id: string, raw: string): ClusterLabel {
  const corrupt = () => new CorruptIndexError(`cluster label of ${id} is not {clusterId, clusterFirstSeenAt, outlet}: ${raw}`);
  let label: Partial<ClusterLabel> | null;
  try {
    label = JSON.parse(raw) as Partial<ClusterLabel> | null;
  } catch {
    throw corrupt();
  }
  if (typeof label?.clusterId !== 'string' || typeof label.clusterFirstSeenAt !== 'number' || typeof label.outlet !== 'string') throw corrupt();
  return { clusterId: label.clusterId, clusterFirstSeenAt: label.clusterFirstSeenAt, outlet: label.outlet };
}

/**
 * The cluster the store gave an entry already, with when that cluster started (ms); null for an entry it
 * does not have, or has without a cluster.
 */
export type StoredClusterLookup = (entryId: string) => Promise<{ clusterId: string; clusterFirstSeenAt: number } | null>;

export interface ClusterDecisions {
  /** The cluster of each entry, by entry key: the index job's `clusters`. */
  clusters: Record<string, string>;
  /** What to insert into the index once the index job is enqueued. */
  inserts: MinHashEntry[];
}

/**
 * Assigns each entry a story cluster across outlets (the outlet is the liveblog). An entry the index
 * already holds keeps the cluster recorded with it: a replay after the insert, or an edit, decides
 * nothing anew, whatever has joined since; so does one the store has with a cluster. Otherwise it joins the earliest cluster among its
 * near-duplicates in the window and earlier in the batch, or starts its own. Nothing is written here:
 * the caller inserts before it enqueues the decisions, so a replay after the insert finds them
 * recorded, and a replay before it has published nothing that it could contradict. The caller holds
 * the entries' band locks (BandLocks), so no other replica decides a near-duplicate meanwhile.
 */
export async function decideClusters(
  liveblogId: string,
  entries: readonly ExtractedEntry[],
  seenAt: number,
  index: MinHashIndex,
  storedCluster: StoredClusterLookup,
): Promise<ClusterDecisions> {
  const entryIds = entries.map((e) => ids.entry(liveblogId, e.key));
  const known = await index.labels(entryIds);
  // An entry whose label left the window (its liveblog came back after the window, or an edit came
  // that late) keeps the cluster it was indexed with: deciding anew could move it to another cluster,
  // while the one it left still lists it.
  // Short texts always keep a cluster of their own: nothing to look up.
  const stored = await Promise.all(entryIds.map((id, i) => (known[i] || clusterShingles(entries[i]!).length === 0 ? null : storedCluster(id))));
  const decisions: ClusterDecisions = { clusters: {}, inserts: [] };
  for (const [i, entry] of entries.entries()) {
    const id = entryIds[i] as string;
    const set = clusterShingles(entry);
    const recorded = known[i];
    const kept = stored[i];
    const label = recorded
      ? parseLabel(id, recorded)
      : kept
        ? { ...kept, outlet: liveblogId }
        : await assign(id, liveblogId, set, seenAt, index, decisions.inserts);
    decisions.clusters[entry.key] = label.clusterId;
    // Re-inserted when recorded too: an edited text replaces the set that candidates are verified on.
    if (set.length > 0) decisions.inserts.push({ id, set, at: seenAt, label: JSON.stringify(label) });
  }
  return decisions;
}

/**
 * `decidedBefore` are the entries of the same batch decided so far: not in the index yet, but two
 * copies of a story on one page must not start two clusters.
 */
async function assign(
  id: string,
  outlet: string,
  set: ShingleSet,
  seenAt: number,
  index: MinHashIndex,
  decidedBefore: readonly MinHashEntry[],
): Promise<ClusterLabel> {
  const inIndex = (await index.candidates(set, seenAt)).map((c) => ({ id: c.id, label: c.label }));
  const inBatch = decidedBefore.filter((d) => containment(set, d.set) >= MINHASH_CHOSEN.minContainment).map((d) => ({ id: d.id, label: d.label }));
  const candidates: ClusteredCandidate[] = [...inIndex, ...inBatch].map((c) => ({ id: c.id, ...parseLabel(c.id, c.label) }));
  const assignment = assignCluster({ id, outlet }, candidates);
  if (assignment.kind === 'started') return { clusterId: id, clusterFirstSeenAt: seenAt, outlet };
  const joined = candidates.filter((c) => c.clusterId === assignment.clusterId);
  return { clusterId: assignment.clusterId, clusterFirstSeenAt: Math.min(...joined.map((c) => c.clusterFirstSeenAt)), outlet };
}
