import type { SourceDoc, SourceStatus } from '@liveblog/storage';
import { healthOf, listSources, outletOf, SourceListQuery } from './source-list';

const now = new Date('2026-12-01T12:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);

function source(id: string, over: Partial<Omit<SourceDoc, 'status'>> = {}, status: Partial<SourceStatus> = {}): SourceDoc {
  return {
    _id: id,
    url: `https://www.${id}.example/live`,
    name: id,
    kind: 'liveblog',
    intervalSeconds: 60,
    linkPattern: null,
    liveblogIntervalSeconds: 120,
    discoveredFrom: null,
    extract: null,
    render: false,
    paused: false,
    createdAt: ago(86_400),
    updatedAt: ago(86_400),
    ...over,
    status: {
      lastFetchedAt: ago(30), lastHttpStatus: 200, lastBytes: 1000, lastChanged: true, lastContentHash: null, lastSnapshotId: null, etag: null, lastModified: null,
      consecutiveFailures: 0, lastError: null, lastErrorAt: null, lastChangedAt: null, intervalSeconds: null, rhythmSeconds: null, floorSeconds: null, nextDueAt: null, ended: false, lastEntryCount: null, hint: null,
      ...status,
    },
  };
}

test.each<[string, SourceDoc, string]>([
  ['fetched within its interval', source('a'), 'ok'],
  ['fetched 119 s ago at 60 s: within twice', source('a', {}, { lastFetchedAt: ago(119) }), 'ok'],
  ['fetched 121 s ago at 60 s', source('a', {}, { lastFetchedAt: ago(121) }), 'stale'],
  ['the adaptive interval counts, not the declared one', source('a', {}, { lastFetchedAt: ago(500), intervalSeconds: 300 }), 'ok'],
  ['never fetched, created just now', source('a', { createdAt: ago(10) }, { lastFetchedAt: null }), 'pending'],
  ['never fetched, created long ago', source('a', {}, { lastFetchedAt: null }), 'stale'],
  ['a failure beats staleness', source('a', {}, { lastFetchedAt: ago(9999), consecutiveFailures: 2 }), 'failing'],
  ['ended beats failing', source('a', {}, { ended: true, consecutiveFailures: 2 }), 'ended'],
  ['paused beats everything', source('a', { paused: true }, { ended: true }), 'paused'],
])('%s', (_name, doc, health) => {
  expect(healthOf(doc, now)).toBe(health);
});

test('outlet: host without www; none for files', () => {
  expect(outletOf('https://www.news.example/x')).toBe('news.example');
  expect(outletOf('file:///tmp/x.txt')).toBeNull();
});

const sources = [
  source('okay'),
  source('ended', {}, { ended: true }),
  source('stale-a-little', {}, { lastFetchedAt: ago(130) }),
  source('fail-once', {}, { consecutiveFailures: 1 }),
  source('stale-a-lot', { kind: 'index' }, { lastFetchedAt: ago(5000) }),
  source('fail-often', {}, { consecutiveFailures: 7 }),
  source('paused', { paused: true }),
  source('afile', { url: 'file:///tmp/x.txt', kind: 'file' }),
];
const list = (q: Record<string, string>) => listSources(sources, SourceListQuery.parse(q), now);

test('problems first: failing (most failures first), stale (most overdue first), ended; then by name', () => {
  expect(list({}).items.map((s) => s.source._id)).toEqual(['fail-often', 'fail-once', 'stale-a-lot', 'stale-a-little', 'ended', 'afile', 'okay', 'paused']);
});

test('filters by health, kind and outlet; facets count every source', () => {
  expect(list({ health: 'stale' }).items.map((s) => s.source._id)).toEqual(['stale-a-lot', 'stale-a-little']);
  expect(list({ kind: 'index' }).items.map((s) => s.source._id)).toEqual(['stale-a-lot']);
  expect(list({ outlet: 'okay.example' }).items.map((s) => s.source._id)).toEqual(['okay']);
  expect(list({ outlet: '(file)' }).items.map((s) => s.source._id)).toEqual(['afile']);
  expect(list({ health: 'stale' }).facets.health).toEqual({ ok: 2, ended: 1, stale: 2, failing: 2, paused: 1 });
  expect(list({}).facets.kind).toEqual({ liveblog: 6, index: 1, file: 1 });
});

test('sorts by name, outlet and oldest fetch; pages hold pageSize, total counts the filtered set', () => {
  expect(list({ sort: 'name' }).items.map((s) => s.source._id).slice(0, 3)).toEqual(['afile', 'ended', 'fail-often']);
  expect(list({ sort: 'outlet' }).items.at(-1)!.source._id).toBe('afile');
  expect(list({ sort: 'lastFetch' }).items[0]!.source._id).toBe('stale-a-lot');
  const second = list({ pageSize: '3', page: '2' });
  expect([second.items.map((s) => s.source._id), second.total]).toEqual([['stale-a-little', 'ended', 'afile'], 8]);
  expect(list({ pageSize: '3', page: '9' }).items).toEqual([]);
});
