import type { ParseJob } from '@liveblog/contracts';
import type { SourceDoc, SourceStore } from '@liveblog/storage';
import { SourceConflictError, UnknownSourceError } from './errors';
import { requestReparse } from './reparse';

const source = (over: Partial<SourceDoc> = {}, snapshot: string | null = 'sn_1'): SourceDoc =>
  ({ _id: 'src_a', kind: 'liveblog', extract: { entry: '.tick' }, status: { lastSnapshotId: snapshot }, ...over }) as SourceDoc;

function fixture(doc: SourceDoc | null) {
  const jobs: Array<[ParseJob, string]> = [];
  const store = { get: async () => doc } as unknown as SourceStore;
  return { jobs, reparse: (version: string) => requestReparse(store, { enqueue: async (_n, job, id) => void jobs.push([job, id]) }, 'src_a', version) };
}

test('the same snapshot, extractor and rules name the same parse job; new rules or code a new one', async () => {
  const { jobs, reparse } = fixture(source());
  const first = await reparse('code-1');
  expect(await reparse('code-1')).toEqual(first);
  expect((await reparse('code-2')).jobId).not.toBe(first.jobId);
  const other = await fixture(source({ extract: { entry: '.update' } })).reparse('code-1');
  expect(other.jobId).not.toBe(first.jobId);
  expect(jobs[0]![0]).toEqual({ snapshotId: 'sn_1', sourceId: 'src_a', reparse: expect.stringMatching(/^[0-9a-f]{16}$/) });
  expect(first.jobId).toBe(`parse.sn_1.${jobs[0]![0].reparse}`);
});

test.each([
  ['an unknown source', null, UnknownSourceError],
  ['a source never fetched', source({}, null), SourceConflictError],
  ['an index source', source({ kind: 'index' }), SourceConflictError],
])('%s is refused and nothing is queued', async (_name, doc, error) => {
  const { jobs, reparse } = fixture(doc);
  await expect(reparse('code-1')).rejects.toBeInstanceOf(error);
  expect(jobs).toEqual([]);
});
