/**
 * Every shared page set is split in two by a stable hash of the page's file name: extraction is tuned
 * by looking at pages of the tuning half only, and judged on the check half. A change that gains on the
 * tuning half and not on the check half fits pages, not structure.
 */
export type Half = 'tuning' | 'check';

export const HALVES: readonly Half[] = ['tuning', 'check'];

/**
 * The half a page belongs to, from its file name without extension ("0042", "Express_2024_07_18").
 * FNV-1a over the UTF-8 bytes: stable across runs, machines and Node versions, and independent of which
 * other pages a set holds, so a page never changes halves when a set grows.
 */
export function halfOf(name: string): Half {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(name, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // The low bit of FNV-1a follows the last byte's low bit too closely ("0001", "0002", … would alternate);
  // the folded high bits mix all bytes.
  return ((hash >>> 16) ^ hash) & 0x100 ? 'check' : 'tuning';
}
