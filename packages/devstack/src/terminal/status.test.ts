import { formatStatus, lagBuckets, parseMetrics, quantileBetween, sourceCounts } from './status';

const METRICS = `# HELP liveblog_sources_by_health Sources by health.
# TYPE liveblog_sources_by_health gauge
liveblog_sources_by_health{health="failing",service="api"} 1
liveblog_sources_by_health{health="stale",service="api"} 1
liveblog_sources_by_health{health="ended",service="api"} 2
liveblog_sources_by_health{health="pending",service="api"} 1
liveblog_sources_by_health{health="ok",service="api"} 3
liveblog_sources_by_health{health="paused",service="api"} 4
liveblog_entry_lag_seconds_bucket{le="5",kind="create",service="api"} 10
liveblog_entry_lag_seconds_bucket{le="10",kind="create",service="api"} 18
liveblog_entry_lag_seconds_bucket{le="+Inf",kind="create",service="api"} 20
liveblog_entry_lag_seconds_bucket{le="5",kind="edit",service="api"} 0
liveblog_entry_lag_seconds_bucket{le="10",kind="edit",service="api"} 0
liveblog_entry_lag_seconds_bucket{le="+Inf",kind="edit",service="api"} 0
liveblog_entry_lag_seconds_sum{kind="create",service="api"} 120.5
`;

test('sources: live are those followed now (ok, pending, stale, failing), not paused or ended', () => {
  expect(sourceCounts(parseMetrics(METRICS))).toEqual({ live: 6, failing: 1 });
  expect(sourceCounts(parseMetrics('# nothing yet\n'))).toBeNull();
});

test('labels with escaped quotes parse', () => {
  expect(parseMetrics('m{a="say \\"hi\\"",b="x"} 2\n')).toEqual([{ name: 'm', labels: { a: 'say "hi"', b: 'x' }, value: 2 }]);
});

test.each([
  // [earlier, later, q, expected]: Prometheus' histogram_quantile, between two readings.
  ['since the start: rank 19 of 20 falls in (10, +Inf], which gives the last finite bound', new Map(), new Map([[5, 10], [10, 18], [Infinity, 20]]), 0.95, 10],
  ['rank 9.5 in (0, 5]: interpolated', new Map(), new Map([[5, 10], [10, 18], [Infinity, 20]]), 0.475, 4.75],
  ['rank 14 in (5, 10]: 5 + 5 × 4/8', new Map(), new Map([[5, 10], [10, 18], [Infinity, 20]]), 0.7, 7.5],
  ['only the difference counts: 10 new, all in (5, 10]', new Map([[5, 10], [10, 10], [Infinity, 10]]), new Map([[5, 10], [10, 20], [Infinity, 20]]), 0.5, 7.5],
  ['nothing new: no figure', new Map([[5, 3], [Infinity, 3]]), new Map([[5, 3], [Infinity, 3]]), 0.95, null],
] as const)('quantile: %s', (_why, earlier, later, q, expected) => {
  const value = quantileBetween(earlier, later, q);
  if (expected === null) expect(value).toBeNull();
  else expect(value).toBeCloseTo(expected, 6);
});

test('lag buckets add the kinds together', () => {
  expect(lagBuckets(parseMetrics(METRICS))).toEqual(new Map([[5, 10], [10, 18], [Infinity, 20]]));
});

test.each([
  [{ sources: { live: 6, failing: 0 }, entries: 312, lagP95Seconds: 4.84 }, 'sources 6 live, 0 failing · entries 312 · lag p95 4.8 s'],
  [{ sources: { live: 200, failing: 3 }, entries: 504_000, lagP95Seconds: 151.2 }, 'sources 200 live, [3 failing] · entries 504,000 · lag p95 151 s'],
  [{ sources: null, entries: null, lagP95Seconds: null }, 'sources – · entries – · lag p95 –'],
])('status line %#', (status, line) => {
  expect(formatStatus(status, { failing: (t) => `[${t}]` })).toBe(line);
});
