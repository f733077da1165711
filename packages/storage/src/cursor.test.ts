import { decodeCursor, encodeCursor } from './cursor';
import { InvalidCursorError } from './errors';

test('round-trips', () => {
  const c = { sortKey: new Date('2024-11-01T10:00:00.123Z'), id: 'en_0123456789abcdef' };
  expect(decodeCursor(encodeCursor(c))).toEqual(c);
});

test.each([
  ['not base64 json', 'not-a-cursor'],
  ['wrong shape', Buffer.from('{"a":1}').toString('base64url')],
  ['non-integer time', Buffer.from('[1.5,"x"]').toString('base64url')],
  ['operator injection', Buffer.from('[1,{"$gt":""}]').toString('base64url')],
  ['oversized id', Buffer.from(JSON.stringify([1, 'x'.repeat(101)])).toString('base64url')],
])('rejects %s', (_name, token) => {
  expect(() => decodeCursor(token)).toThrow(InvalidCursorError);
});
