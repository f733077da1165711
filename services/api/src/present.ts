import type { ClusterView, EntryDoc, LiveblogDoc, RevisionDoc } from '@liveblog/storage';

export const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentLiveblog(doc: LiveblogDoc, entryCount: number) {
  return {
    id: doc._id,
    url: doc.url,
    outlet: doc.outlet,
    sourceId: doc.sourceId,
    title: doc.title,
    summary: doc.summary,
    language: doc.language,
    publishedAt: iso(doc.publishedAt),
    modifiedAt: iso(doc.modifiedAt),
    firstSeenAt: iso(doc.firstSeenAt),
    lastSeenAt: iso(doc.seenAt),
    entryCount,
  };
}

export function presentEntry(doc: EntryDoc) {
  return {
    id: doc._id,
    liveblogId: doc.liveblogId,
    key: doc.key,
    headline: doc.headline,
    text: doc.text,
    html: doc.html,
    publishedAt: iso(doc.publishedAt),
    modifiedAt: iso(doc.modifiedAt),
    authors: doc.authors,
    agencies: doc.agencies,
    pinned: doc.pinned,
    firstSeenAt: iso(doc.firstSeenAt),
    lastSeenAt: iso(doc.seenAt),
    revisionCount: doc.revisionCount,
    deletedAt: iso(doc.deletedAt),
    duplicateOf: doc.duplicateOf,
    clusterId: doc.clusterId,
  };
}

export function presentCluster(view: ClusterView) {
  const member = (m: ClusterView['first']) => ({ liveblogId: m.liveblogId, entryId: m.entryId, firstSeenAt: iso(m.firstSeenAt) });
  return { id: view.id, firstSeenAt: iso(view.firstSeenAt), first: member(view.first), members: view.members.map(member) };
}

export function presentRevision(doc: RevisionDoc) {
  return {
    id: doc._id,
    entryId: doc.entryId,
    headline: doc.headline,
    text: doc.text,
    html: doc.html,
    contentHash: doc.contentHash,
    snapshotId: doc.snapshotId,
    seenAt: iso(doc.seenAt),
  };
}

/** Entries as the API shows them, each with its revision count, counted in one query for all of them. */
