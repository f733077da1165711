import { assignCluster, type ClusteredCandidate } from './cluster';

const candidate = (id: string, clusterId: string, clusterFirstSeenAt: number, outlet = 'o'): ClusteredCandidate => ({
  id,
  outlet,
  clusterId,
  clusterFirstSeenAt,
});

describe('assignCluster', () => {
  test('starts a cluster named after the entry when nothing is near', () => {
    expect(assignCluster({ id: 'e1', outlet: 'a' }, [])).toEqual({ kind: 'started', clusterId: 'e1' });
  });
  test('joins the earliest cluster whatever the candidate order', () => {
    const candidates = [candidate('x', 'late', 200, 'b'), candidate('y', 'early', 100, 'c'), candidate('z', 'early', 100, 'a')];
    const expected = { kind: 'joined', clusterId: 'early', outlets: ['a', 'c'] };
    expect(assignCluster({ id: 'e', outlet: 'd' }, candidates)).toEqual(expected);
    expect(assignCluster({ id: 'e', outlet: 'd' }, [...candidates].reverse())).toEqual(expected);
  });
  test('breaks a tie in time by cluster id', () => {
    const candidates = [candidate('x', 'b-cluster', 100), candidate('y', 'a-cluster', 100)];
    expect(assignCluster({ id: 'e', outlet: 'o' }, candidates)).toMatchObject({ clusterId: 'a-cluster' });
  });
  test("ignores the entry's own earlier version, so a replay does not join itself", () => {
    expect(assignCluster({ id: 'e', outlet: 'o' }, [candidate('e', 'e', 50)])).toEqual({ kind: 'started', clusterId: 'e' });
  });
});
