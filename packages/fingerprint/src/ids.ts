import { shortHash } from './hash';

/** Stable ids. They are hashes so that they spread evenly when collections are sharded on _id. */
export const ids = {
  source: (url: string) => `src_${shortHash([url])}`,
  liveblog: (canonicalUrl: string) => `lb_${shortHash([canonicalUrl])}`,
  entry: (liveblogId: string, key: string) => `en_${shortHash([liveblogId, key])}`,
  /**
   * A snapshot names a change of content (previous hash → new hash): a retried fetch of the same change
   * gets the same id, while a page that returns to an earlier version (A → B → A) gets a new one.
   */
  snapshot: (sourceId: string, previousHash: string | null, bodyHash: string) =>
    `sn_${shortHash([sourceId, previousHash ?? '', bodyHash], 24)}`,
} as const;
