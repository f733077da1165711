/**
 * Node 20's TextDecoder reads "windows-1252" (and its aliases latin1, iso-8859-1, ascii) as plain
 * ISO-8859-1, turning bytes 0x80–0x9F into invisible C1 controls instead of €, „, – and friends.
 * Browsers read them as windows-1252, so we map those 32 code points afterwards. The five
 * undefined bytes keep their C1 code point, as the WHATWG table says.
 */
const C1_AS_WINDOWS_1252 = [
  '\u20ac', '\u0081', '\u201a', '\u0192', '\u201e', '\u2026', '\u2020', '\u2021',
  '\u02c6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008d', '\u017d', '\u008f',
  '\u0090', '\u2018', '\u2019', '\u201c', '\u201d', '\u2022', '\u2013', '\u2014',
  '\u02dc', '\u2122', '\u0161', '\u203a', '\u0153', '\u009d', '\u017e', '\u0178',
];

export function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252')
    .decode(bytes)
    .replace(/[\u0080-\u009f]/g, (c) => C1_AS_WINDOWS_1252[c.charCodeAt(0) - 0x80] ?? c);
}
