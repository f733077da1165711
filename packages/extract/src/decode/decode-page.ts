import { gunzipSync } from 'node:zlib';
import { charsetFromBom, charsetFromContentType, charsetFromMeta } from './charset';
import { CorruptCompressionError, PageTooLargeError } from './errors';
import { decodeWindows1252 } from './windows-1252';

/** Same bound as the fetcher's FETCH_MAX_BYTES default, applied after decompression. */
export const MAX_PAGE_BYTES = 20 * 1024 * 1024;

/**
 * Turns a page's stored bytes into text: inflates gzip, then decodes with the declared charset
 * (BOM, then Content-Type, then <meta>), else UTF-8, falling back to windows-1252 for the legacy
 * pages that declare nothing and are not valid UTF-8. Throws `PageTooLargeError` above
 * `MAX_PAGE_BYTES` and `CorruptCompressionError` for broken gzip.
 */
export function decodePage(bytes: Uint8Array, contentType?: string | null): string {
  const raw = isGzip(bytes) ? gunzip(bytes) : bytes;
  if (raw.byteLength > MAX_PAGE_BYTES) throw new PageTooLargeError(MAX_PAGE_BYTES);

  const declared = charsetFromBom(raw) ?? charsetFromContentType(contentType) ?? charsetFromMeta(raw);
  if (declared !== null) return decodeAs(declared, raw);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return decodeWindows1252(raw);
  }
}

function decodeAs(encoding: string, bytes: Uint8Array): string {
  return encoding === 'windows-1252' ? decodeWindows1252(bytes) : new TextDecoder(encoding).decode(bytes);
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function gunzip(bytes: Uint8Array): Buffer {
  try {
    // The cap is enforced while inflating, so a bomb never allocates more than the limit.
    return gunzipSync(bytes, { maxOutputLength: MAX_PAGE_BYTES });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new PageTooLargeError(MAX_PAGE_BYTES);
    const reason = err instanceof Error ? err.message : String(err);
    throw new CorruptCompressionError(`page looks gzip-compressed but does not inflate: ${reason}`);
  }
}
