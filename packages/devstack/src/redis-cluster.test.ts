import { parseClusterNodes } from './redis-cluster';

test('CLUSTER NODES: role, failure, master and slot ranges of each node', () => {
  const text = [
    'a1 127.0.0.1:30001@40001 myself,master - 0 0 1 connected 0-5460',
    'b2 127.0.0.1:30002@40002 master - 0 1700000000000 2 connected 5461-10922 [5461->-a1]',
    'c3 127.0.0.1:30003@40003 master,fail - 1700000000000 1700000000000 3 disconnected',
    'd4 127.0.0.1:30004@40004 slave b2 0 1700000000000 2 connected',
    'e5 127.0.0.1:30005@40005 master - 0 1700000000000 7 connected 10923-16383 42',
    '',
  ].join('\n');
  expect(parseClusterNodes(text)).toEqual([
    { id: 'a1', port: 30001, role: 'master', failed: false, masterId: null, slots: [[0, 5460]] },
    { id: 'b2', port: 30002, role: 'master', failed: false, masterId: null, slots: [[5461, 10922]] },
    { id: 'c3', port: 30003, role: 'master', failed: true, masterId: null, slots: [] },
    { id: 'd4', port: 30004, role: 'replica', failed: false, masterId: 'b2', slots: [] },
    { id: 'e5', port: 30005, role: 'master', failed: false, masterId: null, slots: [[10923, 16383], [42, 42]] },
  ]);
});
