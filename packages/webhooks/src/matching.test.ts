import type { EntryEvent } from '@liveblog/contracts';
import type { EntryFacts } from '@liveblog/storage';
import { wants, type Subscription } from './matching';

const created = new Date('2026-11-30T09:00:00Z');
const eventId = `${created.getTime() + 60_000}-0`;
const event = (type: EntryEvent['type']): EntryEvent => ({
  type,
  entryId: 'en_3f2a9c1d7b4e6a01',
  liveblogId: 'lb_8c1e2d3f4a5b6c7d',
  key: 'post-1842',
  contentHash: '9b2e4f1c0d3a5b6e',
  snapshotId: 'sn_7e6d5c4b3a291807',
  indexedAt: '2026-11-30T09:01:00.000Z',
});
const facts: EntryFacts = {
  liveblogId: 'lb_8c1e2d3f4a5b6c7d',
  sourceId: 'src_5d4c3b2a19080706',
  agencies: ['dpa'],
  terms: ['pegel', 'husum'],
  sortKey: new Date('2026-11-30T08:59:00Z'),
  deletedAt: null,
  clusterId: 'en_3f2a9c1d7b4e6a01',
};
const sub = (s: Partial<Subscription>): Subscription => ({ _id: 'wh_0123456789abcdef', filters: {}, events: ['created', 'updated', 'deleted'], createdAt: created, ...s });

describe('wants', () => {
  test.each<[string, Subscription, EntryEvent['type'], EntryFacts | null, string, boolean]>([
    ['no filters: every event', sub({}), 'entry.created', facts, eventId, true],
    ['kind not subscribed', sub({ events: ['deleted'] }), 'entry.updated', facts, eventId, false],
    ['a restored entry counts as created', sub({ events: ['created'] }), 'entry.restored', facts, eventId, true],
    ['a deletion reaches a deletions subscriber although the entry is deleted', sub({ events: ['deleted'] }), 'entry.deleted', { ...facts, deletedAt: new Date() }, eventId, true],
    ['an event older than the subscription', sub({}), 'entry.created', facts, `${created.getTime() - 1}-0`, false],
    ['liveblog matches', sub({ filters: { liveblogId: 'lb_8c1e2d3f4a5b6c7d' } }), 'entry.created', facts, eventId, true],
    ['another liveblog', sub({ filters: { liveblogId: 'lb_0000000000000000' } }), 'entry.created', facts, eventId, false],
    ['agency matches', sub({ filters: { agency: 'dpa' } }), 'entry.updated', facts, eventId, true],
    ['another agency', sub({ filters: { agency: 'afp' } }), 'entry.updated', facts, eventId, false],
    ['source mismatch', sub({ filters: { sourceId: 'src_0000000000000000' } }), 'entry.created', facts, eventId, false],
    ['cluster matches', sub({ filters: { clusterId: 'en_3f2a9c1d7b4e6a01' } }), 'entry.created', facts, eventId, true],
    ['every query word occurs (stemmed)', sub({ filters: { query: 'Pegel Husum' } }), 'entry.created', facts, eventId, true],
    ['a query word missing', sub({ filters: { query: 'Pegel Sylt' } }), 'entry.created', facts, eventId, false],
    ['entry gone from the store: only the liveblog is checked', sub({ filters: { agency: 'afp' } }), 'entry.deleted', null, eventId, true],
    ['entry gone, other liveblog', sub({ filters: { liveblogId: 'lb_0000000000000000' } }), 'entry.deleted', null, eventId, false],
  ])('%s', (_what, s, type, entry, id, expected) => {
    expect(wants(s, id, event(type), entry)).toBe(expected);
  });
});
