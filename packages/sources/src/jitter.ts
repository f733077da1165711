import { shortHash } from '@liveblog/fingerprint';

/**
 * Spreads sources that share an interval over time: a stable offset of up to ±10% per source, so that
 * hundreds of sources configured alike do not all fire in the same second.
 */
export function jitteredMs(seconds: number, sourceId: string): number {
  const fraction = Number.parseInt(shortHash([sourceId], 8), 16) / 0xffffffff;
  return Math.round(seconds * 1000 * (0.9 + 0.2 * fraction));
}

/** When the poll after one at `at` is due, at the source's jittered interval. */
export function dueAfter(at: Date, seconds: number, sourceId: string): Date {
  return new Date(at.getTime() + jitteredMs(seconds, sourceId));
}
