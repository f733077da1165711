import { createLogger } from '@liveblog/runtime';
import type { EntryDoc } from '@liveblog/storage';
import { Registry } from 'prom-client';
import type { StreamedEvent } from '../event-hub';
import { IngestTracker } from './ingest-tracker';

const event = (type: StreamedEvent['event']['type'], entryId: string, indexedAt: string): StreamedEvent => ({
  id: '1-0',
  event: { type, entryId, liveblogId: 'lb_0000000000000001', key: 'k', contentHash: 'h', snapshotId: 's', indexedAt },
});

test('counts events by type and measures fetch-to-queryable seconds of new entries, per minute', async () => {
  const registry = new Registry();
  const firstSeen = new Map([['en_a', new Date('2025-01-01T10:00:00Z')]]);
  const tracker = new IngestTracker(registry, { get: async (id) => (firstSeen.has(id) ? ({ firstSeenAt: firstSeen.get(id) } as EntryDoc) : null) }, createLogger('test', 'silent'));

  tracker.observe(event('entry.created', 'en_a', '2025-01-01T10:00:12Z'));
  tracker.observe(event('entry.updated', 'en_a', '2025-01-01T10:00:40Z'));
  tracker.observe(event('entry.created', 'en_gone', '2025-01-01T10:01:05Z'));
  await new Promise((r) => setImmediate(r));

  const series = tracker.series(Date.parse('2025-01-01T10:02:00Z'));
  expect(series.map((m) => [new Date(m.at).toISOString(), m.events['entry.created'], m.events['entry.updated'], m.freshness])).toEqual([
    ['2025-01-01T10:00:00.000Z', 1, 1, { count: 1, sum: 12, max: 12 }],
    ['2025-01-01T10:01:00.000Z', 1, 0, { count: 0, sum: 0, max: 0 }],
  ]);
  const text = await registry.metrics();
  expect(text).toContain('liveblog_entry_events_total{type="entry.created"} 2');
  expect(text).toContain('liveblog_entry_freshness_seconds_count 1');
  expect(text).toContain('liveblog_entry_freshness_seconds_sum 12');
  expect(tracker.series(Date.parse('2025-01-01T17:00:00Z'))).toEqual([]);
});
