/**
 * Where a page's character encoding is declared, in the order browsers trust them (WHATWG "encoding
 * sniffing", simplified): byte-order mark, HTTP Content-Type, then a <meta> in the first bytes.
 * Every function returns a label TextDecoder accepts, or null when that source says nothing usable.
 */

/** How far into the page a <meta> charset is looked for, as browsers do (1024) with some slack. */
export const META_SCAN_BYTES = 4096;

export function charsetFromBom(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

export function charsetFromContentType(contentType: string | null | undefined): string | null {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^\s;]+))/i.exec(contentType ?? '');
  return supported(match?.[1] ?? match?.[2]);
}

/** Covers both `<meta charset=…>` and `<meta http-equiv="Content-Type" content="…; charset=…">`. */
export function charsetFromMeta(bytes: Uint8Array): string | null {
  // Latin-1 maps every byte to one character, so ASCII markup is readable whatever the real encoding.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, META_SCAN_BYTES)).toString('latin1');
  const match = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  const label = supported(match?.[1]);
  // A <meta> can only be read because the page is ASCII-compatible, so it cannot really be UTF-16;
  // browsers read such pages as UTF-8 and so do we.
  return label !== null && label.startsWith('utf-16') ? 'utf-8' : label;
}

/** The decoder's canonical name for a label, or null for labels it does not know (they are ignored). */
function supported(label: string | undefined): string | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return null;
  }
}
