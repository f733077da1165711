import { testEnv } from '../../../tests/harness/env';
import type { LiveblogFilters } from './liveblogs';
import { outletOf } from './liveblogs';
import { Store } from './store';
import { extraction } from './testdata/extractions';

let store: Store;
const t0 = new Date('2024-11-15T10:00:00Z');

beforeAll(async () => {
  store = await Store.open(testEnv().mongodbUrl, testEnv().mongodbDb);
  const sources = await store.sources.upsertSpecs(
    ['https://www.tagesschau.de/live/1', 'https://www.spiegel.de/live/2', 'https://spiegel.de/live/3'].map((url) => ({ url, intervalSeconds: 60, liveblogIntervalSeconds: 60, kind: 'liveblog' as const, render: false })),
  );
  // The second one has ended: quiet for too long.
  await store.sources.recordFetch(sources[1]!._id, { kind: 'unchanged', httpStatus: 304, bytes: 0 }, t0, { intervalSeconds: 60, rhythmSeconds: null, floorSeconds: null, nextDueAt: t0, ended: true });
  for (const [i, source] of sources.entries()) {
    await store.liveblogs.index({ ...extraction(`lb_list_${i}`, new Date(t0.getTime() + i * 3_600_000), []), url: source.url, sourceId: source._id });
  }
});
afterAll(() => store.close());

test.each([
  ['www. and path left out', 'https://www.tagesschau.de/live/1', 'tagesschau.de'],
  ['case folded', 'https://WWW.Spiegel.DE/x', 'spiegel.de'],
  ['other subdomains kept', 'https://live.zeit.de/x', 'live.zeit.de'],
  ['a file has no outlet', 'file:///srv/seeds/001.txt', null],
])('outletOf: %s', (_name, url, outlet) => {
  expect(outletOf(url)).toBe(outlet);
});

test.each<[string, LiveblogFilters, string[]]>([
  ['all, newest first', {}, ['lb_list_2', 'lb_list_1', 'lb_list_0']],
  ['by outlet', { outlet: 'spiegel.de' }, ['lb_list_2', 'lb_list_1']],
  ['still followed', { active: true }, ['lb_list_2', 'lb_list_0']],
  ['no longer followed', { active: false }, ['lb_list_1']],
  ['changed since (inclusive)', { since: new Date(t0.getTime() + 3_600_000) }, ['lb_list_2', 'lb_list_1']],
  ['filters combine', { outlet: 'spiegel.de', active: true }, ['lb_list_2']],
])('list: %s', async (_name, filters, expected) => {
  const ids = (await store.liveblogs.list(filters, null, 10)).items.map((l) => l._id).filter((id) => id.startsWith('lb_list_'));
  expect(ids).toEqual(expected);
});
