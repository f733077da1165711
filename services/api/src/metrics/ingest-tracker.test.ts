import { createLogger } from '@liveblog/runtime';
import type { EntryDoc } from '@liveblog/storage';
import { Registry } from 'prom-client';
import type { StreamedEvent } from '../event-hub';
import { entryLagSeconds, IngestTracker } from './ingest-tracker';

const event = (type: StreamedEvent['event']['type'], entryId: string, indexedAt: string): StreamedEvent => ({
  id: '1-0',
  event: { type, entryId, liveblogId: 'lb_0000000000000001', key: 'k', contentHash: 'h', snapshotId: 's', indexedAt },
});

test('counts events by type, measures the stage time of new entries and the lag of each change, per minute', async () => {
  const registry = new Registry();
  const seen = new Date('2025-01-01T10:00:00Z');
  const stored = new Map([['en_a', { firstSeenAt: seen, seenAt: new Date('2025-01-01T10:00:30Z'), publishedAt: new Date('2025-01-01T09:59:50Z'), modifiedAt: null, deletedAt: null } as unknown as EntryDoc]]);
  const tracker = new IngestTracker(registry, { get: async (id) => stored.get(id) ?? null }, createLogger('test', 'silent'));

  tracker.observe(event('entry.created', 'en_a', '2025-01-01T10:00:12Z'));
  tracker.observe(event('entry.updated', 'en_a', '2025-01-01T10:00:40Z'));
  tracker.observe(event('entry.created', 'en_gone', '2025-01-01T10:01:05Z'));
  await new Promise((r) => setImmediate(r));

  const series = tracker.series(Date.parse('2025-01-01T10:02:00Z'));
  expect(series.map((m) => [new Date(m.at).toISOString(), m.events['entry.created'], m.events['entry.updated'], m.freshness, m.lag])).toEqual([
    ['2025-01-01T10:00:00.000Z', 1, 1, { count: 1, sum: 12, max: 12 }, { count: 2, sum: 32, max: 22 }],
    ['2025-01-01T10:01:00.000Z', 1, 0, { count: 0, sum: 0, max: 0 }, { count: 0, sum: 0, max: 0 }],
  ]);
  const text = await registry.metrics();
  expect(text).toContain('liveblog_entry_events_total{type="entry.created"} 2');
  expect(text).toContain('liveblog_entry_stage_seconds_count 1');
  expect(text).toContain('liveblog_entry_stage_seconds_sum 12');
  expect(text).toContain('liveblog_entry_lag_seconds_sum{kind="create"} 22');
  expect(text).toContain('liveblog_entry_lag_seconds_sum{kind="edit"} 10');
  expect(tracker.series(Date.parse('2025-01-01T17:00:00Z'))).toEqual([]);
});

describe('entryLagSeconds', () => {
  const at = (s: string) => new Date(`2025-01-01T${s}Z`);
  const entry: Parameters<typeof entryLagSeconds>[1] = { publishedAt: null, modifiedAt: null, firstSeenAt: at('10:00:00'), seenAt: at('10:05:00'), deletedAt: null };
  const indexedAt = at('10:10:00').getTime();
  test.each<[string, Parameters<typeof entryLagSeconds>[0], Partial<typeof entry> & Record<string, Date | null>, number | null]>([
    ['a create from its publication time', 'entry.created', { publishedAt: at('09:58:00') }, 720],
    ['a create without one from its first sight', 'entry.created', {}, 600],
    ['an edit from its modification time', 'entry.updated', { modifiedAt: at('10:04:00') }, 360],
    ['an edit without one from the fetch that saw it', 'entry.updated', {}, 300],
    ['a deletion from the fetch that first missed it', 'entry.deleted', { deletedAt: at('10:09:00') }, 60],
    ['a time in the future counts as none', 'entry.created', { publishedAt: at('11:00:00') }, 0],
    ['a restore is not measured', 'entry.restored', {}, null],
  ])('%s', (_name, type, over, seconds) => {
    expect(entryLagSeconds(type, { ...entry, ...over }, indexedAt)).toBe(seconds);
  });
});
