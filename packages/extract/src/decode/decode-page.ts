import { gunzipSync } from 'node:zlib';
import { charsetFromBom, charsetFromContentType, charsetFromMeta } from './charset';
import { CorruptCompressionError, PageTooLargeError } from './errors';
import { decodeWindows1252 } from './windows-1252';

/** Same bound as the fetcher's FETCH_MAX_BYTES default, applied after decompression. */
export const MAX_PAGE_BYTES = 20 * 1024 * 1024;

/**
 * Turns a page's stored bytes into text: inflates gzip, then decodes with the charset the BOM names,
 * else the one the Content-Type or <meta> declares, else UTF-8. Declarations are often wrong, so bytes
 * overrule them: UTF-8 that does not decode is read as windows-1252, and a page declared in any other
 * charset whose bytes are valid multi-byte UTF-8 as UTF-8: text in a legacy charset (windows-1252,
 * GB2312, Shift_JIS, …) practically never is, while re-encoded pages that kept their old <meta> are common.
 * Throws `PageTooLargeError` above `MAX_PAGE_BYTES` and `CorruptCompressionError` for broken gzip.
 */
export function decodePage(bytes: Uint8Array, contentType?: string | null): string {
  const raw = isGzip(bytes) ? gunzip(bytes) : bytes;
  if (raw.byteLength > MAX_PAGE_BYTES) throw new PageTooLargeError(MAX_PAGE_BYTES);

  const bom = charsetFromBom(raw);
  if (bom !== null) return decodeAs(bom, raw);
  const declared = charsetFromContentType(contentType) ?? charsetFromMeta(raw) ?? 'utf-8';
  const utf8 = strictUtf8(raw);
  if (declared === 'utf-8') return utf8 ?? decodeWindows1252(raw);
  if (utf8 !== null && /[^\x00-\x7f]/.test(utf8)) return utf8;
  return decodeAs(declared, raw);
}

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
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
