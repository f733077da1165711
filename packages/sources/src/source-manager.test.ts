import type { ParsedSourceSpec } from '@liveblog/contracts';
import type { SourceDoc, SourceStore } from '@liveblog/storage';
import { UnknownSourceError } from './errors';
import type { SourceScheduler } from './scheduler';
import { SourceManager } from './source-manager';

const doc = (id: string, over: { paused?: boolean; ended?: boolean; current?: number | null } = {}): SourceDoc =>
  ({
    _id: id,
    url: `https://news.example/${id}`,
    intervalSeconds: 60,
    paused: over.paused ?? false,
    status: { ended: over.ended ?? false, intervalSeconds: over.current ?? null },
  }) as SourceDoc;

/** Records store and scheduler calls in one log, so the order between them is visible. */
function fixture(docs: SourceDoc[]) {
  const log: string[] = [];
  const byId = new Map(docs.map((d) => [d._id, d]));
  const store = {
    upsertSpecs: async () => docs,
    list: async () => docs,
    create: async () => ({ source: docs[0]!, created: true }),
    updateControls: async (id: string) => byId.get(id) ?? null,
    get: async (id: string) => byId.get(id) ?? null,
    remove: async (id: string) => void log.push(`delete ${id}`),
  } as unknown as SourceStore;
  const scheduler = {
    ensure: async (d: SourceDoc) => void log.push(`ensure ${d._id}`),
    reschedule: async (d: SourceDoc) => void log.push(`reschedule ${d._id}`),
    stop: async (d: SourceDoc) => void log.push(`stop ${d._id}`),
  } as unknown as SourceScheduler;
  const lock = { with: <T>(_id: string, _waitMs: number, work: () => Promise<T>) => work() };
  return { log, manager: new SourceManager(store, scheduler, lock) };
}

test('declaring the sources file re-arms every source in the store', async () => {
  const { log, manager } = fixture([doc('a'), doc('b', { current: 90 }), doc('c', { paused: true })]);
  await manager.declare([] as ParsedSourceSpec[]);
  expect(log).toEqual(['ensure a', 'ensure b', 'ensure c']);
});

test('a new interval moves the planned poll; pausing or resuming only re-arms', async () => {
  const { log, manager } = fixture([doc('a')]);
  await manager.update('a', { intervalSeconds: 90 });
  await manager.update('a', { paused: true });
  expect(log).toEqual(['reschedule a', 'ensure a']);
});

test('an update of an unknown source is an UnknownSourceError and schedules nothing', async () => {
  const { log, manager } = fixture([]);
  await expect(manager.update('src_x', { paused: true })).rejects.toBeInstanceOf(UnknownSourceError);
  await expect(manager.remove('src_x')).rejects.toBeInstanceOf(UnknownSourceError);
  expect(log).toEqual([]);
});

test('remove stops the scheduler before the document goes', async () => {
  const { log, manager } = fixture([doc('a')]);
  await manager.remove('a');
  expect(log).toEqual(['stop a', 'delete a']);
});
