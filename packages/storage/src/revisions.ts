import { shortHash } from '@liveblog/fingerprint';
import type { Collections } from './database';
import type { EntryDoc, RevisionDoc, StoredRevisionDoc } from './documents';
import { MissingDocumentError } from './errors';
import { entryOf } from './extractions';
import type { Cursor } from './cursor';
import { findByIds } from './by-id';
import { pageOfAll, type Page } from './page';
import { readVersions } from './versions';

/**
 * Whether a version of an entry is a revision of what is stored: only what it says counts. The content
 * hash covers headline and text with case, whitespace, Unicode form and typographic quotes folded, and
 * leaves out the html, so a new image URL or markup alone is no revision; neither are times or credits.
 */
export function isRevision(stored: { contentHash: string } | undefined, next: { contentHash: string }): boolean {
  return stored?.contentHash !== next.contentHash;
}

/** The revision recording that `entryId` said what `contentHash` covers when seen at `seenAt`. */
export function revisionId(entryId: string, contentHash: string, seenAt: Date): string {
  return `rv_${shortHash([entryId, contentHash, seenAt.toISOString()], 24)}`;
}

/**
 * A version is named by what it said and when it was seen: replaying one snapshot names it again (no
 * second revision), while returning to earlier content later (A → B → A) is a version of its own. Its
 * content is the extracted entry version `version` (the one `entry` was built from), stored before it.
 */
export function toRevisionDoc(entry: EntryDoc, version: string): StoredRevisionDoc {
  return {
    _id: revisionId(entry._id, entry.contentHash, entry.seenAt),
    entryId: entry._id,
    liveblogId: entry.liveblogId,
    version,
    contentHash: entry.contentHash,
    snapshotId: entry.snapshotId,
    seenAt: entry.seenAt,
    sortKey: entry.seenAt,
  };
}

type EntryRef = Pick<EntryDoc, '_id'>;

export class RevisionStore {
  constructor(private readonly c: Collections) {}

  /** An entry's versions, newest first; read by _id through its versions record. */
  async listByEntry(entry: EntryRef, cursor: Cursor | null, limit: number): Promise<Page<RevisionDoc>> {
    const ids = (await readVersions(this.c, [entry._id])).map((v) => v.revisionId);
    const page = pageOfAll((await findByIds(this.c.revisions, ids)).values(), cursor, limit);
    const versions = await findByIds(this.c.extractedEntries, page.items.flatMap((r) => (r.version ? [r.version] : [])));
    const items = page.items.map(({ version, ...r }): RevisionDoc => {
      // FerretDB drops a null headline written through $setOnInsert.
      if (!version) return { ...r, headline: r.headline ?? null, text: r.text ?? '', html: r.html ?? '' };
      const stored = versions.get(version);
      if (!stored) throw new MissingDocumentError('extracted entry', version);
      const { headline, text, html } = entryOf(stored);
      return { ...r, headline: headline ?? null, text, html };
    });
    return { items, next: page.next };
  }

  /** Which of these revisions are stored: one point read each. */
  async existing(revisionIds: readonly string[]): Promise<Set<string>> {
    return new Set((await findByIds(this.c.revisions, revisionIds, { projection: { _id: 1 } })).keys());
  }
}
