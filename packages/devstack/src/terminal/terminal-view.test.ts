import { TerminalView } from './terminal-view';

/** A terminal that records what is written to it. */
const terminal = (columns: number) => {
  const writes: string[] = [];
  return { stream: { columns, write: (chunk: string) => writes.push(chunk) } as unknown as NodeJS.WriteStream, writes };
};

test('the status line is cleared before a line is written and drawn again after it', () => {
  const out = terminal(80);
  const err = terminal(80);
  const view = new TerminalView(out.stream, err.stream);
  view.print('starting api…');
  view.setStatus('sources 1 live, 0 failing · entries 3 · lag p95 –');
  view.print('[fetcher] WARN: slow', 'stderr');
  view.setStatus('sources 1 live, 0 failing · entries 4 · lag p95 2.0 s');
  view.close();
  view.setStatus('a poll that was under way when it closed');
  view.print('stopping services…');
  expect(out.writes.slice(-1)).toEqual(['stopping services…\n']);
  out.writes.pop();
  expect(out.writes).toEqual([
    'starting api…\n',
    'sources 1 live, 0 failing · entries 3 · lag p95 –',
    '\r\x1b[2K',
    'sources 1 live, 0 failing · entries 3 · lag p95 –',
    '\r\x1b[2K',
    'sources 1 live, 0 failing · entries 4 · lag p95 2.0 s',
    '\r\x1b[2K',
  ]);
  expect(err.writes).toEqual(['[fetcher] WARN: slow\n']);
});

test('a status line wider than the terminal is cut, so that clearing it leaves nothing behind', () => {
  const out = terminal(20);
  const view = new TerminalView(out.stream, out.stream);
  view.setStatus('sources 6 live, \x1b[31m1 failing\x1b[39m · entries 312');
  expect(out.writes).toEqual(['sources 6 live, 1 …']);
});
