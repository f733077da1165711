import { comesAfter, decodeCursor, encodeCursor, newerFirst } from './cursor';
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

const cursor = { sortKey: new Date(1_000), id: 'en_m' };
test.each([
  ['no cursor: everything', null, 5_000, 'en_z', true],
  ['older', cursor, 999, 'en_z', true],
  ['newer', cursor, 1_001, 'en_a', false],
  ['same time, smaller id', cursor, 1_000, 'en_a', true],
  ['same time, same id: the cursor item itself', cursor, 1_000, 'en_m', false],
  ['same time, larger id', cursor, 1_000, 'en_z', false],
  ['an empty cursor id: nothing at its time', { sortKey: new Date(1_000), id: '' }, 1_000, 'en_a', false],
])('comesAfter: %s', (_name, c, sortKey, id, expected) => {
  expect(comesAfter(c, sortKey, id)).toBe(expected);
});

test.each([
  ['the later first', [2, 'en_a'], [1, 'en_b'], -1],
  ['the earlier last', [1, 'en_b'], [2, 'en_a'], 1],
  ['same time: the larger id first', [1, 'en_b'], [1, 'en_a'], -1],
  ['same time, smaller id: after', [1, 'en_a'], [1, 'en_b'], 1],
  ['the same item', [1, 'en_a'], [1, 'en_a'], 0],
] as const)('newerFirst: %s', (_name, [aAt, aId], [bAt, bId], sign) => {
  expect(Math.sign(newerFirst(aAt, aId, bAt, bId))).toBe(sign);
});
