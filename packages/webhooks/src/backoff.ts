/** The share of a delay that jitter may take off, so that deliveries failed together do not retry together. */
const JITTER = 0.5;

/**
 * The delay before retry number `attemptsMade` (1 after the first failure): `baseMs` doubling per
 * attempt, as BullMQ's exponential backoff, but never more than `maxMs`, so that a receiver back after a
 * long outage is tried again within `maxMs` rather than after the doubling has run away. `random` in
 * [0, 1) takes up to half off.
 */
export function cappedBackoff(baseMs: number, maxMs: number): (attemptsMade: number, random: number) => number {
  return (attemptsMade, random) => {
    const doubled = baseMs * 2 ** Math.max(0, attemptsMade - 1);
    return Math.round(Math.min(maxMs, doubled) * (1 - JITTER * random));
  };
}
