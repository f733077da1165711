import { createHash } from 'node:crypto';

/**
 * A short, stable hex digest of its parts. Parts are length-prefixed so that ("ab","c") and ("a","bc")
 * never collide. 16 hex chars (64 bits) is plenty for ids scoped to one liveblog or one source.
 */
export function shortHash(parts: readonly string[], hexChars = 16): string {
  const h = createHash('sha256');
  for (const part of parts) {
    h.update(`${Buffer.byteLength(part)}:`);
    h.update(part);
  }
  return h.digest('hex').slice(0, hexChars);
}

/** Full sha256 of raw bytes: decides whether a fetched page changed. */
export function contentHash(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}
