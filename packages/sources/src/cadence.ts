/** The operator's bounds of the adaptive interval (FETCH_*_INTERVAL_SECONDS). */
export interface CadenceBounds {
  minSeconds: number;
  maxSeconds: number;
  /** A liveblog that changed within the last hour is polled at least this often. */
  liveMaxSeconds: number;
}

/** What the last poll saw, and what the source knows of its page. */
export interface PollFacts {
  now: Date;
  /** The source's configured interval: the pace of a live page, and the base of failure backoff. */
  configuredSeconds: number;
  changed: boolean;
  /** Consecutive failures including this poll; 0 when it succeeded. */
  failures: number;
  /** The last change before this poll; null if none was seen yet. */
  lastChangedAt: Date | null;
  /** The page's rhythm so far: a moving average of the gaps between its changes; null until two were seen. */
  rhythmSeconds: number | null;
  /** How long the page asks to be left alone (Cache-Control max-age, Expires, a feed's ttl); null: no hint. */
  floorSeconds: number | null;
}

export interface Cadence {
  intervalSeconds: number;
  rhythmSeconds: number | null;
}

/** The share of the rhythm between two polls: twice per change, so a change waits half a rhythm at most. */
const FRACTION = 0.5;
/** Weight of the newest gap in the rhythm: about the last five changes count. */
const ALPHA = 0.3;
/** A page quiet for this many rhythms is slowing down or over: polling backs off with the quiet. */
const OVERDUE_RHYTHMS = 3;
const LIVE_WINDOW_SECONDS = 3600;
const MAX_BACKOFF_DOUBLINGS = 10;

/**
 * The next polling interval and the page's updated rhythm. While a page keeps changing it is polled at
 * its configured interval, or faster when it changes faster than twice that (half its rhythm). Once it
 * has been quiet for three rhythms the interval grows with the quiet (a sixth of it), capped at
 * FETCH_LIVE_MAX_INTERVAL_SECONDS for a page that changed within the last hour and at the maximum after
 * that. Failures back off from the configured interval, doubling. The page's own hints are a floor
 * within the bounds. Gaps fed into the rhythm are capped at an hour, so a night's silence does not
 * make a busy morning look slow.
 */
export function nextCadence(f: PollFacts, b: CadenceBounds): Cadence {
  const now = f.now.getTime();
  const gap = f.changed && f.lastChangedAt ? Math.min(LIVE_WINDOW_SECONDS, Math.max(1, (now - f.lastChangedAt.getTime()) / 1000)) : null;
  const rhythm = gap === null ? f.rhythmSeconds : f.rhythmSeconds === null ? gap : ALPHA * gap + (1 - ALPHA) * f.rhythmSeconds;
  const lastChange = f.changed ? now : f.lastChangedAt?.getTime() ?? null;
  const quietSeconds = lastChange === null ? 0 : (now - lastChange) / 1000;
  const live = lastChange !== null && quietSeconds <= LIVE_WINDOW_SECONDS;

  let target: number;
  if (f.failures > 0) target = f.configuredSeconds * 2 ** Math.min(f.failures, MAX_BACKOFF_DOUBLINGS);
  else {
    const pace = rhythm === null ? f.configuredSeconds : Math.min(f.configuredSeconds, FRACTION * rhythm);
    const overdue = quietSeconds > OVERDUE_RHYTHMS * (rhythm ?? f.configuredSeconds);
    target = overdue ? Math.max(pace, (FRACTION * quietSeconds) / OVERDUE_RHYTHMS) : pace;
  }
  const ceiling = live && f.failures === 0 ? Math.min(b.liveMaxSeconds, b.maxSeconds) : b.maxSeconds;
  const floor = Math.max(b.minSeconds, Math.min(f.floorSeconds ?? 0, b.maxSeconds));
  const intervalSeconds = Math.round(Math.max(floor, Math.min(ceiling, target)));
  return { intervalSeconds, rhythmSeconds: rhythm === null ? null : Math.round(rhythm * 10) / 10 };
}

/** A liveblog is over once it has not changed for the configured time. */
export function hasEnded(o: { lastChangedAt: Date | null; now: Date; quietHoursToEnd: number }): boolean {
  return o.lastChangedAt !== null && o.now.getTime() - o.lastChangedAt.getTime() > o.quietHoursToEnd * 3600_000;
}
