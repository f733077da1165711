/**
 * The status line `npm start` keeps up to date in a terminal, computed from the API's own answers:
 * `/metrics` (sources by health, the entry lag histogram) and `/v1/liveblogs` (entry counts).
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus' text format, the samples only (comments and blank lines skipped). */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!.replace(/\\(.)/g, '$1');
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

export interface SourceCounts {
  /** Followed now: neither paused nor ended (ok, pending, stale and failing). */
  live: number;
  failing: number;
}

export function sourceCounts(samples: readonly Sample[]): SourceCounts | null {
  const byHealth = new Map(samples.filter((s) => s.name === 'liveblog_sources_by_health').map((s) => [s.labels.health!, s.value]));
  if (byHealth.size === 0) return null;
  const count = (health: string) => byHealth.get(health) ?? 0;
  return { live: count('ok') + count('pending') + count('stale') + count('failing'), failing: count('failing') };
}

/** Cumulative bucket counts of `liveblog_entry_lag_seconds`, all kinds together, by upper bound. */
export function lagBuckets(samples: readonly Sample[]): Map<number, number> {
  const buckets = new Map<number, number>();
  for (const s of samples) {
    if (s.name !== 'liveblog_entry_lag_seconds_bucket') continue;
    const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
    buckets.set(le, (buckets.get(le) ?? 0) + s.value);
  }
  return buckets;
}

/**
 * The q-quantile of the observations between two readings of a cumulative histogram (`earlier`
 * may be empty: since the start), interpolated within its bucket as Prometheus' histogram_quantile
 * does. Null when nothing was observed in between.
 */
export function quantileBetween(earlier: ReadonlyMap<number, number>, later: ReadonlyMap<number, number>, q: number): number | null {
  const bounds = [...later.keys()].sort((a, b) => a - b);
  const counts = bounds.map((le) => later.get(le)! - (earlier.get(le) ?? 0));
  const total = counts.at(-1) ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  for (let i = 0; i < bounds.length; i++) {
    if (counts[i]! < rank) continue;
    const upper = bounds[i]!;
    const lower = i === 0 ? 0 : bounds[i - 1]!;
    // Above the largest finite bound there is nothing to interpolate to: the bound is all we know.
    if (upper === Infinity) return lower;
    const below = i === 0 ? 0 : counts[i - 1]!;
    const inBucket = counts[i]! - below;
    return inBucket > 0 ? lower + ((upper - lower) * (rank - below)) / inBucket : upper;
  }
  return null;
}

export interface Status {
  sources: SourceCounts | null;
  entries: number | null;
  lagP95Seconds: number | null;
}

/** `sources 6 live, 1 failing · entries 312 · lag p95 4.8 s`; a dash where the API has not said yet. */
export function formatStatus(status: Status, colors: { failing: (text: string) => string } = { failing: (t) => t }): string {
  const sources = status.sources ? `${status.sources.live} live, ${status.sources.failing > 0 ? colors.failing(`${status.sources.failing} failing`) : '0 failing'}` : '–';
  const entries = status.entries === null ? '–' : status.entries.toLocaleString('en');
  const lag = status.lagP95Seconds === null ? '–' : status.lagP95Seconds < 100 ? `${status.lagP95Seconds.toFixed(1)} s` : `${Math.round(status.lagP95Seconds)} s`;
  return `sources ${sources} · entries ${entries} · lag p95 ${lag}`;
}
