import { SseParser, type SseMessage } from './sse-parser';

const bytes = (s: string) => new TextEncoder().encode(s);

test.each<[string, string[], SseMessage[]]>([
  ['one event', ['id: 1-0\nevent: entry.created\ndata: {"a":1}\n\n'], [{ id: '1-0', event: 'entry.created', data: '{"a":1}' }]],
  ['comments and heartbeats dispatch nothing', [': connected\n\n: heartbeat\n\n'], []],
  ['no event field is a message', ['data: x\n\n'], [{ id: null, event: 'message', data: 'x' }]],
  ['data lines join with LF', ['data: a\ndata: b\n\n'], [{ id: null, event: 'message', data: 'a\nb' }]],
  ['only one leading space is dropped', ['data:  two\ndata:none\n\n'], [{ id: null, event: 'message', data: ' two\nnone' }]],
  ['CRLF and CR line ends', ['event: gap\r\ndata: x\r\n\r\nevent: e\rdata: y\r\r'], [{ id: null, event: 'gap', data: 'x' }, { id: null, event: 'e', data: 'y' }]],
  ['a CRLF split across chunks is one line end', ['data: x\r', '\n\r', '\n'], [{ id: null, event: 'message', data: 'x' }]],
  ['a chunk split mid-field', ['id: 12', '-3\nda', 'ta: ü', 'ber\n', '\n'], [{ id: '12-3', event: 'message', data: 'über' }]],
  ['an id never leaks into the next event', ['id: 1-0\ndata: a\n\ndata: b\n\n'], [{ id: '1-0', event: 'message', data: 'a' }, { id: null, event: 'message', data: 'b' }]],
  ['unknown fields are ignored; an event without data is not dispatched', ['retry: 10\nfoo: bar\nevent: x\n\n'], []],
])('%s', (_name, chunks, expected) => {
  const parser = new SseParser();
  expect(chunks.flatMap((c) => parser.push(bytes(c)))).toEqual(expected);
});

test('a multi-byte character split between chunks decodes once', () => {
  const parser = new SseParser();
  const all = bytes('data: ß\n\n');
  expect([...parser.push(all.slice(0, 7)), ...parser.push(all.slice(7))]).toEqual([{ id: null, event: 'message', data: 'ß' }]);
});
