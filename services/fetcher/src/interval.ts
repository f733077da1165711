export interface IntervalBounds {
  minSeconds: number;
  maxSeconds: number;
}

export interface PollOutcome {
  /** The source's configured interval: where a new or recovering source starts. */
  baseSeconds: number;
  currentSeconds: number;
  changed: boolean;
  /** Consecutive failures including this poll; 0 when it succeeded. */
  failures: number;
}

const FASTER = 0.5;
const SLOWER = 1.5;
const MAX_BACKOFF_DOUBLINGS = 10;

/**
 * The next polling interval: halved while a liveblog keeps changing, stretched by half while it is
 * quiet, doubled per consecutive failure (from the base, so a recovered source resumes at its normal
 * pace), always within the bounds.
 */
export function nextIntervalSeconds(o: PollOutcome, bounds: IntervalBounds): number {
  const clamp = (s: number) => Math.round(Math.min(bounds.maxSeconds, Math.max(bounds.minSeconds, s)));
  if (o.failures > 0) return clamp(o.baseSeconds * 2 ** Math.min(o.failures, MAX_BACKOFF_DOUBLINGS));
  return clamp(o.currentSeconds * (o.changed ? FASTER : SLOWER));
}

/** A liveblog is over once it has not changed for the configured time. */
export function hasEnded(o: { lastChangedAt: Date | null; now: Date; quietHoursToEnd: number }): boolean {
  return o.lastChangedAt !== null && o.now.getTime() - o.lastChangedAt.getTime() > o.quietHoursToEnd * 3600_000;
}
