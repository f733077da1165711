import { createHash } from 'node:crypto';

export interface ChunkSizes {
  min: number;
  /** A power of two. */
  average: number;
  max: number;
}

/** Sizes for web pages: an entry of a liveblog is 1–5 KB of markup, a page 50 KB–1 MB. */
export const PAGE_CHUNKS: ChunkSizes = { min: 1_024, average: 4_096, max: 32_768 };

/** FastCDC's gear table: 256 fixed pseudo-random words. Derived, not random, so every process cuts alike. */
const GEAR = Uint32Array.from({ length: 256 }, (_, i) => createHash('sha256').update(`gear ${i}`).digest().readUInt32BE(0));

/** A mask of `bits` ones at the top of the word, where the gear hash holds its last 32 bytes. */
const topMask = (bits: number) => (bits >= 32 ? 0xffffffff : (((1 << bits) - 1) << (32 - bits)) >>> 0);

/**
 * Cut points of content-defined chunks (FastCDC with normalized chunking, Xia et al. 2016/2020): a gear
 * rolling hash over the bytes cuts where its top bits are zero, with a stricter mask before the average
 * size and a looser one after, so sizes gather near the average. Boundaries depend only on nearby bytes:
 * an insertion changes the chunks it falls in and leaves every other chunk of the page as it was.
 * Returns the end offset of each chunk; the last is `data.length`.
 */
export function chunkEnds(data: Uint8Array, sizes: ChunkSizes = PAGE_CHUNKS): number[] {
  const bits = Math.round(Math.log2(sizes.average));
  const strict = topMask(bits + 2);
  const loose = topMask(bits - 2);
  const ends: number[] = [];
  let start = 0;
  while (start < data.length) {
    const remaining = data.length - start;
    if (remaining <= sizes.min) {
      ends.push(data.length);
      break;
    }
    const end = Math.min(remaining, sizes.max);
    const normal = Math.min(end, sizes.average);
    let hash = 0;
    let i = sizes.min;
    let cut = end;
    for (; i < normal; i++) {
      hash = ((hash << 1) + GEAR[data[start + i]!]!) >>> 0;
      if ((hash & strict) === 0) {
        cut = i + 1;
        break;
      }
    }
    if (cut === end) {
      for (; i < end; i++) {
        hash = ((hash << 1) + GEAR[data[start + i]!]!) >>> 0;
        if ((hash & loose) === 0) {
          cut = i + 1;
          break;
        }
      }
    }
    start += cut;
    ends.push(start);
  }
  return ends;
}
